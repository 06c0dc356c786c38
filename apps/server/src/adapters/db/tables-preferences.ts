/** Row types of the preferences slice (see tables.ts for the conventions). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the preferences slice
export interface PreferenceTables {}
