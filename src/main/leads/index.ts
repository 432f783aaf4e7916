// What other folders may use of the leads domain (the "domain-internals" rule in
// .dependency-cruiser.cjs): the one query compiler.
export { compileLeadQuery, type CompiledLeadQuery } from './query'
