import { z } from 'zod'
import { ProviderError } from '../connector'

/*
 * A pass over the users in lanes. Keyset paging (`after` = the last id read) asks one page at a
 * time, so a pass read by one chain of requests waits a round trip per 40 users, and a re-scan that
 * writes nothing is mostly that wait. A re-scan knows where the users it read last time are: it
 * starts a lane after each of a few of them (`after` is any user's id), each lane reading up to and
 * including the id the next lane starts after, the last to the end; the lanes' requests are in
 * flight together. Whatever the platform's order is now, the lanes cover every user: lane 0 reads
 * from the start; a lane that never meets its stop reads to the end; so by induction the lanes up
 * to k cover everything up to lane k's stop. A user read twice (an order that moved) is only read twice.
 */

/** One chain of pages: reads after `after` (null: the start) until it has read `stop` (null: the end). */
export interface Lane {
  after: string | null
  stop: string | null
}

const id = z.string().min(1)
/** v1: the single lane of a pass begun before lanes (or without landmarks). */
const v1 = z.object({ v: z.literal(1), after: id.nullable() })
const v2 = z.object({
  v: z.literal(2),
  lanes: z.array(z.object({ after: id.nullable(), stop: id.nullable() })).min(1),
  turn: z.number().int().nonnegative()
})
export const cursorSchema = z.union([v1, v2])
export type UsersCursor = z.infer<typeof cursorSchema>

/** A pass in progress: its lanes still reading, and whose page is taken next. */
export interface Pass {
  lanes: Lane[]
  turn: number
}

/** Lanes that start after each landmark (duplicates dropped): lane n stops at the id lane n+1 starts after. */
export function lanesFrom(landmarks: readonly string[]): Lane[] {
  const starts = [...new Set(landmarks.filter((l) => l.length > 0))]
  return [null, ...starts].map((after, n) => ({ after, stop: starts[n] ?? null }))
}

/** The pass a cursor resumes; a fresh one (to be laid out) when it has none. */
export function passOf(cursor: unknown): Pass | null {
  const parsed = cursorSchema.safeParse(cursor)
  if (!parsed.success) return null
  const c = parsed.data
  if (c.v === 1) return c.after === null ? null : { lanes: [{ after: c.after, stop: null }], turn: 0 }
  return { lanes: c.lanes, turn: c.turn % c.lanes.length }
}

export function cursorOf(pass: Pass): UsersCursor {
  const [only] = pass.lanes
  // A single lane that reads to the end is what a v1 cursor says: older versions can resume it.
  if (pass.lanes.length === 1 && only && only.stop === null) return { v: 1, after: only.after }
  return { v: 2, lanes: pass.lanes, turn: pass.turn }
}

/**
 * Where a page leaves its lane, from the ids of its users in order: how many it takes (up to and
 * including the lane's stop, if the page has it), whether the lane is done (its stop read, or a
 * short page: the end), and if not, the id to ask after next.
 */
export function advance(
  lane: Lane,
  ids: readonly (string | null)[],
  pageSize: number
): { take: number; done: boolean; after: string | null } {
  const stopAt = lane.stop === null ? -1 : ids.indexOf(lane.stop)
  if (stopAt >= 0) return { take: stopAt + 1, done: true, after: null }
  const last = ids.length === 0 ? null : ids[ids.length - 1]
  if (ids.length < pageSize || last === null || last === undefined || last === '') {
    return { take: ids.length, done: true, after: null }
  }
  return { take: ids.length, done: false, after: last }
}

/**
 * A lane starting after a user the platform no longer has is refused (400): its users are read by
 * the lane before it instead, which now reads on to the refused lane's stop. The first lane has no
 * lane before it: its error is the pass's.
 */
export function mergeRefused(pass: Pass, index: number, error: unknown): Pass | null {
  if (index === 0 || !(error instanceof ProviderError) || error.kind !== 'bad-request') return null
  const lanes = pass.lanes.map((lane) => ({ ...lane }))
  const [refused] = lanes.splice(index, 1)
  lanes[index - 1]!.stop = refused!.stop
  return { lanes, turn: index - 1 }
}
