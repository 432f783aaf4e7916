import type { ExportScope } from '../../shared/contract/csv-export'
import { LEAD_ORDER, whereOf } from '../leads/queries'
import type { CompiledSelection } from './export-run'

/** The view's query as SQL, by the same compiler the leads table uses: the export lists what the user sees. */
export function compileSelection(query: ExportScope['query']): CompiledSelection {
  const { sql, params } = whereOf(query)
  return { where: sql, params, orderBy: LEAD_ORDER }
}
