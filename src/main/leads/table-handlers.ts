import type { Handlers } from '../../shared/contract'
import type { AppContext } from '../app-context'
import { countAll, countMatching, facetValues, readWindow } from './table-store'

type TableHandlers = Pick<Handlers, 'leads.query' | 'leads.count' | 'leads.facets'>

export function tableHandlers(ctx: AppContext): TableHandlers {
  return {
    'leads.query': ({ query, window, limit }) => readWindow(ctx.db, query, window, limit),
    'leads.count': async ({ query }) => {
      const [matching, all] = await Promise.all([countMatching(ctx.db, query), countAll(ctx.db)])
      return { matching, all }
    },
    'leads.facets': ({ field, prefix, limit }) => facetValues(ctx.db, field, prefix, limit)
  }
}
