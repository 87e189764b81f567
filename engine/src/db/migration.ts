/** One database migration: applied once, in the order of the lists, and never edited once released. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
