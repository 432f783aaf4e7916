import {
  DEFAULT_SORT,
  PLATFORMS,
  type BulkAction,
  type BulkSelection,
  type LeadFilters,
  type Platform
} from '../../shared/contract'
import type { Database, SqlValue } from '../db'
import { unchangedSql } from './bulk-actions'
import { selectionClause } from './bulk-store'
import { STATUS_RANK, compileLeadQuery, countedClauses, filterClauses } from './query'

/*
 * The preview of a bulk edit: per platform, how many leads are selected and how many the action
 * leaves as they are. Exact, never an estimate: from the kept counts (migration 7) when they can
 * answer, otherwise one grouped pass over the selected leads.
 */

export interface PreviewCount {
  platform: Platform
  selected: number
  unchanged: number
}

type Tally = Map<Platform, { selected: number; unchanged: number }>
type Row = { platform: Platform; selected: number; unchanged: number }

/** Per platform: selected leads, and how many of them the action leaves as they are. */
export async function previewCounts(
  db: Database,
  selection: BulkSelection,
  action: BulkAction,
  now: Date
): Promise<PreviewCount[]> {
  const rows = (await fromKeptCounts(db, selection, action, now)) ?? (await fromLeads(db, selection, action, now))
  const tally: Tally = new Map()
  for (const r of rows) {
    const t = tally.get(r.platform) ?? { selected: 0, unchanged: 0 }
    t.selected += r.selected
    t.unchanged += r.unchanged
    tally.set(r.platform, t)
  }
  return PLATFORMS.map((platform) => ({ platform, ...(tally.get(platform) ?? { selected: 0, unchanged: 0 }) }))
}

/** One grouped pass over the selected leads of live connections. */
async function fromLeads(db: Database, selection: BulkSelection, action: BulkAction, now: Date): Promise<Row[]> {
  const where = selectionClause(selection, now)
  const same = unchangedSql(action)
  return db.all<Row>(
    `SELECT c.platform AS platform, count(*) AS selected, total(${same.sql}) AS unchanged
     FROM leads l JOIN connections c ON c.id = l.connection_id
     WHERE c.archived = 0 AND ${where.sql} GROUP BY c.platform`,
    [...same.params, ...where.params]
  )
}

/**
 * The counts from lead_counts, when the selection is a query on counted dimensions alone (no
 * search) and what the action leaves alone is a counted dimension too: a status (its rank is the
 * status itself: rank 6 is exactly 'CLOSED', unknown statuses share rank 7) or a note (every lead
 * gets it), or tags to add (see alreadyTagged). The unticked leads that the query matches are taken off, read one by one. Null when the
 * kept counts cannot answer.
 */
async function fromKeptCounts(
  db: Database,
  selection: BulkSelection,
  action: BulkAction,
  now: Date
): Promise<Row[] | null> {
  if (selection.kind !== 'query' || selection.query.search.trim()) return null
  const sameRank =
    action.kind === 'setStatus'
      ? STATUS_RANK[action.status]
      : action.kind === 'addNote' || action.kind === 'addTags'
        ? null
        : undefined
  if (sameRank === undefined) return null
  const counted = countedClauses(selection.query.filters)
  if (!counted.complete) return null
  const where = counted.clauses.map((c) => c.sql)
  const params: SqlValue[] = [sameRank ?? null, ...counted.clauses.flatMap((c) => c.params)]
  const rows = await db.all<Row>(
    `SELECT c.platform AS platform, sum(k.n) AS selected, total(CASE WHEN k.sort_status = ? THEN k.n END) AS unchanged
     FROM lead_counts k JOIN connections c ON c.id = k.connection_id
     WHERE c.archived = 0${where.map((w) => ` AND ${w}`).join('')} GROUP BY c.platform`,
    params
  )
  const q = compileLeadQuery({ ...selection.query, sort: [...DEFAULT_SORT] }, { now })
  const same = unchangedSql(action)
  if (action.kind === 'addTags') {
    const selected = rows.reduce((n, r) => n + r.selected, 0)
    const tagged = await alreadyTagged(db, action.tags, selected, selection.query.filters, now)
    if (!tagged) return null
    rows.push(...tagged)
  }
  if (selection.except.length === 0) return rows
  // The unticked leads the query matches, as negative counts.
  const unticked = await db.all<Row>(
    `SELECT c.platform AS platform, -count(*) AS selected, -total(${same.sql}) AS unchanged
     FROM leads l JOIN connections c ON c.id = l.connection_id
     WHERE c.archived = 0 AND l.id IN (SELECT value FROM json_each(?))
       AND l.id IN (SELECT l.id FROM ${q.from} WHERE l.id IN (SELECT value FROM json_each(?)) AND ${q.where})
     GROUP BY c.platform`,
    [...same.params, JSON.stringify(selection.except), JSON.stringify(selection.except), ...q.params]
  )
  return [...rows, ...unticked]
}

