import { Suspense, useCallback, useMemo, useState } from 'react'
import type { LeadColumn, LeadFilters, LeadQuery, LeadSortKey, TableRow } from '../../../shared/contract'
import { UndoToast } from '../detail/UndoToast'
import { toContract } from '../bulk/selection'
import { useBulkEdit } from '../bulk/use-bulk-edit'
import { ErrorNotice } from '../components/ErrorNotice'
import { ColumnChooser } from '../leads/ColumnChooser'
import { chipsOf } from '../leads/chips'
import { sortLabel } from '../leads/columns'
import { FilterPanel } from '../leads/FilterPanel'
import { LeadTable, rowElementId } from '../leads/LeadTable'
import toolbar from '../leads/LeadsToolbar.module.css'
import { useTablePrefs } from '../leads/prefs'
import { SearchBox } from '../leads/SearchBox'
import { navigateTable, useBackTo, useTableState } from '../leads/url-state'
import { useLeadWindow } from '../leads/use-lead-window'
import { ViewActions } from '../leads/ViewActions'
import { useViews } from '../leads/views'
import { formatCount, plural } from '../lib/format'
import { later } from '../lib/later'
import { useNavigation } from '../lib/navigation'
import { useConnections } from '../lib/queries'
import { useNow } from '../lib/use-now'
import styles from './LeadsScreen.module.css'
import { Welcome } from './Welcome'

// Opened from the table, not needed for its first paint: files of their own.
const DetailPanel = later(() => import('../detail/DetailPanel').then((m) => m.DetailPanel))
const ExportDialog = later(() => import('../csv/ExportDialog').then((m) => m.ExportDialog))
const ImportDialog = later(() => import('../import/ImportDialog').then((m) => m.ImportDialog))

function countText(total: number | null, all: number | null, filtered: boolean, noun: string): string {
  if (total === null) return 'Counting…'
  if (!filtered || all === null || all === total) return plural(total, noun)
  return `${formatCount(total)} of ${plural(all, 'lead')}`
}

