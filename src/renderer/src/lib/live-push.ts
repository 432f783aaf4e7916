import type { PushProgress } from '../../../shared/contract'
import { createLiveMap, useLiveMap } from './live-map'

/** A finished push's counts stay this long, so the user sees them settle rather than vanish. */
const SETTLED_VISIBLE_MS = 10_000

/** The latest `push.progress` event per connection (main sends them a few times a second at most). */
export const livePush = createLiveMap<PushProgress>((progress) => progress.done, SETTLED_VISIBLE_MS)

export function useLivePush(): ReadonlyMap<string, PushProgress> {
  return useLiveMap(livePush)
}
