// What other folders may use of the leads domain (the "domain-internals" rule in
// .dependency-cruiser.cjs lets them import a folder's index.ts only): the outbox queue the sync
// engine sends from, and the one query compiler (the CSV export lists what the table lists).
export * from './outbox-queue'
export { compileLeadQuery, type CompiledLeadQuery } from './query'
