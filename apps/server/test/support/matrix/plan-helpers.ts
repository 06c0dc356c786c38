import type { ApiResponse } from '../harness';
import type { BuildContext, Builder, Plan, Side } from './operations';
import type { Domain, Org } from './org';

/** Small builders shared by operations.ts and the per-slice operations-*.ts files (kept apart to avoid an import cycle). */
export const sideDomain = (org: Org, side: Side): Domain => (side === 'out' ? org.regionB : org.storeA1);
export const none = (build: (ctx: BuildContext) => Plan | Promise<Plan>): Builder => ({ targeted: false, build: async (ctx) => build(ctx) });
export const targeted = (build: (ctx: BuildContext) => Promise<Plan>): Builder => ({ targeted: true, build });
export const nonEmpty = (res: ApiResponse<any>): string | null => {
  const items = Array.isArray(res.body) ? res.body : res.body?.items;
  return Array.isArray(items) && items.length > 0 ? null : 'the list is empty although the target is visible';
};
