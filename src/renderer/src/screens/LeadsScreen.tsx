import { useQueries } from '@tanstack/react-query'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react'
import { LEAD_STATUSES, type Connection, type Lead, type MethodInput } from '../../../shared/contract'
import { DemoBadge, QuietBadge, StatusBadge } from '../components/Badges'
import { ErrorNotice } from '../components/ErrorNotice'
import { ImportDialog } from '../import/ImportDialog'
import { cx } from '../lib/cx'
import { formatCount, formatDateTime, formatRelative, platformLabel, plural, STATUS_LABELS } from '../lib/format'
import { SEARCH_INPUT_ID, useNavigation } from '../lib/navigation'
import { keys, useConnections } from '../lib/queries'
import { useNow } from '../lib/use-now'
import { send } from '../rpc/client'
import styles from './LeadsScreen.module.css'
import { Welcome } from './Welcome'

const PAGE_SIZE = 100
const ROW_HEIGHT = 52

type Filters = Pick<MethodInput<'leads.list'>, 'search' | 'status'>

/**
 * Pages of `leads.list` fetched as the visible window needs them; page 0 is always fetched because it
 * carries the total that sizes the scroll area.
 */
function useLeadPages(filters: Filters, visiblePages: number[]) {
  const pages = [...new Set([0, ...visiblePages])]
  const results = useQueries({
    queries: pages.map((page) => {
      const query: MethodInput<'leads.list'> = { ...filters, offset: page * PAGE_SIZE, limit: PAGE_SIZE }
      return { queryKey: keys.leadPage(query), queryFn: () => send('leads.list', query), staleTime: 10_000 }
    })
  })
  const rows = new Map<number, Lead>()
  pages.forEach((page, i) => {
    results[i]?.data?.rows.forEach((lead, j) => rows.set(page * PAGE_SIZE + j, lead))
  })
  const first = results[0]
  return {
    rows,
    total: first?.data?.total ?? null,
    error: results.find((r) => r.error)?.error ?? null,
    isPending: first?.isPending ?? true
  }
}

function LeadRow({
  lead,
  connection,
  now
}: {
  lead: Lead
  connection: Connection | undefined
  now: number
}): React.JSX.Element {
  const phone = lead.phone ? `${lead.phonePrefix ? `+${lead.phonePrefix.replace(/^\+/, '')} ` : ''}${lead.phone}` : ''
  return (
    <>
      <div role="cell" className={cx(styles.cell, styles.nameCell)}>
        <span className={styles.name}>{lead.name || <span className="muted">No name</span>}</span>
        {lead.kind === 'chat' && <QuietBadge className={styles.nameBadge}>Chat</QuietBadge>}
      </div>
      <div role="cell" className={styles.cell}>
        <span className="truncate">{lead.email ?? ''}</span>
        <span className="truncate muted">{phone}</span>
      </div>
      <div role="cell" className={styles.cell}>
        {lead.status ? <StatusBadge status={lead.status} className={styles.cellBadge} /> : ''}
      </div>
      <div role="cell" className={styles.cell}>
        <span className="truncate">{connection?.name ?? 'Unknown connection'}</span>
        {connection && (
          <span className={cx(styles.source, 'muted')}>
            <span className="truncate">{connection.archived ? 'Removed connection' : platformLabel(connection)}</span>
            {connection.isDemo && <DemoBadge className={styles.sourceBadge} />}
          </span>
        )}
      </div>
      <div role="cell" className={cx(styles.cell, 'muted')} title={formatDateTime(lead.updatedAt)}>
        {lead.updatedAt ? formatRelative(lead.updatedAt, now) : ''}
      </div>
    </>
  )
}