/**
 * Tags being added: the selected leads that already have them all, when the rarest of the tags
 * (tag_counts only picks it; the count is of the leads) is on no more leads than are selected (the
 * usual case: tagging a list with a new or uncommon tag). Null otherwise: the grouped pass over the
 * selection reads fewer. The tag's leads meet the selection one of two ways:
 * - from the selection's own index (status, connection, platform or agent), each entry checked
 *   against the tag's leads by id before its row is read, when the selection is at most
 *   INDEX_WALK times the tag's leads: an index entry costs a fraction of a row read;
 * - otherwise from the tag's index, reading the row of each of its leads.
 */
async function alreadyTagged(
  db: Database,
  tags: readonly string[],
  selected: number,
  filters: LeadFilters,
  now: Date
): Promise<Row[] | null> {
  const rarest = await db.get<{ tag: string; n: number }>(
    `SELECT value AS tag, ifnull((SELECT n FROM tag_counts WHERE tag = value), 0) AS n
     FROM json_each(?) ORDER BY n LIMIT 1`,
    [JSON.stringify([...new Set(tags)])]
  )
  if (!rarest) return []
  if (rarest.n > selected) return null
  const fromSelection = hasIndexedFilter(filters) && selected <= INDEX_WALK * rarest.n
  const clauses = filterClauses(filters, now)
  // The rarest tag is had by construction when reading its index; the others are checked per lead.
  const others = [...new Set(tags)].filter((t) => t !== rarest.tag)
  const hasOthers = others.map(() => 'EXISTS (SELECT 1 FROM lead_tags o WHERE o.lead_id = l.id AND o.tag = ?)')
  const where = [...clauses.map((c) => c.sql), ...hasOthers].map((w) => ` AND ${w}`).join('')
  const params = [...clauses.flatMap((c) => c.params), ...others]
  if (fromSelection) {
    // `+l.id` keeps the planner off the tag's leads as the driver, so it walks a filter's index;
    // the check by id comes first and needs no row, so only the leads that pass it are read.
    return db.all<Row>(
      `SELECT c.platform AS platform, 0 AS selected, count(*) AS unchanged
       FROM leads l JOIN connections c ON c.id = l.connection_id
       WHERE +l.id IN (SELECT lead_id FROM lead_tags WHERE tag = ?) AND c.archived = 0${where}
       GROUP BY c.platform`,
      [rarest.tag, ...params]
    )
  }
  return db.all<Row>(
    `SELECT c.platform AS platform, 0 AS selected, count(*) AS unchanged
     FROM lead_tags t CROSS JOIN leads l JOIN connections c ON c.id = l.connection_id
     WHERE t.tag = ? AND l.id = t.lead_id AND c.archived = 0${where}
     GROUP BY c.platform`,
    [rarest.tag, ...params]
  )
}

/** How many index entries of the selection cost about one row read by id (measured at 1M: 4–8). */
const INDEX_WALK = 4

/** Filters that migration 6's indexes serve (the others are checked on the row). */
function hasIndexedFilter(filters: LeadFilters): boolean {
  return [filters.status, filters.connection, filters.platform, filters.agent].some((f) => (f?.length ?? 0) > 0)
}
