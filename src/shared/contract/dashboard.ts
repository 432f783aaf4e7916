import { z } from 'zod'
import { method } from './define'
import { leadStatusSchema, platformSchema } from './model'
import { isoDate } from './primitives'
import { dateRangeSchema, leadQuerySchema } from './query'

/**
 * The dashboard: aggregates of the leads that match a LeadQuery (the current filters) and were
 * created in a date range, counted in SQL on the main side. Every number comes with what the
 * renderer needs to open "exactly those leads" in the table (src/shared/dashboard.ts).
 */
export const DASHBOARD_INTERVALS = ['day', 'week', 'month'] as const
export const DASHBOARD_STACKS = ['platform', 'connection'] as const
export type DashboardInterval = (typeof DASHBOARD_INTERVALS)[number]
export type DashboardStack = (typeof DASHBOARD_STACKS)[number]

/** Time since the last message: under a day, under a week, under 30 days, older. */
export const FRESHNESS_BUCKETS = ['day', 'week', 'month', 'older'] as const
export type FreshnessBucket = (typeof FRESHNESS_BUCKETS)[number]

/** The sync states the dashboard counts (a lead with edits in several states counts in each). */
export const DASHBOARD_SYNC_STATES = ['waiting', 'conflict', 'localOnly'] as const

export const dashboardInputSchema = z
  .object({
    query: leadQuerySchema,
    /** Applies to the lead's creation date, on top of any created filter in the query. */
    range: dateRangeSchema.default(() => ({})),
    interval: z.enum(DASHBOARD_INTERVALS).default('month'),
    stackBy: z.enum(DASHBOARD_STACKS).default('platform')
  })
  .strict()
export type DashboardInput = z.input<typeof dashboardInputSchema>

const count = z.number().int().min(0)
const explicitRange = z.object({ from: isoDate.optional(), to: isoDate.optional() })

export const dashboardSchema = z.object({
  /** The instant presets and freshness were resolved against. */
  now: isoDate,
  /**
   * The query every number below counts within: the input's query with the range folded into
   * its created filter and every date preset resolved to instants, so a link stays exact.
   */
  base: leadQuerySchema,
  total: count,
  timeline: z.object({
    interval: z.enum(DASHBOARD_INTERVALS),
    stackBy: z.enum(DASHBOARD_STACKS),
    /** The stack's series, largest first: a connection id or a platform. */
    series: z.array(z.object({ key: z.string(), label: z.string(), platform: platformSchema })),
    /** One point per bucket that has leads, oldest first: its bounds and a count per series key. */
    points: z.array(z.object({ from: isoDate, to: isoDate, counts: z.record(z.string(), count) })),
    /** Leads without a creation date: in the total, in no bucket. */
    undated: count
  }),
  funnel: z.object({
    steps: z.array(z.object({ status: leadStatusSchema, n: count })),
    /** A status outside the funnel's (another platform's word) or none. */
    other: count
  }),
  agents: z.object({
    /** The busiest agents first (`null`: unassigned), each with a count per status. */
    rows: z.array(
      z.object({
        agent: z.string().nullable(),
        label: z.string(),
        total: count,
        byStatus: z.record(z.string(), count),
        other: count
      })
    ),
    /** Leads of the agents not listed. */
    rest: count
  }),
  tags: z.array(z.object({ tag: z.string(), n: count })),
  freshness: z.object({
    buckets: z.array(z.object({ bucket: z.enum(FRESHNESS_BUCKETS), range: explicitRange, n: count })),
    noMessage: count
  }),
  promoted: count,
  sync: z.object({ waiting: count, conflict: count, localOnly: count })
})
export type Dashboard = z.infer<typeof dashboardSchema>

export const dashboardMethods = {
  'dashboard.summary': method(
    'Counts for the dashboard: the leads matching a query and date range, grouped every way it charts them.',
    dashboardInputSchema,
    dashboardSchema
  )
}
