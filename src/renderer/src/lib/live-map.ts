import { useSyncExternalStore } from 'react'

/** The latest event per connection, kept outside React and read with useSyncExternalStore. */
export interface LiveMap<T> {
  put(event: T): void
  subscribe(listener: () => void): () => void
  get(): ReadonlyMap<string, T>
}

/**
 * A LiveMap in which an event that ends its work (`ended`) stays for `visibleMs`, so the user sees
 * it settle (a bar reaching its end, counts coming to rest) rather than vanish; a newer event of
 * the same connection replaces it and its timer.
 */
export function createLiveMap<T extends { connectionId: string }>(
  ended: (event: T) => boolean,
  visibleMs: number
): LiveMap<T> {
  let snapshot: ReadonlyMap<string, T> = new Map()
  const listeners = new Set<() => void>()
  const timers = new Map<string, ReturnType<typeof setTimeout>>()

  const publish = (next: Map<string, T>): void => {
    snapshot = next
    listeners.forEach((listener) => listener())
  }

  return {
    put(event: T): void {
      const id = event.connectionId
      const next = new Map(snapshot)
      next.set(id, event)
      clearTimeout(timers.get(id))
      timers.delete(id)
      if (ended(event)) {
        const timer = setTimeout(() => {
          timers.delete(id)
          if (snapshot.get(id) !== event) return
          const after = new Map(snapshot)
          after.delete(id)
          publish(after)
        }, visibleMs)
        timers.set(id, timer)
      }
      publish(next)
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    get: (): ReadonlyMap<string, T> => snapshot
  }
}

export function useLiveMap<T>(live: LiveMap<T>): ReadonlyMap<string, T> {
  return useSyncExternalStore(live.subscribe, live.get)
}
