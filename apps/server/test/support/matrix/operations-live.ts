import type { Builder } from './operations';

/** How to exercise each operation of the live view (issue 4) slice; see operations.ts for the helpers. */
export const LIVE_BUILDERS: Record<string, Builder> = {};
