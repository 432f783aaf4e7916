// What other folders may use of leads: the outbox queue a push claims and settles edits through.
export * from './outbox-queue'
