// What other folders may use of the leads domain (the "domain-internals" rule in
// .dependency-cruiser.cjs lets them import a folder's index.ts only): the outbox queue the sync
// engine sends from.
export * from './outbox-queue'
