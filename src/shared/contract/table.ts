import { z } from 'zod'
import { method } from './define'
import { leadSchema } from './model'
import { LIMITS, isoDate, shortText } from './primitives'
import { leadQuerySchema, syncStateSchema } from './query'

/**
 * A row's position in a sort, as the values of the sort's keys (opaque to the renderer: it hands
 * back what it was given). Bound as parameters, never spliced into SQL.
 */
export const cursorSchema = z
  .array(z.union([z.string().max(LIMITS.text), z.number(), z.null()]))
  .min(1)
  .max(8)
export type Cursor = z.infer<typeof cursorSchema>

/**
 * Which rows: `offset` rows from the top, `offsetFromEnd` rows from the bottom (the End key and a
 * scrollbar dragged low read from the bottom, so the last page costs what the first does), or the
 * rows right after / before a row the caller already has (keyset paging while scrolling).
 */
export const windowSchema = z.union([
  z.object({ offset: z.number().int().min(0).max(100_000_000) }).strict(),
  z.object({ offsetFromEnd: z.number().int().min(0).max(100_000_000) }).strict(),
  z.object({ after: cursorSchema }).strict(),
  z.object({ before: cursorSchema }).strict()
])
export type TableWindow = z.infer<typeof windowSchema>

/** One row of the leads table: a lead plus what the table's extra columns show. */
export const tableRowSchema = leadSchema.extend({
  platform: z.string(),
  lastMessageBy: z.string().nullable(),
  lastSeenAt: isoDate.nullable(),
  websiteVisits: z.number().int().nullable(),
  /** The most pressing state of the lead's undelivered edits, if any. */
  syncState: syncStateSchema.nullable()
})
export type TableRow = z.infer<typeof tableRowSchema>

export const FACETS = ['tag', 'agent'] as const

export const tableMethods = {
  'leads.query': method(
    'A window of the leads matching a query, in its sort order, with the cursors of its first and last rows.',
    z
      .object({
        query: leadQuerySchema,
        window: windowSchema,
        limit: z.number().int().min(1).max(LIMITS.pageSize)
      })
      .strict(),
    z.object({
      rows: z.array(tableRowSchema),
      /** Cursors of the first and last row in sort order (null when no rows). */
      first: cursorSchema.nullable(),
      last: cursorSchema.nullable()
    })
  ),
  'leads.count': method(
    'How many leads match a query, and how many there are in all.',
    z.object({ query: leadQuerySchema }).strict(),
    z.object({ matching: z.number().int(), all: z.number().int() })
  ),
  'leads.facets': method(
    'Values seen in the cache for a field, for completion: tags or agents starting with a prefix.',
    z.object({ field: z.enum(FACETS), prefix: shortText, limit: z.number().int().min(1).max(50) }).strict(),
    z.array(z.object({ value: z.string(), count: z.number().int().nullable() }))
  )
}
