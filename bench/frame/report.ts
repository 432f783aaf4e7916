import { median, p95 } from './stats'
import type { Goal, Measurement } from './types'

/** One row of the table and of `--json`. */
export interface Row {
  operation: string
  ours: number
  baseline: number | null
  baselineIs: string | null
  /** ours ÷ baseline. */
  ratio: number | null
  unit: string
  median: number | null
  p95: number | null
  runs: number
  peakRssMB: number | null
  baselinePeakRssMB: number | null
  goal: string | null
  met: boolean | null
  notes: string[]
}

const SYMBOL: Record<Goal['op'], string> = { '>=': '≥', '<=': '≤', '<': '<', '>': '>', '=': '=' }

function goalText(goal: Goal, unit: string): string {
  if (goal.on === 'ratio') return `ratio ${SYMBOL[goal.op]} ${goal.value}×`
  if (goal.on === 'peakRssMB') return `peak RSS ${SYMBOL[goal.op]} ${goal.value} MB`
  return `${SYMBOL[goal.op]} ${goal.value.toLocaleString('en')} ${unit}`
}

function holds(goal: Goal, value: number | null): boolean {
  if (value === null || Number.isNaN(value)) return false
  switch (goal.op) {
    case '>=':
      return value >= goal.value
    case '<=':
      return value <= goal.value
    case '<':
      return value < goal.value
    case '>':
      return value > goal.value
    case '=':
      return value === goal.value
  }
}

export function toRow(m: Measurement): Row {
  const repeated = m.samples !== undefined && m.samples.length > 1
  const ours = m.samples && m.samples.length > 0 ? median(m.samples) : m.ours
  const ratio = m.baseline === null || m.baseline === 0 ? null : ours / m.baseline
  const goals = m.goals ?? []
  const values = { ours, ratio, peakRssMB: m.peakRssMB }
  return {
    operation: m.operation,
    ours,
    baseline: m.baseline,
    baselineIs: m.baselineIs,
    ratio,
    unit: m.unit,
    median: repeated ? ours : null,
    p95: repeated ? p95(m.samples!) : null,
    runs: m.samples?.length ?? 1,
    peakRssMB: m.peakRssMB,
    baselinePeakRssMB: m.baselinePeakRssMB ?? null,
    goal: goals.length ? goals.map((g) => goalText(g, m.unit)).join('; ') : null,
    met: goals.length ? goals.every((g) => holds(g, values[g.on])) : null,
    notes: [...(m.notes ?? [])]
  }
}

export function formatNumber(value: number | null): string {
  if (value === null || Number.isNaN(value)) return '—'
  const abs = Math.abs(value)
  if (abs >= 100 || Number.isInteger(value)) return Math.round(value).toLocaleString('en')
  if (abs >= 10) return value.toFixed(1)
  return value.toPrecision(3)
}

function mb(value: number | null): string {
  return value === null ? '—' : `${Math.round(value).toLocaleString('en')}`
}

export function table(rows: readonly Row[]): string {
  const lines = [
    '| operation | ours | baseline | ratio | unit | p95 (runs) | peak RSS MB (baseline) | baseline is | goal | met |',
    '| --- | ---: | ---: | ---: | --- | ---: | ---: | --- | --- | :-: |'
  ]
  for (const r of rows) {
    const p = r.p95 === null ? '—' : `${formatNumber(r.p95)} (${r.runs})`
    const rss = r.baselinePeakRssMB === null ? mb(r.peakRssMB) : `${mb(r.peakRssMB)} (${mb(r.baselinePeakRssMB)})`
    const ratio = r.ratio === null ? '—' : `${r.ratio >= 100 ? formatNumber(r.ratio) : r.ratio.toPrecision(3)}×`
    const met = r.met === null ? '' : r.met ? 'yes' : '**no**'
    lines.push(
      `| ${r.operation} | ${formatNumber(r.ours)} | ${formatNumber(r.baseline)} | ${ratio} | ${r.unit} | ${p} | ${rss} | ${r.baselineIs ?? '—'} | ${r.goal ?? ''} | ${met} |`
    )
  }
  return lines.join('\n')
}
