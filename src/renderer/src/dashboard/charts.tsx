import { Bar, BarChart, CartesianGrid, XAxis, YAxis, type BarShapeProps } from 'recharts'
import type { Dashboard } from '../../../shared/contract'
import { LEAD_STATUSES, PLATFORM_LABELS, PLATFORMS } from '../../../shared/contract/model'
import { optionOf } from '../lib/choices'
import { STATUS_LABELS, formatCount } from '../lib/format'
import { ChartCard } from './ChartCard'
import styles from './Dashboard.module.css'
import { LinkedShape } from './LinkedShape'
import { leadsUrlFor } from './links'
import { cell, leadsText, seriesColour, type Cell, type ChartData } from './model'

export interface ChartProps {
  dashboard: Dashboard
  open(cell: Cell): void
}

const AXIS = { stroke: 'var(--muted)', fontSize: 12 }
const dateFormat = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
const monthFormat = new Intl.DateTimeFormat('en', { month: 'short', year: 'numeric', timeZone: 'UTC' })

function bucketLabel(interval: Dashboard['timeline']['interval'], from: string): string {
  const date = new Date(from)
  if (interval === 'month') return monthFormat.format(date)
  return interval === 'week' ? `Week of ${dateFormat.format(date)}` : dateFormat.format(date)
}

/** Bars drawn from a ChartData: one <Bar> per column (stacked), each segment a link. */
function Bars({
  data,
  open,
  colours,
  vertical = false,
  height,
  categoryWidth = 130
}: {
  data: ChartData
  open(cell: Cell): void
  colours: readonly string[]
  vertical?: boolean
  height: number
  categoryWidth?: number
}): React.JSX.Element {
  const rows = data.rows.map((r) => ({ label: r.label, ...Object.fromEntries(r.cells.map((c, i) => [`c${i}`, c.n])) }))
  const category = {
    dataKey: 'label',
    type: 'category' as const,
    tick: AXIS,
    stroke: 'var(--border-strong)',
    // Long names (agents are often ids) are cut on the axis; the links and the table carry them whole.
    tickFormatter: (label: string) => (label.length > 18 ? `${label.slice(0, 17)}…` : label)
  }
  const value = { type: 'number' as const, tick: AXIS, stroke: 'var(--border-strong)', allowDecimals: false }
  return (
    <BarChart
      data={rows}
      layout={vertical ? 'vertical' : 'horizontal'}
      width={vertical ? 520 : 1000}
      height={height}
      accessibilityLayer={false}
      style={{ width: '100%', maxWidth: vertical ? 560 : 1040, height }}
      responsive
      margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
    >
      <CartesianGrid stroke="var(--chart-grid)" vertical={!vertical} horizontal={vertical ? false : true} />
      {vertical ? (
        <>
          <XAxis {...value} />
          <YAxis {...category} width={categoryWidth} />
        </>
      ) : (
        <>
          <XAxis {...category} />
          <YAxis {...value} width={56} />
        </>
      )}
      {data.columns.map((column, i) => (
        <Bar
          key={column}
          dataKey={`c${i}`}
          name={column}
          stackId="a"
          isAnimationActive={false}
          fill={colours[i % colours.length]}
          shape={(p: BarShapeProps) => (
            <LinkedShape
              box={p}
              cell={data.rows[p.index]?.cells[i]}
              colour={colours[i % colours.length]!}
              open={open}
            />
          )}
        />
      ))}
    </BarChart>
  )
}

function Legend({ columns, colours }: { columns: readonly string[]; colours: readonly string[] }) {
  if (columns.length < 2) return null
  return (
    <ul className={styles.legend} aria-label="Legend">
      {columns.map((c, i) => (
        <li key={c}>
          <span className={styles.swatch} style={{ background: colours[i % colours.length] }} aria-hidden="true" />
          {c}
        </li>
      ))}
    </ul>
  )
}

// A platform series' key is its platform; a connection missing from the list keeps its id.
const platformLabel = (key: string): string => {
  const platform = optionOf(PLATFORMS, key)
  return platform ? PLATFORM_LABELS[platform] : key
}
const PLATFORM_COLOUR = (key: string): string => seriesColour(PLATFORMS.findIndex((p) => p === key))
const STATUS_COLOURS = LEAD_STATUSES.map((_, i) => seriesColour(i))

