import type { Cursor, LeadQuery, SyncState, TableRow, TableWindow } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { Database, SqlValue } from '../db'
import { toLead, type LeadRow } from './columns'
import { SYNC_STATE_OUTBOX, afterRow, compileLeadQuery, countedSql, type CompiledLeadQuery } from './query'
import { ftsQuery, indexedForm, searchTerms } from './query/fts'
import { rankRows } from './rank'

/** Below this share of all leads, a filter is rare enough to find its rows first and sort them. */
const RARE_SHARE = 0.02
/** A search with fewer hits than this is read whole and sorted; with more, the sort's index leads. */
const FTS_PROBE = 20_000
/** A prefix standing for more indexed terms than this is searched as a prefix after all. */
const MAX_EXPANSION = 16

const quoted = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ')
const SYNC_STATE_SQL = `(SELECT CASE
    WHEN sum(o.state IN (${quoted(SYNC_STATE_OUTBOX.conflict)})) THEN 'conflict'
    WHEN sum(o.state IN (${quoted(SYNC_STATE_OUTBOX.failed)})) THEN 'failed'
    WHEN sum(o.state IN (${quoted(SYNC_STATE_OUTBOX.waiting)})) THEN 'waiting'
    WHEN sum(o.state IN (${quoted(SYNC_STATE_OUTBOX.localOnly)})) THEN 'localOnly' END
  FROM outbox o WHERE o.lead_id = l.id)`
const UNDELIVERED = quoted([...SYNC_STATE_OUTBOX.waiting, ...SYNC_STATE_OUTBOX.conflict, ...SYNC_STATE_OUTBOX.failed])

interface TableRowRecord extends LeadRow {
  platform: string
  last_message_by: string | null
  website_visits: number | null
  sort_last_seen: string
  sync_state: SyncState | null
}

/**
 * What a table row reads, named column by column: `l.*` would also compute every generated sort
 * key (one parses the platform JSON) and carry the raw JSON across for nothing.
 */
const ROW_COLUMNS = `l.id, l.connection_id, l.remote_id, l.kind, l.name, l.email, l.phone, l.phone_prefix, l.status,
  l.agent, l.city, l.country, l.tags_json, l.notes_json, l.attributes_json, l.last_message_text,
  l.last_message_at, l.last_message_by, l.website_visits, l.remote_created_at, l.remote_updated_at,
  l.sort_last_seen, '' AS raw_json,
  (SELECT platform FROM connections WHERE id = l.connection_id) AS platform,
  (SELECT count(*) FROM outbox o WHERE o.lead_id = l.id AND o.state IN (${UNDELIVERED})) AS pending_edits,
  (SELECT count(*) FROM outbox o WHERE o.lead_id = l.id AND o.state IN (${quoted(SYNC_STATE_OUTBOX.localOnly)})) AS local_only,
  ${SYNC_STATE_SQL} AS sync_state`

function toTableRow(row: TableRowRecord): TableRow {
  return {
    ...toLead(row),
    platform: row.platform,
    lastMessageBy: row.last_message_by,
    lastSeenAt: row.sort_last_seen || null,
    websiteVisits: row.website_visits,
    syncState: row.sync_state
  }
}

/** Whole table rows for ids, in the order given. */
export async function tableRowsByIds(db: Database, ids: readonly number[]): Promise<TableRow[]> {
  if (ids.length === 0) return []
  const rows = await db.all<TableRowRecord>(
    `SELECT ${ROW_COLUMNS} FROM leads l WHERE l.id IN (${ids.map(() => '?').join(',')})`,
    ids
  )
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => {
    const row = byId.get(id)
    return row ? [toTableRow(row)] : []
  })
}

/** How many leads in all, from the kept counts. */
export async function countAll(db: Database): Promise<number> {
  return (await db.get<{ n: number }>('SELECT ifnull(sum(n), 0) AS n FROM lead_counts'))?.n ?? 0
}

/**
 * How many leads match. From the kept counts when the filters are all counted dimensions (a sum
 * over a few hundred rows), a single tag from its own count, otherwise by counting the rows.
 */
