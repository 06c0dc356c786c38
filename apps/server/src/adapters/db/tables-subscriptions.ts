/** Row types of the subscriptions slice (see tables.ts for the conventions). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the subscriptions slice
export interface SubscriptionTables {}
