import type { Handlers } from '../../shared/contract'
import type { Database } from '../db'
import { countAll, countMatching, facetValues, readWindow } from './table-store'

type TableHandlers = Pick<Handlers, 'leads.query' | 'leads.count' | 'leads.facets'>

/** The leads table's reads: windows of a query, its counts, and the values a filter offers. */
export function tableHandlers({ db }: { db: Database }): TableHandlers {
  return {
    'leads.query': ({ query, window, limit }) => readWindow(db, query, window, limit),
    'leads.count': async ({ query }) => {
      const [matching, all] = await Promise.all([countMatching(db, query), countAll(db)])
      return { matching, all }
    },
    'leads.facets': ({ field, prefix, limit }) => facetValues(db, field, prefix, limit)
  }
}