export async function countMatching(db: Database, query: LeadQuery): Promise<number> {
  const f = query.filters
  const counted = countedSql(f)
  if (!query.search.trim() && counted.complete)
    return (await db.get<{ n: number }>(counted.sql, counted.params))?.n ?? 0
  const active = Object.entries(f).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
  if (!query.search.trim() && active.length === 1 && f.tags?.mode === 'any' && f.tags.values.length === 1) {
    return (
      (await db.get<{ n: number }>('SELECT ifnull(max(n), 0) AS n FROM tag_counts WHERE tag = ?', f.tags.values))?.n ??
      0
    )
  }
  const match = await expandSearch(db, query.search)
  if (match && active.length === 0) {
    // Every lead has exactly one row in the index (migration 2's triggers): count hits there.
    return (await db.get<{ n: number }>('SELECT count(*) AS n FROM leads_fts WHERE leads_fts MATCH ?', [match]))?.n ?? 0
  }
  const q = compileLeadQuery(query, { match })
  return (await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${q.from} WHERE ${q.where}`, q.params))?.n ?? 0
}

/**
 * The search as an FTS5 expression, each word of three letters or more replaced by the indexed
 * terms it is a prefix of (when there are few): the same rows, but read term by term instead of
 * merging every doclist first. One- and two-letter prefixes have their own index (migration 8).
 */
export async function expandSearch(db: Database, search: string): Promise<string | null> {
  const expanded = new Map<string, string[]>()
  for (const term of searchTerms(search)) {
    const form = indexedForm(term)
    if (!form || form.length < 3) continue
    const rows = await db.all<{ term: string }>(
      `SELECT term FROM leads_fts_vocab WHERE term >= ? AND term < ? LIMIT ${MAX_EXPANSION + 1}`,
      [form, `${form}\u{10FFFF}`]
    )
    if (rows.length <= MAX_EXPANSION)
      expanded.set(
        term,
        rows.map((r) => r.term)
      )
  }
  return ftsQuery(search, expanded)
}

/**
 * How the page query should find its rows: walk the sort's index with the filters checked per
 * row (costs about page size ÷ share of matching rows, so it wins unless a filter is rare), read a
 * rare search's hits and sort them, or let SQLite choose. The kept counts and a capped probe of
 * the search tell cheaply how rare each filter is.
 */
async function chooseDrive(
  db: Database,
  query: LeadQuery,
  match: string | null
): Promise<'sort' | 'search' | undefined> {
  const f = query.filters
  const hasFilter = Object.values(f).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0))
  if (!hasFilter && !match) return undefined
  if (query.sort[0]?.column === 'relevance' && match) return undefined
  const all = await countAll(db)
  if (all === 0) return undefined
  if (match) {
    const hits = await db.get<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM leads_fts WHERE leads_fts MATCH ? LIMIT ${FTS_PROBE})`,
      [match]
    )
    if ((hits?.n ?? 0) < FTS_PROBE) return 'search'
  }
  let estimate = all
  const counted = countedSql(f)
  if (counted.params.length > 0) {
    estimate = Math.min(estimate, (await db.get<{ n: number }>(counted.sql, counted.params))?.n ?? 0)
  }
  if (f.tags?.values.length && f.tags.mode !== 'none') {
    const tagCounts = await db.all<{ n: number }>(
      `SELECT n FROM tag_counts WHERE tag IN (${f.tags.values.map(() => '?').join(',')})`,
      f.tags.values
    )
    const n =
      f.tags.mode === 'any'
        ? tagCounts.reduce((a, r) => a + r.n, 0)
        : tagCounts.length
          ? Math.min(...tagCounts.map((r) => r.n))
          : 0
    estimate = Math.min(estimate, f.tags.mode === 'all' && tagCounts.length < f.tags.values.length ? 0 : n)
  }
  // Dates, sync states: no kept count; SQLite's own estimate decides.
  const uncounted = f.created || f.updated || f.lastMessage || f.syncState?.length
  if (uncounted && estimate === all && !match) return undefined
  return estimate / all >= RARE_SHARE ? 'sort' : undefined
}

/**
 * The statement that reads `query`'s rows in the requested window, with each row's sort keys as
 * k0, k1, … (the cursor), and how it was compiled. Built here so tests can check its plan.
 */
