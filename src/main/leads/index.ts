// What other folders may use of leads: the service; what a sync writes a page of records with; the
// outbox queue, which sync drains (claim an edit, send it, mark it delivered or not); and what a
// CSV import writes with (its edits go through the outbox like any other).
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
export { recordEdit } from './outbox'
export {
  countImported,
  deleteLocalImported,
  insertImportedLeads,
  localImportedLeads,
  markPushed,
  markPushing,
  moveImportedLead,
  setLeadColumns,
  type LocalImportedRow
} from './imported-store'
