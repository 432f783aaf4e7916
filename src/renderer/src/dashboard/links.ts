import type { LeadQuery } from '../../../shared/contract'
import { hashOf, markHistoryView, navigateTable } from '../leads/url-state'

/**
 * The one place the dashboard knows how the leads table keeps its state in the URL: the link that
 * opens the table on exactly `query` (no saved view: the query is the whole state).
 */
export function leadsUrlFor(query: LeadQuery): string {
  return hashOf({ viewId: null, query })
}

/**
 * Opens the leads table on `query`: a new history entry, as following the link would make, from
 * which Back (the browser's, or the table's "Back to dashboard") returns to the dashboard.
 */
export function openLeads(query: LeadQuery, go: () => void): void {
  markHistoryView('dashboard')
  navigateTable({ viewId: null, query }, { backTo: 'dashboard' })
  go()
}
