import type { Builder } from './operations';

/** How to exercise each operation of the webhook and MQTT subscriptions (issue 7) slice; see operations.ts for the helpers. */
export const SUBSCRIPTION_BUILDERS: Record<string, Builder> = {};
