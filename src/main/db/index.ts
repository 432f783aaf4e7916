// What other folders use of the database layer; database.ts, migrate.ts and migrations/ stay internal.
export { Database, insertMany, type Row, type SqlValue, type Tx } from './database'
export type { Migration } from './migrate'
