import { leadQuerySchema, type LeadQueryInput } from '../../shared/contract/query'
import { compileLeadQuery } from '../leads'
import type { CompiledSelection } from './export-store'

/** The view's query as SQL, by the compiler the leads table uses: the export lists what the user sees, in its order. */
export function compileSelection(query: LeadQueryInput): CompiledSelection {
  const { from, where, params, orderBy } = compileLeadQuery(leadQuerySchema.parse(query))
  return { from, where, params, orderBy }
}
