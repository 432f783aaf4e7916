import { QueryClient } from '@tanstack/react-query'
import { readTablePrefs } from './leads/prefs'
import { loadLaterParts, whenAppShown } from './lib/later'
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

/** Runs `fn` once the frame after the next one has started: what React rendered by now is painted. */
function afterPaint(fn: () => void): void {
  requestAnimationFrame(() => requestAnimationFrame(fn))
}

/** Settles once the first page of the table's rows is in (or failed); at once without a transport. */
export let firstRows: Promise<void> = Promise.resolve()

if (hasTransport()) {
  // The screens and dialogs not on the first path load once the first rows are painted (or failed),
  // not while the first page is on its way. The rows usually arrive before the app's code has run:
  // waiting for them alone put this work into the frame that paints them.
  const firstPage = startFirstPage(queryClient, currentTableState(readTablePrefs().columns).query)
  firstRows = firstPage.catch(() => undefined)
  void Promise.all([firstRows, whenAppShown()]).then(() => afterPaint(loadLaterParts))
}
