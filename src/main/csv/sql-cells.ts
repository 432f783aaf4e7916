import type { ExportOptions } from '../../shared/contract/csv-export'
import {
  attributeKeyOf,
  EXPORT_FIELDS,
  isFieldId,
  type ExportColumnId,
  type ExportFieldId
} from '../../shared/csv/columns'
import { FORMULA_TRIGGERS, GUARD_PREFIX, LEADING_SPACES } from '../../shared/csv/cells'
import type { SqlValue } from '../db'

/*
 * The export's cell encoding as SQL expressions, so that SQLite builds the CSV text itself and a
 * page of rows reaches JavaScript as one string: turning rows into objects is what caps a Node
 * export near 100,000 rows/s. Must produce the same bytes as `encodeCell` in
 * src/shared/csv/cells.ts; test/csv/sql-cells.test.ts holds them to that.
 */

const codes = (chars: readonly string[]): number[] => chars.map((c) => c.codePointAt(0)!)
const TRIGGERS = codes(FORMULA_TRIGGERS)
const SPACES = codes(LEADING_SPACES)
const SPACE_SET = `char(${SPACES.join(', ')})`
const APOSTROPHE = GUARD_PREFIX.codePointAt(0)!

/** `x` is one of `set`: `IN` evaluates `x` (a function of the value) once, then compares. */
function oneOf(x: string, set: readonly number[]): string {
  return `${x} IN (${set.join(', ')})`
}

/** `isFormulaLike(v)`: the first character after leading spaces is a trigger. */
function formulaLike(v: string): string {
  const first = `unicode(${v})`
  return `(${oneOf(first, TRIGGERS)} OR (${oneOf(first, SPACES)} AND ${oneOf(`unicode(ltrim(${v}, ${SPACE_SET}))`, TRIGGERS)}))`
}

/** `looksGuarded(v)`: apostrophes, then something formula-like. */
function looksGuarded(v: string): string {
  return `(unicode(${v}) = ${APOSTROPHE} AND ${formulaLike(`ltrim(${v}, '${GUARD_PREFIX}${GUARD_PREFIX}')`)})`
}

/** The first code points of every value that can get the guard's prefix: triggers, spaces, the apostrophe. */
const STARTERS = [...new Set([...TRIGGERS, ...SPACES, APOSTROPHE])].sort((a, b) => a - b)
const LAST_CODE_POINT = 0x10ffff

/**
 * First code points no value that starts with can be empty or get the prefix, as [first, last]
 * ranges: digits, letters to U+009F (with '[' and '{'), and most of the rest of Unicode (Arabic,
 * Devanagari, CJK, emoji, …) between the spaces and full-width forms that are starters.
 */
const PLAIN_STARTS: [number, number][] = (() => {
  const out: [number, number][] = [
    [65, 159],
    [48, 57]
  ]
  let from = 160
  for (const code of STARTERS.filter((c) => c >= 160)) {
    // Gaps narrower than this are left to the exact test: one range less to compare with.
    if (code - from >= 32) out.push([from, code - 1])
    from = code + 1
  }
  out.push([from, LAST_CODE_POINT - 1])
  if (out.some(([a, b]) => STARTERS.some((code) => code >= a && code <= b))) {
    throw new Error('sql-cells: a guard starter lies in a plain range')
  }
  return out
})()

/** A code point as an SQL string of that one character. */
function charSql(code: number): string {
  const c = String.fromCodePoint(code)
  return /^[0-9A-Za-z:]$/.test(c) ? `'${c}'` : `char(${code})`
}

/**
 * `v` is text whose first code point is in a plain range, by comparing `v` itself with one-character
 * strings (UTF-8 sorts by code point; no function call): `v >= char(a) AND v < char(b + 1)`.
 * NULL, numbers (below every text) and blobs (above) fail it and take the exact test.
 */
function plainStart(v: string): string {
  return `(${PLAIN_STARTS.map(([a, b]) => `(${v} >= ${charSql(a)} AND ${v} < ${charSql(b + 1)})`).join(' OR ')})`
}

function delimiterSql(delimiter: ExportOptions['delimiter']): string {
  return delimiter === '\t' ? 'char(9)' : `'${delimiter}'`
}

/**
 * The printf format piece of `encodeCell(v)`, for a value `v` computed once by the inner query.
 * Most values start with a letter or a digit and are settled by a few comparisons of `v` itself;
 * the rest take the exact test by `unicode(v)` (NULL when `v` is empty or starts with a NUL). The
 * line is then one `printf` of the pieces over the values: `%w` doubles the quotes in C
 * and the line is built in one allocation, where `'"' || replace(v, …) || '"'` made three per cell.
 * `%.0s` takes the value and writes nothing (an empty cell). printf reads a value up to its first
 * NUL character, so a NUL ends a cell's text; encodeCell does the same.
 */
