// What other folders may use of the database layer (the "domain-internals" rule in
// .dependency-cruiser.cjs lets them import a folder's index.ts only).
export {
  Database,
  insertMany,
  openScratch,
  sqlJson,
  type Connection,
  type Prepared,
  type Row,
  type SqlValue,
  type StorageProblem,
  type Tx
} from './database'
export type { Migration } from './migrate'
export { asStorageError, isStorageError, StorageError } from './storage-errors'
export { insertFromJsonRows } from './json-rows'
export { buildDeferredIndex, deferIndexes, deferredIndexCount, droppableIndexes, dropIndex } from './deferred-indexes'