/** The leads table; with `kind="chat"`, the same table and filters over non-lead chats only. */
export function LeadsScreen({ kind }: { kind?: 'chat' } = {}): React.JSX.Element {
  const { go } = useNavigation()
  const connectionsQuery = useConnections()
  const connections = useMemo(() => connectionsQuery.data ?? [], [connectionsQuery.data])
  const now = useNow(60_000)
  const [prefs, setPrefs] = useTablePrefs()
  const state = useTableState(prefs.columns)
  const query = useMemo(
    () => (kind ? { ...state.query, filters: { ...state.query.filters, kind } } : state.query),
    [kind, state.query]
  )
  const noun = kind === 'chat' ? 'chat' : 'lead'
  // The row the keyboard is on, and the lead open in the detail panel beside the table.
  const [active, setActive] = useState<number | null>(null)
  const [openId, setOpenId] = useState<number | null>(null)
  const views = useViews()
  const backTo = useBackTo()
  const view = views.data?.find((v) => v.id === state.viewId) ?? null
  const saved = (views.data ?? []).filter((v) => v.kind === 'saved')
  const [panel, setPanel] = useState<'filters' | 'columns' | null>(null)
  const [exporting, setExporting] = useState(false)
  const [importing, setImporting] = useState(false)
  const [range, setRange] = useState<[number, number]>([0, 0])
  const data = useLeadWindow(query, range[0], range[1])
  const onRange = useCallback((first: number, last: number) => setRange([first, last]), [])
  const bulk = useBulkEdit(query, data.total)
  // Opening (Enter or a click) puts focus on the panel's heading; j/k with it open leave focus in the table.
  const [focusPanel, setFocusPanel] = useState(0)
  const onOpen = useCallback((row: TableRow) => {
    setOpenId(row.id)
    setFocusPanel((n) => n + 1)
  }, [])
  // j/k with the panel open move to the next lead and show it.
  const onActive = useCallback(
    (index: number) => {
      setActive(index)
      const row = data.rowAt(index)
      if (openId !== null && row) setOpenId(row.id)
    },
    [data, openId]
  )
  const closePanel = useCallback(() => {
    // Focus goes back to the row at once, before the panel unmounts: a key pressed right after Esc
    // reaches the table, not the page body.
    const row = active === null ? null : document.getElementById(rowElementId(active))
    row?.focus({ preventScroll: true })
    setOpenId(null)
    if (!row) requestAnimationFrame(() => document.getElementById('lead-rows')?.focus())
  }, [active])

  const update = useCallback(
    (patch: Partial<LeadQuery>, options: { replace?: boolean } = {}) =>
      navigateTable({ viewId: state.viewId, query: { ...state.query, ...patch } }, options),
    [state]
  )
  const onSearch = useCallback((search: string) => update({ search }, { replace: true }), [update])
  const onFilters = useCallback((filters: LeadFilters) => update({ filters }), [update])
  const onSort = useCallback((sort: LeadSortKey[]) => update({ sort }), [update])
  const onColumns = useCallback(
    (columns: LeadColumn[]) => {
      update({ columns })
      // A fresh "All leads" opens with the columns last chosen there.
      if (!state.viewId) setPrefs({ columns })
    },
    [update, state.viewId, setPrefs]
  )

  const byId = useMemo(() => new Map(connections.map((c) => [c.id, c])), [connections])
  const terms = useMemo(() => query.search.split(/\s+/).filter(Boolean), [query.search])
  const ctx = useMemo(() => ({ connections: byId, now, terms }), [byId, now, terms])
  const chips = chipsOf(query.filters, connections)
  const filtered = chips.length > 0 || query.search.trim() !== ''
  const total = data.total
  const hasConnections = connections.some((c) => !c.archived)
  const title = kind === 'chat' ? 'Chats' : (view?.name ?? 'Leads')

  if (!connectionsQuery.isPending && !hasConnections && !filtered && data.all === 0) {
    return (
      <div className="screen">
        <div className="screen-head">
          <h1 tabIndex={-1}>Leads</h1>
        </div>
        <Welcome />
      </div>
    )
  }

  const clearAll = (): void => navigateTable({ viewId: state.viewId, query: { ...query, filters: {}, search: '' } })
  let empty: React.JSX.Element | null = null
  if (total === 0) {
    empty = filtered ? (
      <div className={styles.empty}>
        <p>
          No {noun}s match {query.search ? `“${query.search}”` : 'these filters'}
          {query.search && chips.length ? ' with these filters' : ''}.
        </p>
        <button type="button" className="button" onClick={clearAll}>
          Clear search and filters
        </button>
      </div>
    ) : (
      <div className={styles.empty}>
        <p>No {noun}s yet. They appear here as soon as a sync brings them in.</p>
        <button type="button" className="button" onClick={() => go('connections')}>
          Go to connections
        </button>
      </div>
    )
  }

  return (
    <div className="screen screen-fill">
      <div className="screen-head">
        <h1 tabIndex={-1}>{title}</h1>
        <span className={styles.count} aria-live="polite" data-testid="lead-total">
          {countText(total, data.all, filtered, noun)}
        </span>
        {query.sort[0] && (
          <span className={styles.sortNote}>
            sorted by {sortLabel(query.sort[0].column)}, {query.sort[0].dir === 'asc' ? 'ascending' : 'descending'}
          </span>
        )}
        {backTo === 'dashboard' && (
          <button type="button" className="button" onClick={() => history.back()}>
            Back to dashboard
          </button>
        )}
      </div>
      <div className={toolbar.toolbar} role="search">
        <SearchBox
          search={query.search}
          filters={query.filters}
          connections={connections}
          onSearch={onSearch}
          onFilters={onFilters}
        />
        <button
          type="button"
          className="button"
          aria-expanded={panel === 'filters'}
          aria-controls="lead-filters"
          onClick={() => setPanel(panel === 'filters' ? null : 'filters')}
        >
          Filters{chips.length ? ` (${chips.length})` : ''}
        </button>
        <button
          type="button"
          className="button"
          aria-expanded={panel === 'columns'}
          aria-controls="lead-columns"
          onClick={() => setPanel(panel === 'columns' ? null : 'columns')}
        >
          Columns
        </button>
        <ViewActions view={view} saved={saved} query={query} />
        <button
          type="button"
          className="button"
          onClick={() => setExporting(true)}
          disabled={total === 0 && bulk.selection.count === 0}
        >
          Export
        </button>
        <button type="button" className="button" onClick={() => setImporting(true)}>
          Import
        </button>
        <button type="button" className="button" onClick={bulk.openHistory}>
          Bulk history
        </button>
      </div>
      <Suspense fallback={null}>
        {exporting && (
          <ExportDialog
            query={query}
            selected={
              bulk.selection.count > 0
                ? { selection: toContract(bulk.selection.selection), count: bulk.selection.count }
                : null
            }
            total={total}
            onClose={() => setExporting(false)}
          />
        )}
        {importing && <ImportDialog onClose={() => setImporting(false)} />}
      </Suspense>
      {panel === 'filters' && (
        <div id="lead-filters">
          <FilterPanel filters={query.filters} connections={connections} onChange={onFilters} />
        </div>
      )}
      {panel === 'columns' && (
        <div id="lead-columns">
          <ColumnChooser columns={query.columns} onChange={onColumns} />
        </div>
      )}
      {chips.length > 0 && (
        <ul className={toolbar.chips} aria-label="Active filters">
          {chips.map((chip) => (
            <li key={chip.key}>
              <button
                type="button"
                className={toolbar.chip}
                aria-label={`Remove filter ${chip.label}`}
                onClick={() => onFilters(chip.without)}
              >
                {chip.label} <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
          <li>
            <button type="button" className={toolbar.clear} onClick={() => onFilters({})}>
              Clear all filters
            </button>
          </li>
        </ul>
      )}
      {bulk.bar}
      {data.error ? <ErrorNotice error={data.error} title="Could not load leads:" /> : null}
      <div className={styles.split}>
        {empty ?? (
          <LeadTable
            query={query}
            data={data}
            ctx={ctx}
            onRange={onRange}
            onSort={onSort}
            onColumns={onColumns}
            active={active}
            onActive={onActive}
            onOpen={onOpen}
            selection={bulk.selection}
          />
        )}
        {openId !== null && (
          <Suspense fallback={null}>
            <DetailPanel id={openId} onClose={closePanel} focusRequest={focusPanel} />
          </Suspense>
        )}
      </div>
      {bulk.overlays}
      <UndoToast />
    </div>
  )
}
