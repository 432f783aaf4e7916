import type { SyncProgress } from '../../../shared/contract'
import { createLiveMap, useLiveMap } from './live-map'

const FINISHED_VISIBLE_MS = 8_000
const TERMINAL: ReadonlySet<SyncProgress['phase']> = new Set(['done', 'cancelled', 'failed'])

export function isFinished(progress: SyncProgress): boolean {
  return TERMINAL.has(progress.phase)
}

/**
 * The latest `sync.progress` event per connection. A finished sync stays visible for a few seconds,
 * so the bar is seen reaching its end instead of vanishing at 97 %.
 */
export const liveSync = createLiveMap<SyncProgress>(isFinished, FINISHED_VISIBLE_MS)

export function useLiveProgress(): ReadonlyMap<string, SyncProgress> {
  return useLiveMap(liveSync)
}
