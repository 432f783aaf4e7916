import type { LeadQuery } from '../../../shared/contract'
import { hashOf, navigateTable } from '../leads/url-state'

/**
 * The one place the dashboard knows how the leads table keeps its state in the URL: the link that
 * opens the table on exactly `query` (no saved view: the query is the whole state).
 */
export function leadsUrlFor(query: LeadQuery): string {
  return hashOf({ viewId: null, query })
}

/** Opens the leads table on `query`: a new history entry, as following the link would make. */
export function openLeads(query: LeadQuery, go: () => void): void {
  navigateTable({ viewId: null, query })
  go()
}
