// What other domains may use of the leads domain (the "domain-internals" rule).
export { recordEdit } from './outbox'
export { SYNC_COLUMNS, leadValues } from './columns'
