import { useSyncExternalStore } from 'react'
import type { PushProgress } from '../../../shared/contract'

/** A finished push's counts stay this long, so the user sees them settle rather than vanish. */
const SETTLED_VISIBLE_MS = 10_000

/** The latest `push.progress` event per connection (main sends them a few times a second at most). */
function createLivePush() {
  let snapshot: ReadonlyMap<string, PushProgress> = new Map()
  const listeners = new Set<() => void>()
  const timers = new Map<string, ReturnType<typeof setTimeout>>()

  const publish = (next: Map<string, PushProgress>): void => {
    snapshot = next
    listeners.forEach((listener) => listener())
  }

  return {
    put(progress: PushProgress): void {
      const next = new Map(snapshot)
      next.set(progress.connectionId, progress)
      clearTimeout(timers.get(progress.connectionId))
      timers.delete(progress.connectionId)
      if (progress.done) {
        const timer = setTimeout(() => {
          timers.delete(progress.connectionId)
          if (snapshot.get(progress.connectionId) !== progress) return
          const after = new Map(snapshot)
          after.delete(progress.connectionId)
          publish(after)
        }, SETTLED_VISIBLE_MS)
        timers.set(progress.connectionId, timer)
      }
      publish(next)
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    get: (): ReadonlyMap<string, PushProgress> => snapshot
  }
}

export const livePush = createLivePush()

export function useLivePush(): ReadonlyMap<string, PushProgress> {
  return useSyncExternalStore(livePush.subscribe, livePush.get)
}
