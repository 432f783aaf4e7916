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

/** `u` (a first code point) is one of `set`: a chain of comparisons, which SQLite short-circuits. */
function oneOf(u: string, set: readonly number[]): string {
  return `(${set.map((code) => `${u} = ${code}`).join(' OR ')})`
}

/** `isFormulaLike(v)`, given `u = unicode(v)`: the first character after leading spaces is a trigger. */
function formulaLike(v: string, u: string): string {
  return `(${oneOf(u, TRIGGERS)} OR (${oneOf(u, SPACES)} AND ${oneOf(`unicode(ltrim(${v}, ${SPACE_SET}))`, TRIGGERS)}))`
}

/** `looksGuarded(v)`, given `u = unicode(v)`: apostrophes, then something formula-like. */
function looksGuarded(v: string, u: string): string {
  const rest = `ltrim(${v}, '${GUARD_PREFIX}${GUARD_PREFIX}')`
  return `(${u} = ${APOSTROPHE} AND ${formulaLike(rest, `unicode(${rest})`)})`
}

// Every first character that can start a prefixed cell is below 'A' but not a digit, or one of a
// few spaces above: one cheap test lets letters, digits, '[' and '{' skip the rest.
const MAYBE_PREFIXED = (u: string): string => `((${u} < 65 AND (${u} < 48 OR ${u} > 57)) OR ${u} > 159)`

function delimiterSql(delimiter: ExportOptions['delimiter']): string {
  return delimiter === '\t' ? 'char(9)' : `'${delimiter}'`
}

/**
 * The printf format piece of `encodeCell(v)`, for a value `v` and its first code point `u`
 * (`unicode(v)`, NULL when `v` is NULL, empty or starts with a NUL), both computed once by the inner
 * query. The line is then one `printf` of the pieces over the values: `%w` doubles the quotes in C
 * and the line is built in one allocation, where `'"' || replace(v, …) || '"'` made three per cell.
 * `%.0s` takes the value and writes nothing (an empty cell). printf reads a value up to its first
 * NUL character, so a NUL ends a cell's text; encodeCell does the same.
 */
export function cellFormatSql(v: string, u: string, guard: boolean): string {
  const prefixed = guard ? `${formulaLike(v, u)} OR ${looksGuarded(v, u)}` : looksGuarded(v, u)
  return `CASE WHEN ${u} IS NULL THEN '%.0s'
    WHEN ${MAYBE_PREFIXED(u)} AND (${prefixed}) THEN '"${GUARD_PREFIX}${GUARD_PREFIX}%w"'
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
 * a co-routine (no flattening into the aggregate): every value and its first code point are
 * computed once, in order, and the outer expressions only read them.
 */
export function pageQuery(columns: readonly ExportColumnId[], options: ExportOptions, snapshot: string): PageQuery {
  const params: SqlValue[] = []
  const inner = columns.map((id, i) => {
    const value = valueSql(id, params)
    // datetime() writes `YYYY-MM-DD HH:MM:SS` as strftime with that format does, at a third of the cost.
    if (isExcelDate(id, options)) return `datetime(${value}, 'localtime') AS v${i}`
    // An attribute's value is a subquery with a bound key: not worth running twice for its code point.
    return isFieldId(id) ? `${value} AS v${i}, unicode(${value}) AS u${i}` : `${value} AS v${i}`
  })
  const pieces = columns.map((id, i) => {
    // Excel's dates: digits, dashes, colons and a space, which need neither escaping nor the guard.
    if (isExcelDate(id, options)) return `CASE WHEN v${i} IS NULL THEN '%.0s' ELSE '"%s"' END`
    return cellFormatSql(`v${i}`, isFieldId(id) ? `u${i}` : `unicode(v${i})`, options.guard)
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
