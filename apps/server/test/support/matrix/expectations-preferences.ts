import type { ExpectationRow } from './expectations';

/** Expected outcomes of the per-user preferences slice, written from packages/domain/src/roles.ts (see expectations.ts). */
export const PREFERENCE_EXPECTATIONS: Record<string, ExpectationRow> = {};
