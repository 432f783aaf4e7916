import { leadQuerySchema, type LeadQuery } from '../../../shared/contract'

/**
 * The one place the dashboard knows how the leads table reads its state from the URL: the link
 * that opens the table on exactly `query`. Written to the leads table's hash encoding
 * (`#leads?q=<the query without its defaults, as JSON>`, see wt/workspace's leads/url-state.ts);
 * once that is on main this becomes `hashOf({ viewId: null, query })`.
 */
export function leadsUrlFor(query: LeadQuery): string {
  const { filters, search, sort, columns } = query
  const q: Record<string, unknown> = {}
  if (Object.keys(filters).length) q.filters = filters
  if (search) q.search = search
  if (JSON.stringify(sort) !== JSON.stringify(leadQuerySchema.parse({}).sort)) q.sort = sort
  q.columns = columns
  return `#leads?${new URLSearchParams({ q: JSON.stringify(q) }).toString()}`
}

/** The leads table's current query, from the URL: what "the current filters" are on the dashboard. */
export function currentTableQuery(): LeadQuery {
  const hash = window.location.hash
  const params = new URLSearchParams(hash.startsWith('#leads') ? hash.slice('#leads'.length).replace(/^\?/, '') : '')
  try {
    const parsed = leadQuerySchema.safeParse(JSON.parse(params.get('q') ?? '{}'))
    if (parsed.success) return parsed.data
  } catch {
    // A hand-edited link: no filters rather than no dashboard.
  }
  return leadQuerySchema.parse({})
}

/** Opens the leads table on `query`: a new history entry, so Back returns to the dashboard. */
export function openLeads(query: LeadQuery, go: () => void): void {
  history.pushState(null, '', leadsUrlFor(query))
  window.dispatchEvent(new HashChangeEvent('hashchange'))
  go()
}
