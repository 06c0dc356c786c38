import type { FeatureModule } from '../feature-module';
import type { ModuleDeps } from '../module-deps';
import { PreferencesRepo } from './preferences.repo';
import { registerPreferenceRoutes, PreferenceSchema } from './preferences.routes';
import { PreferencesService } from './preferences.service';

/** Per-user console preferences (saved live-wall layouts, the last live wall, …): GET/PUT/DELETE /api/me/preferences/{key}. */
export function createPreferencesModule(deps: ModuleDeps): FeatureModule {
  const service = new PreferencesService(new PreferencesRepo(deps.db), deps.clock);
  return {
    name: 'preferences',
    schemas: [PreferenceSchema],
    registerRoutes: (app) => registerPreferenceRoutes(app, service),
  };
}
