import type { ExpectationRow } from './expectations';

/** Expected outcomes of the webhook and MQTT subscriptions (issue 7) slice, written from packages/domain/src/roles.ts (see expectations.ts). */
export const SUBSCRIPTION_EXPECTATIONS: Record<string, ExpectationRow> = {};
