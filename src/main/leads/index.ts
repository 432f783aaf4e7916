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
// The one query compiler, for every domain that reads "the leads that match" (the dashboard).
export { compileLeadQuery, resolveRange, SYNC_STATE_OUTBOX, type CompiledLeadQuery } from './query'
