import type { LeadQuery } from '../../../shared/contract'
import { drillDown, type Segment } from '../../../shared/dashboard'
import { formatCount } from '../lib/format'
import { leadsUrlFor } from './links'

/** One number of a chart: its count, and the link to exactly those leads when there can be one. */
export interface Cell {
  n: number
  /** The accessible name, e.g. "OPEN: 1,204 leads". */
  name: string
  query: LeadQuery | null
}

/** A chart's numbers as a table: what the data-table toggle shows and the CSV holds. */
export interface ChartData {
  rowHeader: string
  columns: readonly string[]
  rows: readonly { label: string; cells: readonly Cell[] }[]
}

export const leadsText = (n: number): string => `${formatCount(n)} ${n === 1 ? 'lead' : 'leads'}`

export function cell(base: LeadQuery, segment: Segment, n: number, what: string): Cell {
  return { n, name: `${what}: ${leadsText(n)}`, query: n > 0 ? drillDown(base, segment) : null }
}

export const hrefOf = (c: Cell): string | null => (c.query ? leadsUrlFor(c.query) : null)

export function csvRows(data: ChartData): (string | number)[][] {
  return [[data.rowHeader, ...data.columns], ...data.rows.map((r) => [r.label, ...r.cells.map((c) => c.n)])]
}

/** Chart colours: tokens of the Okabe-Ito palette (tokens.css), by position. */
export const seriesColour = (i: number): string => `var(--chart-${(i % 8) + 1})`
