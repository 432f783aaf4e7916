import { QueryClient } from '@tanstack/react-query'
import { readTablePrefs } from './leads/prefs'
import { currentTableState } from './leads/url-state'
import { startFirstPage } from './leads/use-lead-window'
import { hasTransport } from './rpc/client'

/**
 * The renderer's first work, imported before anything else so the bundle runs it before React and
 * the screens are even evaluated: the query cache, and the first rows and counts of the table the
 * app opens on, already on their way when the table first renders.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    // The data is local: a failed call is a real answer, not a flaky network to retry.
    queries: { retry: false, refetchOnWindowFocus: true },
    mutations: { retry: false }
  }
})

if (hasTransport()) startFirstPage(queryClient, currentTableState(readTablePrefs().columns).query)
