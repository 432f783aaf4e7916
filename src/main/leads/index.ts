// What other folders may use of leads: the service; what a sync writes a page of records with; the
// outbox queue, which sync drains (claim an edit, send it, mark it delivered or not); the one
// query compiler with the counts every view shows (the CSV export lists what the table lists, in its
// order); and what a CSV import writes with (its edits go
// through the outbox like any other).
export { LeadService, type LeadDeps } from './service'
export { leadLandmarks } from './landmarks-store'
export { prepareLeads, unchangedRecords, writePreparedLeads, type PreparedLeads } from './upsert'
export {
  claimNextEdit,
  connectionsWithEditsToSend,
  countAttempt,
  countWaiting,
  markDelivered,
  markUndelivered,
  outboxCounts,
  pushCounts,
  requeueSending,
  type ClaimedEdit,
  type OutboxCounts
} from './outbox-queue'
// Bulk edits: the store functions the bulk domain runs in its transactions; the selection's SQL,
// which the CSV export of a selection reads by too.
export { applyBulkEdit, bulkHistory, selectedLeadIds, selectionClause, type BulkApplied } from './bulk-store'
export { previewCounts, type PreviewCount } from './bulk-preview-store'
export { undoBulkEdit } from './bulk-undo-store'
export {
  afterRow,
  compileLeadQuery,
  countedClauses,
  resolveRange,
  SYNC_STATE_OUTBOX,
  type CompileOptions,
  type CompiledLeadQuery
} from './query'
export { countAll, countMatching } from './table-store'
export { recordEdit } from './outbox'
export {
  countImported,
  deleteLocalImported,
  insertImportedLeads,
  leadTotal,
  localImportedLeads,
  markPushed,
  markPushing,
  moveImportedLead,
  rebuildPays,
  REBUILD_MIN_ROWS,
  setLeadColumns,
  withLeadIndexesRebuilt,
  type LocalImportedRow
} from './imported-store'
export { deferLeadIndexes } from './deferred-indexes'