export function TimelineChart({ dashboard: d, open }: ChartProps): React.JSX.Element {
  const t = d.timeline
  const byPlatform = t.stackBy === 'platform'
  const columns = t.series.map((s) => (byPlatform ? platformLabel(s.key) : s.label))
  const colours = t.series.map((s, i) => (byPlatform ? PLATFORM_COLOUR(s.key) : seriesColour(i)))
  const data: ChartData = {
    rowHeader: t.interval === 'week' ? 'Week' : t.interval === 'day' ? 'Day' : 'Month',
    columns,
    rows: t.points.map((p) => {
      const label = bucketLabel(t.interval, p.from)
      return {
        label,
        cells: t.series.map((s, i) =>
          cell(
            d.base,
            {
              kind: 'created',
              from: p.from,
              to: p.to,
              ...(byPlatform ? { platform: s.platform } : { connection: s.key })
            },
            p.counts[s.key] ?? 0,
            `${columns[i]}, ${label}`
          )
        )
      }
    })
  }
  const dated = d.total - t.undated
  const busiest = [...data.rows].sort(
    (a, b) => b.cells.reduce((s, c) => s + c.n, 0) - a.cells.reduce((s, c) => s + c.n, 0)
  )[0]
  const summary =
    `${leadsText(dated)} created in ${formatCount(t.points.length)} ${t.interval}s, by ${t.stackBy}` +
    (busiest ? `; the most in ${busiest.label}.` : '.') +
    (t.undated ? ` ${leadsText(t.undated)} without a creation date are not shown.` : '')
  return (
    <ChartCard title="New leads over time" summary={summary} data={data} open={open} fileName="new-leads" wide>
      <Bars data={data} open={open} colours={colours} height={280} />
      <Legend columns={columns} colours={colours} />
    </ChartCard>
  )
}

export function FunnelChart({ dashboard: d, open }: ChartProps): React.JSX.Element {
  const share = (n: number) => (d.total ? `${Math.round((n / d.total) * 100)}%` : '0%')
  const data: ChartData = {
    rowHeader: 'Status',
    columns: ['Leads'],
    rows: d.funnel.steps.map((s) => ({
      label: `${STATUS_LABELS[s.status] ?? s.status} (${share(s.n)})`,
      cells: [cell(d.base, { kind: 'status', status: s.status }, s.n, s.status)]
    }))
  }
  const summary =
    d.funnel.steps.map((s) => `${s.status} ${formatCount(s.n)} (${share(s.n)})`).join(', ') +
    (d.funnel.other ? `; ${leadsText(d.funnel.other)} have another status or none.` : '.')
  return (
    <ChartCard title="Status funnel" summary={summary} data={data} open={open} fileName="status-funnel">
      <Bars data={data} open={open} colours={['var(--chart-1)']} vertical height={230} categoryWidth={150} />
    </ChartCard>
  )
}

export function AgentsChart({ dashboard: d, open }: ChartProps): React.JSX.Element {
  const data: ChartData = {
    rowHeader: 'Agent',
    columns: [...LEAD_STATUSES],
    rows: d.agents.rows.map((r) => ({
      label: r.label,
      cells: LEAD_STATUSES.map((status) =>
        cell(d.base, { kind: 'agent', agent: r.agent, status }, r.byStatus[status] ?? 0, `${r.label}, ${status}`)
      )
    }))
  }
  const totals: ChartData = {
    rowHeader: 'Agent',
    columns: ['Leads'],
    rows: d.agents.rows.map((r) => ({
      label: r.label,
      cells: [cell(d.base, { kind: 'agent', agent: r.agent }, r.total, r.label)]
    }))
  }
  const top = d.agents.rows[0]
  const summary = top
    ? `${formatCount(d.agents.rows.length)} agents shown; ${top.label} has the most, ${leadsText(top.total)}.`
    : 'No agents.'
  return (
    <ChartCard title="Leads per agent" summary={summary} data={data} open={open} fileName="leads-per-agent">
      <Bars
        data={data}
        open={open}
        colours={STATUS_COLOURS}
        vertical
        height={Math.max(120, data.rows.length * 30 + 40)}
        categoryWidth={165}
      />
      <Legend columns={LEAD_STATUSES.map((st) => STATUS_LABELS[st] ?? st)} colours={STATUS_COLOURS} />
      <ul className={styles.totals} aria-label="Leads per agent, all statuses">
        {totals.rows.map((r) => (
          <li key={r.label}>
            <NumberLinkInline cell={r.cells[0]!} label={r.label} open={open} />
          </li>
        ))}
        {d.agents.rest > 0 && <li>Other agents: {leadsText(d.agents.rest)}</li>}
      </ul>
    </ChartCard>
  )
}

