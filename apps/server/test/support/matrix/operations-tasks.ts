import type { Builder } from './operations';

/** How to exercise each operation of the task center and rules (issue 6) slice; see operations.ts for the helpers. */
export const TASK_BUILDERS: Record<string, Builder> = {};
