// What other folders may use of leads: the service; what a sync writes a page of records with; and the
// outbox queue, which sync drains (claim an edit, send it, mark it delivered or not).
export { LeadService, type LeadDeps } from './service'
export { upsertLeads } from './upsert'
export {
  claimNextEdit,
  connectionsWithEditsToSend,
  countAttempt,
  countWaiting,
  markDelivered,
  markUndelivered,
  outboxCounts,
  requeueSending,
  type ClaimedEdit,
  type OutboxCounts
} from './outbox-queue'
// Bulk edits: the store functions the bulk domain runs in its transactions.
export { applyBulkEdit, bulkHistory, previewCounts, selectedLeadIds, type BulkApplied } from './bulk-store'
export { undoBulkEdit } from './bulk-undo-store'
