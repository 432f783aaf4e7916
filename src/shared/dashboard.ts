import type { DateRange, LeadFilters, LeadQuery, LeadStatus, Platform, SyncState } from './contract'

/**
 * One number on the dashboard, as what it counts. `drillDown` turns it into the LeadQuery of
 * exactly those leads (the dashboard's base query narrowed by the segment), so the table opened
 * from it shows the same count. Null where the query model cannot say "exactly those" (e.g. a
 * tag inside an "any of" tag filter): the number is then shown, not linked.
 */
export type Segment =
  | { kind: 'all' }
  | { kind: 'created'; from: string; to: string; platform?: Platform; connection?: string }
  | { kind: 'status'; status: LeadStatus }
  | { kind: 'agent'; agent: string | null; status?: LeadStatus }
  | { kind: 'tag'; tag: string }
  | { kind: 'lastMessage'; from?: string; to?: string }
  | { kind: 'promoted' }
  | { kind: 'sync'; state: SyncState }

/** Both bounds of two explicit ranges at once (ISO instants compare as text). */
export function intersectRange(a: DateRange | undefined, b: { from?: string; to?: string }): DateRange {
  const from = [a?.from, b.from]
    .filter((x): x is string => !!x)
    .sort()
    .at(-1)
  const to = [a?.to, b.to].filter((x): x is string => !!x).sort()[0]
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) }
}

/** A list filter narrowed to one value: the value must be one the base already allows. */
function narrow<T>(current: readonly T[] | undefined, value: T): T[] | null {
  if (current?.length && !current.includes(value)) return null
  return [value]
}

function withFilters(base: LeadQuery, patch: LeadFilters | null): LeadQuery | null {
  if (!patch) return null
  return { ...base, filters: { ...base.filters, ...patch } }
}

function tagFilters(base: LeadFilters, tag: string): LeadFilters | null {
  const tags = base.tags
  if (!tags?.values.length) return { tags: { mode: 'all', values: [tag] } }
  if (tags.mode === 'all') return { tags: { mode: 'all', values: [...new Set([...tags.values, tag])] } }
  // "Any of V" and "has t": exactly "has t" when t is in V (or V is t alone).
  if (tags.mode === 'any' && tags.values.includes(tag)) return { tags: { mode: 'all', values: [tag] } }
  return null
}

function agentFilters(base: LeadFilters, agent: string | null, status?: LeadStatus): LeadFilters | null {
  const key = (agent ?? '').toLowerCase()
  // The agent filter ignores case: any listed spelling of this agent lets them through.
  if (base.agent?.length && !base.agent.some((a) => (a ?? '').toLowerCase() === key)) return null
  const out: LeadFilters = { agent: [agent] }
  if (status) {
    const statuses = narrow(base.status, status)
    if (!statuses) return null
    out.status = statuses
  }
  return out
}

/** The LeadQuery of exactly the leads behind a segment, or null if the model cannot express it. */
export function drillDown(base: LeadQuery, segment: Segment): LeadQuery | null {
  const f = base.filters
  switch (segment.kind) {
    case 'all':
      return base
    case 'created': {
      const patch: LeadFilters = { created: intersectRange(f.created, segment) }
      if (segment.platform) {
        const platform = narrow(f.platform, segment.platform)
        if (!platform) return null
        patch.platform = platform
      }
      if (segment.connection) {
        const connection = narrow(f.connection, segment.connection)
        if (!connection) return null
        patch.connection = connection
      }
      return withFilters(base, patch)
    }
    case 'status': {
      const status = narrow(f.status, segment.status)
      return withFilters(base, status && { status })
    }
    case 'agent':
      return withFilters(base, agentFilters(f, segment.agent, segment.status))
    case 'tag':
      return withFilters(base, tagFilters(f, segment.tag))
    case 'lastMessage':
      return withFilters(base, { lastMessage: intersectRange(f.lastMessage, segment) })
    case 'promoted':
      return withFilters(base, { promoted: true })
    case 'sync': {
      // Sync states combine with OR: narrowing keeps "exactly" only when the base has none or this one.
      const current = f.syncState ?? []
      if (current.length && !(current.length === 1 && current[0] === segment.state)) return null
      return withFilters(base, { syncState: [segment.state] })
    }
  }
}
