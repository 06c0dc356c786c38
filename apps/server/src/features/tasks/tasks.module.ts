import type { FeatureModule } from '../feature-module';
import type { ModuleDeps } from '../module-deps';
import type { EventSink } from '../events/event-port';
import type { CameraStreams } from '../live/camera-streams-port';

export interface TasksDeps {
  events: EventSink;
  streams: CameraStreams;
}

/** Analysis tasks: jobs, templates, rules, compute scheduling and offline runs. (Placeholder until built.) */
export function createTasksModule(_deps: ModuleDeps, _ports: TasksDeps): FeatureModule {
  return { name: 'tasks', registerRoutes: () => undefined };
}
