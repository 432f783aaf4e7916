import { z } from 'zod'
import { leadKindSchema, leadStatusSchema, platformSchema } from './model'
import { isoDate, searchText, shortText } from './primitives'

/**
 * The one query model: what the leads table shows, what its counts count, what a saved view
 * stores, what "select all that match" selects, what a CSV export writes and what the dashboard
 * charts. The main process compiles it to SQL in one place (src/main/leads/query); no SQL ever
 * crosses the boundary.
 */

/** Columns the table can show, in their default order. */
export const LEAD_COLUMNS = [
  'name',
  'email',
  'phone',
  'status',
  'platform',
  'connection',
  'agent',
  'tags',
  'created',
  'updated',
  'lastMessage',
  'lastSeen',
  'websiteVisits',
  'syncState'
] as const
export const leadColumnSchema = z.enum(LEAD_COLUMNS)
export type LeadColumn = z.infer<typeof leadColumnSchema>

/** Every column with an index of its own, so a first page in either direction never sorts. */
export const SORTABLE_COLUMNS = [
  'name',
  'email',
  'status',
  'platform',
  'connection',
  'agent',
  'tags',
  'created',
  'updated',
  'lastMessage',
  'lastSeen',
  'websiteVisits'
] as const satisfies readonly LeadColumn[]
/** `relevance` orders by full-text match: it needs a search, and falls back to `updated` without one. */
export const sortColumnSchema = z.enum([...SORTABLE_COLUMNS, 'relevance'])
export type SortColumn = z.infer<typeof sortColumnSchema>

export const sortSchema = z.object({ column: sortColumnSchema, dir: z.enum(['asc', 'desc']) }).strict()
export type LeadSortKey = z.infer<typeof sortSchema>
export const DEFAULT_SORT: LeadSortKey[] = [{ column: 'updated', dir: 'desc' }]
export const DEFAULT_COLUMNS: LeadColumn[] = ['name', 'email', 'status', 'connection', 'agent', 'tags', 'updated']

export const DATE_PRESETS = ['today', '7d', '30d'] as const
/**
 * A date range. A preset is relative to "now" when the query runs (a saved "last 7 days" view
 * stays the last 7 days); otherwise `from` is inclusive and `to` exclusive, both ISO-8601 instants.
 */
export const dateRangeSchema = z
  .object({ preset: z.enum(DATE_PRESETS).optional(), from: isoDate.optional(), to: isoDate.optional() })
  .strict()
export type DateRange = z.infer<typeof dateRangeSchema>

/** Edits not yet on the platform: waiting to push, in conflict, kept local (read-only platform), failed. */
export const SYNC_STATES = ['waiting', 'conflict', 'localOnly', 'failed'] as const
export const syncStateSchema = z.enum(SYNC_STATES)
export type SyncState = z.infer<typeof syncStateSchema>

export const TAG_MODES = ['any', 'all', 'none'] as const
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max)

/** Every filter is optional; an empty list filters nothing. All filters combine with AND. */
export const leadFiltersSchema = z
  .object({
    status: list(leadStatusSchema, 10),
    platform: list(platformSchema, 5),
    connection: list(shortText, 100),
    tags: z.object({ mode: z.enum(TAG_MODES), values: list(shortText, 50) }).strict(),
    /** `null` stands for "unassigned". */
    agent: list(shortText.nullable(), 100),
    created: dateRangeSchema,
    updated: dateRangeSchema,
    lastMessage: dateRangeSchema,
    hasEmail: z.boolean(),
    hasPhone: z.boolean(),
    kind: leadKindSchema,
    syncState: list(syncStateSchema, SYNC_STATES.length),
    /** Chats promoted to leads in this app (an express-chat promotion, not discarded). */
    promoted: z.boolean()
  })
  .partial()
  .strict()
export type LeadFilters = z.infer<typeof leadFiltersSchema>

export const leadQuerySchema = z
  .object({
    filters: leadFiltersSchema.default(() => ({})),
    /** Free text only: field terms (`status:open`) are parsed into `filters` before this is built. */
    search: searchText.default(''),
    /** First key first; ties always end on the lead id, so paging is stable. */
    sort: z
      .array(sortSchema)
      .min(1)
      .max(3)
      .default(() => [...DEFAULT_SORT]),
    columns: z
      .array(leadColumnSchema)
      .max(LEAD_COLUMNS.length)
      .default(() => [...DEFAULT_COLUMNS])
  })
  .strict()
/** As the main process sees it, defaults filled in. */
export type LeadQuery = z.infer<typeof leadQuerySchema>
/** As a caller may write it. */
export type LeadQueryInput = z.input<typeof leadQuerySchema>
