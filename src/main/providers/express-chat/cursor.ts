import { z } from 'zod'
import type { StreamCursor } from '../connector'

/*
 * express-chat pages by page number over a list ordered by updatedAt descending, and the list moves
 * while we page: an updated or new chat jumps to page 1, pushing the rest down. Pushing down only
 * makes us read a record twice (harmless: the engine upserts by remoteId); what a pass can miss is
 * a record that jumped above the page being read. So:
 *
 * - A pass reads pages 1, 2, … down to `since` (null: to the end of the list). Its `passMark` is the
 *   newest updatedAt on its first page, i.e. the newest in the whole list when the pass began.
 * - Everything a pass missed was written after it began, so it is newer than its passMark: the next
 *   pass reads down to that mark. Passes repeat until one finds nothing newer than its `since` in a
 *   single request (then no write slipped in while it ran), or until MAX_CATCH_UP_PASSES.
 * - Either way the pass ends `done` with a resting cursor holding the last pass's `since`, which
 *   can only be older than anything still unseen; the next sync starts with a pass down to it.
 *
 * Passes stop at the first record strictly older than `since`: a record written in the same
 * millisecond as the mark ties with it and must still be read. Limitation: a chat that leaves the
 * list mid-pass (promoted from 'non-lead' to 'lead') shifts the records below it up one place, and
 * an unchanged record can slip past a page boundary; it was unchanged, so only a first-ever sync
 * can lack it, and the next full pass (a cleared cursor) recovers it.
 */

/** Catch-up passes after the first within one sync, so endless churn cannot keep a sync running. */
export const MAX_CATCH_UP_PASSES = 5

const passSchema = z.object({
  v: z.literal(1),
  state: z.literal('pass'),
  /** Next page to request, from 1. */
  page: z.number().int().min(1),
  /** Read down to records newer than or equal to this updatedAt; null reads to the end. */
  since: z.string().nullable(),
  /** Newest updatedAt on this pass's first page; null until it is read or if it had none. */
  passMark: z.string().nullable(),
  /** This pass has seen a record newer than `since`. */
  sawNewer: z.boolean(),
  /** Index of this pass within the sync: 0 is the first. */
  pass: z.number().int().min(0)
})
const restingSchema = z.object({ v: z.literal(1), state: z.literal('resting'), mark: z.string().nullable() })
const cursorSchema = z.union([passSchema, restingSchema])

export type PassCursor = z.infer<typeof passSchema>
export type RestingCursor = z.infer<typeof restingSchema>

/** Where a fetch starts: a stored mid-pass cursor, or a new pass down to the resting mark. */
export function passFrom(stored: StreamCursor | null): PassCursor {
  const parsed = cursorSchema.safeParse(stored)
  // No cursor, or one we no longer understand: a full pass is always correct.
  if (!parsed.success) return newPass(null, 0)
  if (parsed.data.state === 'pass') return parsed.data
  return newPass(parsed.data.mark, 0)
}

/** The cursor after reading `updatedAts` (ISO UTC or null, in list order) at `cursor.page`. */
export function advance(
  cursor: PassCursor,
  updatedAts: readonly (string | null)[]
): { next: StreamCursor; done: boolean } {
  const { since } = cursor
  const dated = updatedAts.filter((at): at is string => at !== null)
  const passMark = cursor.page === 1 ? newest(dated) : cursor.passMark
  const sawNewer = cursor.sawNewer || dated.some((at) => since === null || at > since)
  const reachedOlder = since !== null && updatedAts.some((at) => at === null || at < since)

  if (updatedAts.length > 0 && !reachedOlder) {
    const next: PassCursor = { ...cursor, page: cursor.page + 1, passMark, sawNewer }
    return { next, done: false }
  }
  const quiet = !sawNewer && cursor.page === 1
  if (quiet || cursor.pass >= MAX_CATCH_UP_PASSES) {
    const resting: RestingCursor = { v: 1, state: 'resting', mark: since }
    return { next: resting, done: true }
  }
  return { next: newPass(later(since, passMark), cursor.pass + 1), done: false }
}

function newPass(since: string | null, pass: number): PassCursor {
  return { v: 1, state: 'pass', page: 1, since, passMark: null, sawNewer: false, pass }
}

function newest(dates: readonly string[]): string | null {
  return dates.reduce<string | null>((max, at) => later(max, at), null)
}

// ISO-8601 UTC strings of one format compare correctly as strings.
function later(a: string | null, b: string | null): string | null {
  if (a === null) return b
  if (b === null) return a
  return a > b ? a : b
}
