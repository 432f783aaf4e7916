/*
 * The inverse of our export's formula guard (wt/csv-export: src/shared/csv/cells.ts, unguardCell):
 * the export puts one apostrophe before a value a spreadsheet would run as a formula, and one more
 * before a value that already looks guarded, so dropping exactly one apostrophe from a cell that
 * "looks guarded" gives the value back. Kept identical to theirs; replace with an import of it
 * once that branch is merged.
 */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'])
const SPACES = new Set([
  ' ',
  '\u000B',
  '\u000C',
  '\u00A0',
  '\u1680',
  '\u2000',
  '\u2001',
  '\u2002',
  '\u2003',
  '\u2004',
  '\u2005',
  '\u2006',
  '\u2007',
  '\u2008',
  '\u2009',
  '\u200A',
  '\u2028',
  '\u2029',
  '\u202F',
  '\u205F',
  '\u3000',
  '\uFEFF'
])

function isFormulaLike(value: string, from: number): boolean {
  let i = from
  while (i < value.length && SPACES.has(value[i]!)) i++
  return i < value.length && TRIGGERS.has(value[i]!)
}

export function unguardCell(cell: string): string {
  if (cell[0] !== "'") return cell
  let i = 0
  while (i < cell.length && cell[i] === "'") i++
  return isFormulaLike(cell, i) ? cell.slice(1) : cell
}
