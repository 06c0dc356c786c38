import type { ExpectationRow } from './expectations';

/** Expected outcomes of the event center (issue 7) slice, written from packages/domain/src/roles.ts (see expectations.ts). */
export const EVENT_EXPECTATIONS: Record<string, ExpectationRow> = {};
