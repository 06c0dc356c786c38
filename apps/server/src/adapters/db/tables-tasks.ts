/** Row types of the tasks slice (see tables.ts for the conventions). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the tasks slice
export interface TaskTables {}