export function LeadsScreen(): React.JSX.Element {
  const { go } = useNavigation()
  const connectionsQuery = useConnections()
  const now = useNow(60_000)
  const [search, setSearch] = useState('')
  const [status, setStatus] = useState<Filters['status']>(undefined)
  const [importing, setImporting] = useState(false)
  const deferredSearch = useDeferredValue(search.trim())
  const filters: Filters = useMemo(
    () => ({ ...(deferredSearch ? { search: deferredSearch } : {}), ...(status ? { status } : {}) }),
    [deferredSearch, status]
  )
  const scrollRef = useRef<HTMLDivElement>(null)
  const [visiblePages, setVisiblePages] = useState<number[]>([0])
  const pages = useLeadPages(filters, visiblePages)
  const total = pages.total ?? 0

  // The React Compiler cannot memoize around useVirtualizer; this app does not use the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    onChange: (instance) => {
      const items = instance.getVirtualItems()
      const from = Math.floor((items[0]?.index ?? 0) / PAGE_SIZE)
      const to = Math.floor((items[items.length - 1]?.index ?? 0) / PAGE_SIZE)
      const next = Array.from({ length: to - from + 1 }, (_, i) => from + i)
      setVisiblePages((old) => (old.join() === next.join() ? old : next))
    }
  })

  // A new search starts at the top, not at row 40,000 of the previous one.
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0
    setVisiblePages([0])
  }, [filters])

  const connections = connectionsQuery.data ?? []
  const byId = new Map(connections.map((c) => [c.id, c]))
  const hasConnections = connections.some((c) => !c.archived)
  const filtered = Boolean(filters.search || filters.status)

  let empty: React.JSX.Element | null = null
  if (!pages.isPending && total === 0) {
    if (filtered) {
      empty = (
        <div className={styles.empty}>
          <p>No leads match {filters.search ? `“${filters.search}”` : 'this filter'}.</p>
          <button
            type="button"
            className="button"
            onClick={() => {
              setSearch('')
              setStatus(undefined)
            }}
          >
            Clear search and filter
          </button>
        </div>
      )
    } else {
      empty = (
        <div className={styles.empty}>
          <p>No leads yet. They appear here as soon as a sync brings them in.</p>
          <button type="button" className="button" onClick={() => go('connections')}>
            Go to connections
          </button>
        </div>
      )
    }
  }

  if (!connectionsQuery.isPending && !hasConnections && total === 0 && !filtered) {
    return (
      <div className="screen">
        <div className="screen-head">
          <h1 tabIndex={-1}>Leads</h1>
        </div>
        <Welcome />
      </div>
    )
  }

  return (
    <div className="screen screen-fill">
      <div className="screen-head">
        <h1 tabIndex={-1}>Leads</h1>
        <span className={cx(styles.count, 'muted')} aria-live="polite" data-testid="lead-total">
          {pages.total === null ? '' : plural(pages.total, 'lead')}
        </span>
      </div>
      <div className={styles.toolbar} role="search">
        <label htmlFor={SEARCH_INPUT_ID} className="visually-hidden">
          Search leads
        </label>
        <input
          id={SEARCH_INPUT_ID}
          type="search"
          className={styles.search}
          placeholder="Search name, email, phone…  (press / )"
          value={search}
          maxLength={256}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && search) {
              e.preventDefault()
              setSearch('')
            }
          }}
        />
        <label htmlFor="lead-status" className={styles.toolbarLabel}>
          Status
        </label>
        <select
          id="lead-status"
          value={status ?? ''}
          onChange={(e) => setStatus((e.target.value || undefined) as Filters['status'])}
        >
          <option value="">All statuses</option>
          {LEAD_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s] ?? s}
            </option>
          ))}
        </select>
        <button type="button" className="button" onClick={() => setImporting(true)}>
          Import
        </button>
      </div>
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
      {pages.error && <ErrorNotice error={pages.error} title="Could not load leads:" />}
      {empty ?? (
        <div role="table" className={styles.table} aria-label="Leads" aria-rowcount={total + 1}>
          <div role="rowgroup" className={styles.head}>
            <div role="row" className={styles.row} aria-rowindex={1}>
              <div role="columnheader" className={styles.cell}>
                Name
              </div>
              <div role="columnheader" className={styles.cell}>
                Email / phone
              </div>
              <div role="columnheader" className={styles.cell}>
                Status
              </div>
              <div role="columnheader" className={styles.cell}>
                Connection
              </div>
              <div role="columnheader" className={styles.cell}>
                Updated
              </div>
            </div>
          </div>
          <div
            ref={scrollRef}
            role="rowgroup"
            className={styles.scroll}
            tabIndex={0}
            aria-label={`Lead rows, ${formatCount(total)} in all; use the arrow keys to scroll`}
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const lead = pages.rows.get(item.index)
                return (
                  <div
                    key={item.key}
                    role="row"
                    aria-rowindex={item.index + 2}
                    className={cx(styles.row, item.index % 2 === 1 && styles.alt)}
                    style={{
                      position: 'absolute',
                      top: 0,
                      left: 0,
                      right: 0,
                      height: ROW_HEIGHT,
                      transform: `translateY(${item.start}px)`
                    }}
                  >
                    {lead ? (
                      <LeadRow lead={lead} connection={byId.get(lead.connectionId)} now={now} />
                    ) : (
                      <div role="cell" className={cx(styles.cell, 'muted')}>
                        Loading…
                      </div>
                    )}
                  </div>
                )
              })}
            </div>
          </div>
        </div>
      )}
    </div>
  )
}