export function TagsChart({ dashboard: d, open }: ChartProps): React.JSX.Element {
  const data: ChartData = {
    rowHeader: 'Tag',
    columns: ['Leads'],
    rows: d.tags.map((t) => ({ label: t.tag, cells: [cell(d.base, { kind: 'tag', tag: t.tag }, t.n, `Tag ${t.tag}`)] }))
  }
  const summary = d.tags.length
    ? `The ${formatCount(d.tags.length)} most used tags; ${d.tags[0]!.tag} on ${leadsText(d.tags[0]!.n)}.`
    : 'No tags.'
  return (
    <ChartCard title="Top tags" summary={summary} data={data} open={open} fileName="top-tags">
      <Bars
        data={data}
        open={open}
        colours={['var(--chart-3)']}
        vertical
        height={Math.max(120, data.rows.length * 28 + 40)}
      />
    </ChartCard>
  )
}

const FRESHNESS_LABELS = { day: 'Under a day', week: 'Under a week', month: 'Under a month', older: 'Older' } as const

export function FreshnessChart({ dashboard: d, open }: ChartProps): React.JSX.Element {
  const data: ChartData = {
    rowHeader: 'Last message',
    columns: ['Leads'],
    rows: d.freshness.buckets.map((b) => ({
      label: FRESHNESS_LABELS[b.bucket],
      cells: [
        cell(
          d.base,
          { kind: 'lastMessage', ...b.range },
          b.n,
          `Last message ${FRESHNESS_LABELS[b.bucket].toLowerCase()}`
        )
      ]
    }))
  }
  const summary =
    d.freshness.buckets.map((b) => `${FRESHNESS_LABELS[b.bucket]}: ${formatCount(b.n)}`).join(', ') +
    (d.freshness.noMessage ? `; ${leadsText(d.freshness.noMessage)} have no message.` : '.')
  return (
    <ChartCard title="Time since the last message" summary={summary} data={data} open={open} fileName="freshness">
      <Bars data={data} open={open} colours={['var(--chart-5)']} vertical height={190} />
    </ChartCard>
  )
}

function NumberLinkInline({ cell: c, label, open }: { cell: Cell; label: string; open(cell: Cell): void }) {
  const href = c.query ? leadsUrlFor(c.query) : null
  const body = (
    <>
      <span className={styles.tileLabel}>{label}</span> <span className={styles.tileNumber}>{formatCount(c.n)}</span>
    </>
  )
  if (!href) return <span aria-label={c.name}>{body}</span>
  return (
    <a
      href={href}
      aria-label={c.name}
      onClick={(event) => {
        event.preventDefault()
        open(c)
      }}
    >
      {body}
    </a>
  )
}

/** The single numbers: all leads, chats promoted to leads, and edits not yet on the platform. */
export function Tiles({ dashboard: d, open }: ChartProps): React.JSX.Element {
  const tiles: [string, Cell][] = [
    ['Leads', cell(d.base, { kind: 'all' }, d.total, 'All leads')],
    ['Chats promoted to leads', cell(d.base, { kind: 'promoted' }, d.promoted, 'Chats promoted to leads')],
    ['Waiting to push', cell(d.base, { kind: 'sync', state: 'waiting' }, d.sync.waiting, 'Waiting to push')],
    ['In conflict', cell(d.base, { kind: 'sync', state: 'conflict' }, d.sync.conflict, 'In conflict')],
    ['Local only', cell(d.base, { kind: 'sync', state: 'localOnly' }, d.sync.localOnly, 'Local only')]
  ]
  return (
    <ul className={styles.tiles} aria-label="Totals">
      {tiles.map(([label, c]) => (
        <li key={label} className={`card ${styles.tile}`}>
          <NumberLinkInline cell={c} label={label} open={open} />
        </li>
      ))}
    </ul>
  )
}
