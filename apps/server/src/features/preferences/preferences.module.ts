import type { FeatureModule } from '../feature-module';
import type { ModuleDeps } from '../module-deps';

/** Per-user console preferences (saved live-wall layouts, …). (Placeholder until built.) */
export function createPreferencesModule(_deps: ModuleDeps): FeatureModule {
  return { name: 'preferences', registerRoutes: () => undefined };
}
