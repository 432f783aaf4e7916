import type { ExportOptions } from '../../shared/contract/csv-export'
import {
  attributeKeyOf,
  EXPORT_FIELDS,
  isFieldId,
  type ExportColumnId,
  type ExportFieldId
} from '../../shared/csv/columns'
import { FORMULA_TRIGGERS, GUARD_PREFIX, LEADING_SPACES } from '../../shared/csv/cells'
import type { SqlValue } from '../db/database'

/*
 * The export's cell encoding as SQL expressions, so that SQLite builds the CSV text itself and a
 * page of rows reaches JavaScript as one string: turning rows into objects is what caps a Node
 * export near 100,000 rows/s. Must produce the same bytes as `encodeCell` in
 * src/shared/csv/cells.ts; test/csv/sql-cells.test.ts holds them to that.
 */

const codes = (chars: readonly string[]): string => chars.map((c) => c.codePointAt(0)).join(', ')
const TRIGGERS = codes(FORMULA_TRIGGERS)
const SPACES = codes(LEADING_SPACES)
const SPACE_SET = `char(${SPACES})`
const APOSTROPHE = GUARD_PREFIX.codePointAt(0)

/** `isFormulaLike(v)`: the first character after leading spaces is a trigger. */
function formulaLike(v: string): string {
  return `(unicode(${v}) IN (${TRIGGERS}) OR (unicode(${v}) IN (${SPACES}) AND unicode(ltrim(${v}, ${SPACE_SET})) IN (${TRIGGERS})))`
}

/** `looksGuarded(v)`: apostrophes, then something formula-like. */
function looksGuarded(v: string): string {
  return `(unicode(${v}) = ${APOSTROPHE} AND ${formulaLike(`ltrim(${v}, '${GUARD_PREFIX}${GUARD_PREFIX}')`)})`
}

function delimiterSql(delimiter: ExportOptions['delimiter']): string {
  return delimiter === '\t' ? 'char(9)' : `'${delimiter}'`
}

/** `encodeCell(v)` for a value expression `v` that is a plain column reference (it is repeated). */
export function cellSql(v: string, options: Pick<ExportOptions, 'delimiter' | 'guard'>): string {
  const prefixed = options.guard ? `${formulaLike(v)} OR ${looksGuarded(v)}` : looksGuarded(v)
  const quoted = `'"' || replace(${v}, '"', '""') || '"'`
  return `CASE WHEN ${v} IS NULL THEN ''
    WHEN ${prefixed} THEN '"${GUARD_PREFIX}${GUARD_PREFIX}' || replace(${v}, '"', '""') || '"'
    WHEN instr(${v}, '"') OR instr(${v}, ${delimiterSql(options.delimiter)}) OR instr(${v}, char(10)) OR instr(${v}, char(13)) THEN ${quoted}
    ELSE ${v} END`
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
  websiteVisits: 'l.website_visits',
  createdAt: 'l.remote_created_at',
  updatedAt: 'l.remote_updated_at',
  syncedAt: 'l.synced_at',
  raw: 'l.raw_json'
}

/** The value one column takes for the lead `l` (joined to its connection `c`), before encoding. */
function valueSql(id: ExportColumnId, format: ExportOptions['format'], params: SqlValue[]): string {
  if (isFieldId(id)) {
    const column = FIELD_SQL[id]
    return EXPORT_FIELDS[id].kind === 'date' && format === 'excel'
      ? `strftime('%Y-%m-%d %H:%M:%S', ${column}, 'localtime')`
      : column
  }
  // The first attribute with this key, as `find` would pick it; the key is bound, never spliced.
  params.push(attributeKeyOf(id))
  return `(SELECT j.value ->> '$.value' FROM json_each(l.attributes_json) AS j WHERE j.value ->> '$.key' = ? LIMIT 1)`
}

export interface PageQuery {
  /** Takes the key parameters, then the page's first and last position (inclusive). */
  sql: string
  params: SqlValue[]
}

/**
 * One page of the export as one string: the lines of the rows at positions [from, to] of the
 * snapshot table, each ended by the line break. The inner query is ordered, so SQLite runs it as
 * a co-routine (no flattening into the aggregate) and every value is computed once, in order.
 */
export function pageQuery(columns: readonly ExportColumnId[], options: ExportOptions, snapshot: string): PageQuery {
  const params: SqlValue[] = []
  const values = columns.map((id, i) => `${valueSql(id, options.format, params)} AS v${i}`)
  const line = columns.map((_, i) => cellSql(`v${i}`, options)).join(` || ${delimiterSql(options.delimiter)} || `)
  const newline = options.format === 'excel' ? 'char(13, 10)' : 'char(10)'
  const needsConnection = columns.some((id) => id === 'connection' || id === 'platform')
  const sql = `
    SELECT CAST(group_concat(${line}, ${newline}) || ${newline} AS BLOB) AS chunk, count(*) AS n
    FROM (
      SELECT ${values.join(', ')}
      FROM ${snapshot} AS t CROSS JOIN leads AS l ON l.id = t.lead_id
      ${needsConnection ? 'LEFT JOIN connections AS c ON c.id = l.connection_id' : ''}
      WHERE t.pos BETWEEN ? AND ?
      ORDER BY t.pos
    )`
  return { sql, params }
}
