import type { TSchema } from 'typebox';
import type { Registry } from 'prom-client';
import type { ArgusApp } from '../http/types';

/**
 * A feature slice that the container builds and the HTTP server mounts: its shared schemas, routes and metrics, and
 * its background work. Slices added after the recording work (live, events, subscriptions, tasks) use this shape so
 * that container.ts and http/server.ts only list them.
 */
export interface FeatureModule {
  readonly name: string;
  /** Schemas with an $id, added to the OpenAPI document before any route. */
  readonly schemas?: readonly TSchema[];
  registerRoutes(app: ArgusApp): void | Promise<void>;
  registerMetrics?(registry: Registry): void;
  /** Background work (boot calls it after listen; the SDK generator never does). Idempotent. */
  start?(): Promise<void>;
  /** Stops background work; idempotent. Modules close in the reverse order of creation. */
  close?(): Promise<void>;
}
