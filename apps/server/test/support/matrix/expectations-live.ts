import type { ExpectationRow } from './expectations';

/** Expected outcomes of the live view (issue 4) slice, written from packages/domain/src/roles.ts (see expectations.ts). */
export const LIVE_EXPECTATIONS: Record<string, ExpectationRow> = {};
