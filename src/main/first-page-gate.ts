import type { Dispatch } from './rpc'

/** How long the sync on start waits for a page to ask for its first rows before it starts anyway. */
const FIRST_SYNC_LATEST_MS = 3000
/**
 * After the first rows are answered, the time the page is given to paint them: a sync starting at
 * once sends connection changes that make the page fetch again before its first paint.
 */
const FIRST_SYNC_AFTER_PAGE_MS = 500

/**
 * The sync on start waits until the first page of leads has been served (or a few seconds with no
 * page): its keychain process and platform requests would otherwise compete with the first paint.
 */
export function firstPageGate(
  latestMs = FIRST_SYNC_LATEST_MS,
  afterPageMs = FIRST_SYNC_AFTER_PAGE_MS
): { served: Promise<void>; dispatch(inner: Dispatch): Dispatch } {
  let open!: () => void
  const served = new Promise<void>((resolve) => (open = resolve))
  setTimeout(open, latestMs).unref()
  const answered = (): void => void setTimeout(open, afterPageMs).unref()
  return {
    served,
    dispatch: (inner) => (method, input) => {
      const answer = inner(method, input)
      if (method === 'leads.query') answer.then(answered, answered)
      return answer
    }
  }
}
