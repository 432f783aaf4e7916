import { useQuery } from '@tanstack/react-query'
import { Suspense, useCallback, useEffect, useId, useState } from 'react'
import type { DashboardInterval, DashboardStack, DATE_PRESETS, DateRange } from '../../../shared/contract'
import { DASHBOARD_INTERVALS, DASHBOARD_STACKS } from '../../../shared/contract/dashboard'
import { leadQuerySchema } from '../../../shared/contract/query'
import { ErrorNotice } from '../components/ErrorNotice'
import { keysOf, optionOf } from '../lib/choices'
import { useNavigation } from '../lib/navigation'
import { keys } from '../lib/queries'
import { send } from '../rpc/client'
import styles from './Dashboard.module.css'
import { useTableState } from '../leads/url-state'
import { LazyDashboardCharts, loadCharts } from './load-charts'
import { openLeads } from './links'
import type { Cell } from './model'

type RangeChoice = 'all' | (typeof DATE_PRESETS)[number]
const RANGE_LABELS: Record<RangeChoice, string> = {
  all: 'All time',
  today: 'Today',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days'
}
const RANGE_CHOICES = keysOf(RANGE_LABELS)
const INTERVAL_LABELS: Record<DashboardInterval, string> = { day: 'Day', week: 'Week', month: 'Month' }
const STACK_LABELS: Record<DashboardStack, string> = { platform: 'Platform', connection: 'Connection' }

export function DashboardScreen(): React.JSX.Element {
  const id = useId()
  // The chart code loads while the aggregates are computed, not after they arrive.
  useEffect(() => void loadCharts(), [])
  const { go } = useNavigation()
  const [range, setRange] = useState<RangeChoice>('all')
  const [interval, setInterval] = useState<DashboardInterval>('month')
  const [stackBy, setStackBy] = useState<DashboardStack>('platform')
  // "The current filters": the leads table's, as its URL holds them.
  const { query: tableQuery } = useTableState()
  const hasFilters = Object.keys(tableQuery.filters).length > 0 || tableQuery.search !== ''
  const [useFilters, setUseFilters] = useState(true)
  const query = useFilters ? tableQuery : leadQuerySchema.parse({ columns: tableQuery.columns })
  const dateRange: DateRange = range === 'all' ? {} : { preset: range }
  const input = { query, range: dateRange, interval, stackBy }
  // Under the leads key: whatever refreshes the leads (a sync, an edit) refreshes the dashboard.
  const summary = useQuery({
    queryKey: [...keys.leads, 'dashboard', input],
    queryFn: () => send('dashboard.summary', input),
    placeholderData: (previous) => previous
  })
  const open = useCallback((cell: Cell) => cell.query && openLeads(cell.query, () => go('leads')), [go])
  const d = summary.data

  return (
    <div className="screen">
      <div className="screen-head">
        <h1 tabIndex={-1}>Dashboard</h1>
      </div>
      <div className={styles.controls}>
        <label htmlFor={`${id}-range`}>
          Created
          <select
            id={`${id}-range`}
            value={range}
            onChange={(e) => setRange(optionOf(RANGE_CHOICES, e.target.value) ?? range)}
          >
            {RANGE_CHOICES.map((r) => (
              <option key={r} value={r}>
                {RANGE_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-interval`}>
          Group new leads by
          <select
            id={`${id}-interval`}
            value={interval}
            onChange={(e) => setInterval(optionOf(DASHBOARD_INTERVALS, e.target.value) ?? interval)}
          >
            {DASHBOARD_INTERVALS.map((i) => (
              <option key={i} value={i}>
                {INTERVAL_LABELS[i]}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-stack`}>
          Stack by
          <select
            id={`${id}-stack`}
            value={stackBy}
            onChange={(e) => setStackBy(optionOf(DASHBOARD_STACKS, e.target.value) ?? stackBy)}
          >
            {DASHBOARD_STACKS.map((s) => (
              <option key={s} value={s}>
                {STACK_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        {hasFilters && (
          <label className={styles.check}>
            <input type="checkbox" checked={useFilters} onChange={(e) => setUseFilters(e.target.checked)} />
            Only leads matching the leads table&apos;s filters
          </label>
        )}
      </div>
      {summary.error && <ErrorNotice error={summary.error} title="The dashboard could not be computed:" />}
      {!d && !summary.error && <p className="muted">Counting…</p>}
      {d && d.total === 0 && (
        <p className="muted">No leads for this date range and these filters. Sync a connection or widen the range.</p>
      )}
      {d && d.total > 0 && (
        <Suspense fallback={<p className="muted">Drawing the charts…</p>}>
          <LazyDashboardCharts dashboard={d} open={open} busy={summary.isFetching} />
        </Suspense>
      )}
    </div>
  )
}
