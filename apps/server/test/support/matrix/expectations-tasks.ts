import type { ExpectationRow } from './expectations';

/** Expected outcomes of the task center and rules (issue 6) slice, written from packages/domain/src/roles.ts (see expectations.ts). */
export const TASK_EXPECTATIONS: Record<string, ExpectationRow> = {};
