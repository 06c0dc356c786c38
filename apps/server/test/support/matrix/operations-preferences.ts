import type { Builder } from './operations';

/** How to exercise each operation of the per-user preferences slice; see operations.ts for the helpers. */
export const PREFERENCE_BUILDERS: Record<string, Builder> = {};
