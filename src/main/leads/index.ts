// What other folders may use of the leads domain (the "domain-internals" rule in
// .dependency-cruiser.cjs): the one query compiler, and the counts every view shows.
export { afterRow, compileLeadQuery, type CompileOptions, type CompiledLeadQuery } from './query'
export { countAll, countMatching } from './table-store'
