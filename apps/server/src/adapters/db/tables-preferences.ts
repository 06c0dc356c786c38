/** Row types of the preferences slice (see tables.ts for the conventions). */

/** One per-user console preference: a JSON value under a short key (saved live-wall layouts, the last wall, …). */
export interface UserPreferencesTable {
  user_id: string;
  key: string;
  /** JSON text. */
  value: string;
  /** ISO-8601 UTC. */
  updated_at: string;
}

export interface PreferenceTables {
  user_preferences: UserPreferencesTable;
}