export function cellFormatSql(v: string, guard: boolean): string {
  const prefixed = guard ? `${formulaLike(v)} OR ${looksGuarded(v)}` : looksGuarded(v)
  return `CASE WHEN ${v} IS NULL THEN '%.0s'
    WHEN ${plainStart(v)} THEN '"%w"'
    WHEN unicode(${v}) IS NULL THEN '%.0s'
    WHEN ${prefixed} THEN '"${GUARD_PREFIX}${GUARD_PREFIX}%w"'
    ELSE '"%w"' END`
}

const FIELD_SQL: Record<ExportFieldId, string> = {
  name: 'l.name',
  email: 'l.email',
  phone: 'l.phone',
  phonePrefix: 'l.phone_prefix',
  status: 'l.status',
  agent: 'l.agent',
  tags: 'l.tags_json',
  notes: 'l.notes_json',
  attributes: 'l.attributes_json',
  connection: 'c.name',
  platform: 'c.platform',
  connectionId: 'l.connection_id',
  remoteId: 'l.remote_id',
  kind: 'l.kind',
  city: 'l.city',
  country: 'l.country',
  gender: 'l.gender',
  picture: 'l.picture',
  lastMessageText: 'l.last_message_text',
  lastMessageAt: 'l.last_message_at',
  lastMessageBy: 'l.last_message_by',
  lastSeen: "nullif(l.sort_last_seen, '')",
  websiteVisits: 'l.website_visits',
  createdAt: 'l.remote_created_at',
  updatedAt: 'l.remote_updated_at',
  syncedAt: 'l.synced_at',
  raw: 'l.raw_json'
}

/** The value one column takes for the lead `l` (joined to its connection `c`), before encoding. */
function valueSql(id: ExportColumnId, params: SqlValue[]): string {
  if (isFieldId(id)) return FIELD_SQL[id]
  // The first attribute with this key, as `find` would pick it; the key is bound, never spliced.
  params.push(attributeKeyOf(id))
  return `(SELECT j.value ->> '$.value' FROM json_each(l.attributes_json) AS j WHERE j.value ->> '$.key' = ? LIMIT 1)`
}

/** Excel's dates: digits, dashes, colons and a space, which need neither escaping nor the guard. */
function isExcelDate(id: ExportColumnId, options: ExportOptions): boolean {
  return options.format === 'excel' && isFieldId(id) && EXPORT_FIELDS[id].kind === 'date'
}

export interface PageQuery {
  /** Takes the key parameters, then the page's first and last position (inclusive). */
  sql: string
  params: SqlValue[]
}

/**
 * One page of the export as one string: the lines of the rows at positions [from, to] of the
 * snapshot table, each ended by the line break. The inner query is ordered, so SQLite runs it as
 * a co-routine (no flattening into the aggregate): every value is computed once, in order, and
 * the outer expressions only read it.
 */
export function pageQuery(columns: readonly ExportColumnId[], options: ExportOptions, snapshot: string): PageQuery {
  const params: SqlValue[] = []
  const inner = columns.map((id, i) => {
    const value = valueSql(id, params)
    // datetime() writes `YYYY-MM-DD HH:MM:SS` as strftime with that format does, at a third of the cost.
    if (isExcelDate(id, options)) return `datetime(${value}, 'localtime') AS v${i}`
    // Unary + drops the column's affinity: `v >= '0'` must compare `v` as it is stored, never
    // turn '0' into a number because `v` comes from an INTEGER column (see plainStart).
    return `+${value} AS v${i}`
  })
  const pieces = columns.map((id, i) => {
    // Excel's dates: digits, dashes, colons and a space, which need neither escaping nor the guard.
    if (isExcelDate(id, options)) return `CASE WHEN v${i} IS NULL THEN '%.0s' ELSE '"%s"' END`
    return cellFormatSql(`v${i}`, options.guard)
  })
  // The delimiters are constants of the format; none of them is a '%'.
  const format = `concat_ws(${delimiterSql(options.delimiter)}, ${pieces.join(',\n')})`
  const line = `printf(${format}, ${columns.map((_, i) => `v${i}`).join(', ')})`
  const newline = options.format === 'excel' ? 'char(13, 10)' : 'char(10)'
  const needsConnection = columns.some((id) => id === 'connection' || id === 'platform')
  const sql = `
    SELECT CAST(group_concat(${line}, ${newline}) || ${newline} AS BLOB) AS chunk, count(*) AS n
    FROM (
      SELECT ${inner.join(', ')}
      FROM ${snapshot} AS t CROSS JOIN leads AS l ON l.id = t.lead_id
      ${needsConnection ? 'LEFT JOIN connections AS c ON c.id = l.connection_id' : ''}
      WHERE t.pos BETWEEN ? AND ?
      ORDER BY t.pos
    )`
  return { sql, params }
}
