import { exportScopeSchema, type ExportScopeInput } from '../../shared/contract/csv-export'
import { leadQuerySchema, type LeadQueryInput } from '../../shared/contract/query'
import { compileLeadQuery, selectionClause } from '../leads'
import type { CompiledSelection } from './export-store'

/** The view's query as SQL, by the compiler the leads table uses: the export lists what the user sees, in its order. */
export function compileSelection(query: LeadQueryInput): CompiledSelection {
  const { from, where, params, orderBy } = compileLeadQuery(leadQuerySchema.parse(query))
  return { from, where, params, orderBy }
}

/**
 * What an export lists: the view's rows, or, with a selection, the leads the bulk edit would change
 * (by the same SQL), in the view's order. A selection outlives filter changes in the table, so the
 * view's filters and search do not narrow it: "Export 12 selected" writes those 12.
 */
export function compileScope(scope: ExportScopeInput, now = new Date()): CompiledSelection {
  const { query: view, selection } = exportScopeSchema.parse(scope)
  if (!selection) return compileSelection(view)
  // Only the view's sort is kept (a relevance sort, having no search left, falls back to Updated).
  const { from, orderBy } = compileLeadQuery({ ...view, filters: {}, search: '' }, { now })
  const chosen = selectionClause(selection, now)
  return { from, where: chosen.sql, params: chosen.params, orderBy }
}
