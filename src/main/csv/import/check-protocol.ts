// What the check's worker thread (check-worker.ts) and the thread it serves (check-thread.ts) say
// to each other.
import type { CheckedBatch } from './check-file'

/** Worker → caller. An error is sent as data: the caller throws it again as the class it was. */
export type CheckReport =
  | { type: 'batch'; batch: CheckedBatch }
  | { type: 'done' }
  | { type: 'error'; message: string; code: string | null; problem: string | null }

/** Caller → worker: it may send `n` more batches. */
export interface CheckCredit {
  type: 'more'
  n: number
}

/** Batches the worker may check ahead of the caller: enough to keep both busy, few enough to hold little. */
export const BATCHES_AHEAD = 2