export async function pageStatement(
  db: Database,
  query: LeadQuery,
  window: TableWindow,
  limit: number,
  now = new Date()
): Promise<{ sql: string; params: SqlValue[]; q: CompiledLeadQuery; backwards: boolean }> {
  const match = await expandSearch(db, query.search)
  const q = compileLeadQuery(query, { now, match, drive: await chooseDrive(db, query, match) })
  const keys = q.keys.map((k, i) => `${k} AS k${i}`).join(', ')
  const backwards = 'offsetFromEnd' in window || 'before' in window
  let extra: { sql: string; params: SqlValue[] } | null = null
  if ('after' in window) extra = after(q, window.after, false)
  if ('before' in window) extra = after(q, window.before, true)
  const skip = 'offset' in window ? window.offset : 'offsetFromEnd' in window ? window.offsetFromEnd : 0
  // One statement: SQLite skips offset rows on the index before it reads any table row.
  return {
    sql: `SELECT ${ROW_COLUMNS}, ${keys} FROM ${q.from} WHERE ${q.where}${extra ? ` AND ${extra.sql}` : ''}
     ORDER BY ${backwards ? q.reverseOrderBy : q.orderBy} LIMIT ? OFFSET ?`,
    params: [...q.params, ...(extra?.params ?? []), limit, skip],
    q,
    backwards
  }
}

/** Rows of `query` in the requested window, and the cursors of its first and last rows. */
export async function readWindow(
  db: Database,
  query: LeadQuery,
  window: TableWindow,
  limit: number,
  now = new Date()
): Promise<{ rows: TableRow[]; first: Cursor | null; last: Cursor | null }> {
  const { sql, params, q, backwards } = await pageStatement(db, query, window, limit, now)
  const found = await db.all<TableRowRecord & Record<string, SqlValue>>(sql, params)
  if (backwards) found.reverse()
  const cursorOf = (row: Record<string, SqlValue> | undefined): Cursor | null =>
    row ? q.keys.map((_, i) => toCursorValue(row[`k${i}`])) : null
  let rows = found.map(toTableRow)
  // Relevance reads hits newest first; only the page in hand is ranked, never all hits.
  if (q.keys[0] === 'leads_fts.rowid') rows = rankRows(rows, searchTerms(query.search))
  return { rows, first: cursorOf(found[0]), last: cursorOf(found.at(-1)) }
}

function after(q: CompiledLeadQuery, cursor: Cursor, reverse: boolean): { sql: string; params: SqlValue[] } {
  if (cursor.length !== q.keys.length) {
    throw new AppError('INVALID_INPUT', 'That position belongs to another sort order; start from the top.')
  }
  return afterRow(q, cursor, reverse)
}

function toCursorValue(value: SqlValue | undefined): string | number | null {
  if (value === undefined || value === null) return null
  if (typeof value === 'string' || typeof value === 'number') return value
  return String(value)
}

/**
 * Distinct tags or agents starting with `prefix`, for completion. Each value is one index seek
 * past the previous one, so a prefix shared by a million rows still costs `limit` seeks.
 */
export async function facetValues(
  db: Database,
  field: 'tag' | 'agent',
  prefix: string,
  limit: number
): Promise<{ value: string; count: number | null }[]> {
  const out: { value: string; count: number | null }[] = []
  if (field === 'tag') {
    const rows = await db.all<{ tag: string; n: number }>(
      `SELECT tag, n FROM tag_counts WHERE tag >= ? AND tag < ? AND n > 0 ORDER BY n DESC, tag LIMIT ?`,
      [prefix, `${prefix}\u{10FFFF}`, limit]
    )
    return rows.map((r) => ({ value: r.tag, count: r.n }))
  }
  const low = prefix.toLowerCase()
  let from = low
  let inclusive = true
  while (out.length < limit) {
    const row = await db.get<{ agent: string | null; key: string }>(
      `SELECT agent, sort_agent AS key FROM leads WHERE sort_agent ${inclusive ? '>=' : '>'} ? AND sort_agent < ?
       ORDER BY sort_agent LIMIT 1`,
      [from, `${low}\u{10FFFF}`]
    )
    if (!row) break
    if (row.key !== '' && row.agent) out.push({ value: row.agent, count: null })
    from = row.key
    inclusive = false
  }
  return out
}
