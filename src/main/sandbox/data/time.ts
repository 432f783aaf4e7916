import { hash32 } from '../random'

/**
 * Generated timestamps hang off a fixed anchor, not the start time, so a seed always produces the
 * same dates. Anything written at run time gets the clock's "now", which is later than the anchor.
 */
export const ANCHOR_MS = Date.UTC(2025, 5, 1)
export const SPAN_MS = 2 * 365 * 86_400_000
const MIN_STEP_MS = 2

/** Index 0 is the newest; each later index is strictly older, jittered within its own step. */
export function descendingTime(salt: number, size: number, end: number, span: number, index: number): number {
  const step = Math.max(MIN_STEP_MS, Math.floor(span / Math.max(1, size)))
  return end - 1 - index * step - (hash32(salt, index) % step)
}

/** Index 0 is the oldest; each later index is strictly newer and stays below start + span. */
export function ascendingTime(salt: number, size: number, start: number, span: number, index: number): number {
  const step = Math.max(MIN_STEP_MS, Math.floor(span / Math.max(1, size)))
  return start + index * step + (hash32(salt, index) % step)
}

/** Strictly increasing "now": two writes in the same millisecond still get distinct, ordered times. */
export class Clock {
  private last = ANCHOR_MS

  now(): number {
    this.last = Math.max(Date.now(), this.last + 1)
    return this.last
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString()
}
