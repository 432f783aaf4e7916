import type { TableRow } from '../../shared/contract'

/** Where a match counts most: a hit in the name says more than one in an old message. */
const WEIGHTS: [number, (row: TableRow) => string | null][] = [
  [8, (r) => r.name],
  [6, (r) => r.email],
  [6, (r) => (r.phone ? `${r.phonePrefix ?? ''} ${r.phone}` : null)],
  [4, (r) => r.tags.join(' ')],
  [2, (r) => r.attributes.map((a) => `${a.key} ${a.value}`).join(' ')],
  [1, (r) => r.notes.map((n) => `${n.title} ${n.description}`).join(' ')],
  [1, (r) => r.lastMessageText]
]

const tokens = (text: string): string[] => fold(text).split(/[^\p{L}\p{N}]+/u)
const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

/**
 * A page of search hits in relevance order: per field, the share of its words that start with a
 * search word (a whole-word match counts double), weighted by field. Stable: equal scores keep
 * the order they came in (newest first).
 */
export function rankRows(rows: TableRow[], terms: readonly string[]): TableRow[] {
  const wanted = terms.map(fold).filter(Boolean)
  if (wanted.length === 0 || rows.length < 2) return rows
  const score = (row: TableRow): number => {
    let total = 0
    for (const [weight, field] of WEIGHTS) {
      const words = tokens(field(row) ?? '').filter(Boolean)
      if (words.length === 0) continue
      let hits = 0
      for (const word of words) {
        for (const term of wanted) if (word.startsWith(term)) hits += word === term ? 2 : 1
      }
      total += (weight * hits) / Math.sqrt(words.length)
    }
    return total
  }
  return rows
    .map((row, i) => ({ row, i, s: score(row) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.row)
}
