import { useQuery, type UseQueryResult } from '@tanstack/react-query'
import type { MethodOutput, View } from '../../../shared/contract'
import { send } from '../rpc/client'
import { navigateTable } from './url-state'

export const viewKeys = {
  list: ['views'] as const,
  /**
   * Not under 'leads': a sync changes leads page after page, and recounting every view each
   * second of it would compete with the sync; events.ts refreshes these at most every 10 s.
   */
  counts: ['viewCounts'] as const
}

export function useViews(): UseQueryResult<View[]> {
  return useQuery({ queryKey: viewKeys.list, queryFn: () => send('views.list', {}) })
}

export function useViewCounts(): UseQueryResult<MethodOutput<'views.counts'>> {
  return useQuery({ queryKey: viewKeys.counts, queryFn: () => send('views.counts', {}), staleTime: 5_000 })
}

/** Opens a view in the table: its query becomes the table's, as a new history entry. */
export function openView(view: View): void {
  navigateTable({ viewId: view.id, query: view.query })
}
