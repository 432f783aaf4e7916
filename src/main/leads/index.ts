// What other folders may use of the leads domain (the "domain-internals" rule in
// .dependency-cruiser.cjs lets them import a folder's index.ts only): the outbox queue the sync
// engine sends from, the one query compiler, and the counts every view shows.
export * from './outbox-queue'
export { afterRow, compileLeadQuery, type CompileOptions, type CompiledLeadQuery } from './query'
export { countAll, countMatching } from './table-store'
