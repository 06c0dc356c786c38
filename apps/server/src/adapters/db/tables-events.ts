/** Row types of the events slice (see tables.ts for the conventions). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the events slice
export interface EventTables {}
