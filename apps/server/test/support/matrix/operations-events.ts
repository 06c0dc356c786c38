import type { Builder } from './operations';

/** How to exercise each operation of the event center (issue 7) slice; see operations.ts for the helpers. */
export const EVENT_BUILDERS: Record<string, Builder> = {};
