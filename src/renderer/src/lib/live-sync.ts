import { useSyncExternalStore } from 'react'
import type { SyncProgress } from '../../../shared/contract'

const FINISHED_VISIBLE_MS = 8_000
const TERMINAL: ReadonlySet<SyncProgress['phase']> = new Set(['done', 'cancelled', 'failed'])

export function isFinished(progress: SyncProgress): boolean {
  return TERMINAL.has(progress.phase)
}

/**
 * The latest `sync.progress` event per connection. A finished sync stays visible for a few seconds,
 * so the bar is seen reaching its end instead of vanishing at 97 %.
 */
function createLiveSync() {
  let snapshot: ReadonlyMap<string, SyncProgress> = new Map()
  const listeners = new Set<() => void>()
  const timers = new Map<string, ReturnType<typeof setTimeout>>()

  const publish = (next: Map<string, SyncProgress>): void => {
    snapshot = next
    listeners.forEach((listener) => listener())
  }

  const forget = (connectionId: string): void => {
    if (!snapshot.has(connectionId)) return
    const next = new Map(snapshot)
    next.delete(connectionId)
    publish(next)
  }

  return {
    put(progress: SyncProgress): void {
      const next = new Map(snapshot)
      next.set(progress.connectionId, progress)
      clearTimeout(timers.get(progress.connectionId))
      timers.delete(progress.connectionId)
      if (isFinished(progress)) {
        timers.set(
          progress.connectionId,
          setTimeout(() => forget(progress.connectionId), FINISHED_VISIBLE_MS)
        )
      }
      publish(next)
    },
    forget,
    subscribe(listener: () => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    get: (): ReadonlyMap<string, SyncProgress> => snapshot
  }
}

export const liveSync = createLiveSync()

export function useLiveProgress(): ReadonlyMap<string, SyncProgress> {
  return useSyncExternalStore(liveSync.subscribe, liveSync.get)
}
