import type { SqlValue } from '../../db'
import type { SortTerm } from './sort'

const MAX_ID = '9223372036854775807'

/**
 * The condition "comes after this row" in the order of `terms` (or before it, `reverse`), where
 * `cursor` holds the row's value of each term. Shaped so SQLite seeks into the sort's index rather
 * than filtering from its start: a row value when every term runs one way on the leads table, and
 * for a connection-group sort a seek on the connections index plus an id bound that only applies
 * inside the cursor's own connection.
 */
export function keysetCondition(
  terms: readonly SortTerm[],
  cursor: readonly SqlValue[],
  reverse = false
): { sql: string; params: SqlValue[] } {
  if (cursor.length !== terms.length) throw new Error(`a cursor needs ${terms.length} values, got ${cursor.length}`)
  const desc = terms.map((t) => t.desc !== reverse)
  const oneWay = desc.every((d) => d === desc[0])
  const op = desc[0] ? '<' : '>'
  if (terms.length === 1) return { sql: `${terms[0]!.expr} ${op} ?`, params: [cursor[0]!] }
  const groupTerms = terms.slice(0, -1)
  if (oneWay && groupTerms.every((t) => t.expr.startsWith('c.')) && groupTerms.at(-1)!.expr === 'c.rowid') {
    const groupCursor = cursor.slice(0, -1)
    const rowid = groupCursor.at(-1)!
    const id = cursor.at(-1)!
    return {
      sql:
        `(${groupTerms.map((t) => t.expr).join(', ')}) ${op}= (${groupTerms.map(() => '?').join(', ')}) ` +
        `AND l.id ${op} CASE WHEN c.rowid = ? THEN ? ELSE ${desc[0] ? MAX_ID : '-1'} END`,
      params: [...groupCursor, rowid, id]
    }
  }
  if (oneWay && terms.every((t) => t.expr.startsWith('l.'))) {
    return {
      sql: `(${terms.map((t) => t.expr).join(', ')}) ${op} (${terms.map(() => '?').join(', ')})`,
      params: [...cursor]
    }
  }
  // Mixed directions: the plain lexicographic form (correct, but not an index seek).
  const parts: string[] = []
  const params: SqlValue[] = []
  terms.forEach((term, i) => {
    const equal = terms.slice(0, i).map((t) => `${t.expr} = ?`)
    parts.push([...equal, `${term.expr} ${desc[i] ? '<' : '>'} ?`].join(' AND '))
    params.push(...cursor.slice(0, i), cursor[i]!)
  })
  return { sql: `(${parts.map((p) => `(${p})`).join(' OR ')})`, params }
}
