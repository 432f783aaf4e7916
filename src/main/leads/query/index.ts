export { afterRow, compileLeadQuery, type CompiledLeadQuery } from './compile'
export { ftsQuery } from './fts'
export { SYNC_STATE_OUTBOX, resolveRange } from './filters'
