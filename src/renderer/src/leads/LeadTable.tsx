import {
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type ColumnSizingState,
  type Header
} from '@tanstack/react-table'
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { LeadColumn, LeadQuery, LeadSortKey, SortColumn, TableRow } from '../../../shared/contract'
import { cx } from '../lib/cx'
import { formatCount } from '../lib/format'
import { COLUMN_SPECS, specOf, type CellContext } from './columns'
import styles from './LeadTable.module.css'
import { ROW_HEIGHT, useTablePrefs } from './prefs'
import { useScaledVirtualizer } from './scaled-virtualizer'
import type { LeadWindow } from './use-lead-window'
import type { SelectionApi } from '../bulk/selection'

/** The header row's height; rows are laid out below it. */
const HEADER_PX = 40
/** The selection column, before the data columns. */
const SELECT_PX = 40

interface Props {
  query: LeadQuery
  data: LeadWindow
  ctx: CellContext
  /** The rows the table currently shows, for the data hook to fetch. */
  onRange(first: number, last: number): void
  onSort(sort: LeadSortKey[]): void
  onColumns(columns: LeadColumn[]): void
  selection: SelectionApi
  /** The row the keyboard is on (↑/↓, j/k), and what Enter or a click on a row does. */
  active?: number | null
  onActive?(index: number): void
  onOpen?(row: TableRow, index: number): void
}

function rowName(row: TableRow): string {
  return row.name || row.email || row.phone || `lead ${row.id}`
}

/** The element id of a body row, so focus can come back to it (e.g. when the detail panel closes). */
export const rowElementId = (index: number): string => `lead-row-${index}`

/** aria-sort of a column: only the first sort key is announced (ARIA allows one sorted column). */
function ariaSort(sort: readonly LeadSortKey[], id: SortColumn): 'ascending' | 'descending' | 'none' {
  const first = sort[0]
  if (first?.column !== id) return 'none'
  return first.dir === 'asc' ? 'ascending' : 'descending'
}

/**
 * The leads table: TanStack Table holds the column model (order, visibility, sizes), a scaled
 * virtualizer renders only the rows in view. Click a header to sort (again to reverse; Shift+click
 * adds a second key), drag a header to move it, drag its edge (or focus it and press ←/→) to resize.
 */
export function LeadTable({
  query,
  data,
  ctx,
  onRange,
  onSort,
  onColumns,
  selection,
  active = null,
  onActive,
  onOpen
}: Props): React.JSX.Element {
  const [prefs, setPrefs] = useTablePrefs()
  const [dragging, setDragging] = useState<LeadColumn | null>(null)
  const [anchor, setAnchor] = useState<number | null>(null)
  const scrollRef = useRef<HTMLDivElement>(null)
  const rowHeight = ROW_HEIGHT[prefs.density]
  const count = data.total ?? data.loaded

  const columns = useMemo<ColumnDef<TableRow>[]>(
    () =>
      [...COLUMN_SPECS.values()].map((spec) => ({
        id: spec.id,
        header: spec.label,
        size: spec.width,
        minSize: 60,
        maxSize: 900,
        enableResizing: true
      })),
    []
  )
  const visibility = useMemo(
    () => Object.fromEntries([...COLUMN_SPECS.keys()].map((id) => [id, query.columns.includes(id)])),
    [query.columns]
  )
  // TanStack Table returns functions the React Compiler cannot memoize; this app does not use it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable<TableRow>({
    data: [],
    columns,
    state: { columnOrder: query.columns, columnVisibility: visibility, columnSizing: prefs.widths },
    onColumnSizingChange: (updater) => {
      const next: ColumnSizingState = typeof updater === 'function' ? updater(prefs.widths) : updater
      setPrefs({ widths: next })
    },
    columnResizeMode: 'onChange',
    getCoreRowModel: getCoreRowModel()
  })
  const headers = table.getHeaderGroups()[0]?.headers ?? []
  const template = [`${SELECT_PX}px`, ...headers.map((h) => `${h.getSize()}px`)].join(' ')
  const width = SELECT_PX + headers.reduce((sum, h) => sum + h.getSize(), 0)

  const rows = useScaledVirtualizer(scrollRef, count, rowHeight)
  const { items, height, top } = rows
  const firstIndex = items[0]?.index ?? 0
  const lastIndex = items.at(-1)?.index ?? 0
  useEffect(() => onRange(firstIndex, lastIndex), [firstIndex, lastIndex, onRange])

  // Selection: click selects the row alone, Ctrl/Cmd+click toggles it, Shift+click selects the
  // range from the last clicked row, x (or Space) toggles the focused row.
  const loadedIds = (from: number, to: number): number[] => {
    const ids: number[] = []
    for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
      const row = data.rowAt(i)
      if (row) ids.push(row.id)
    }
    return ids
  }
  const onRowClick = (index: number, id: number, event: React.MouseEvent): void => {
    if (event.target instanceof Element && event.target.closest('a, input')) return
    if (event.shiftKey && anchor !== null) selection.set(loadedIds(anchor, index), true)
    else if (event.ctrlKey || event.metaKey) selection.toggle(id)
    else {
      selection.only(id)
      // A plain click also opens the lead beside the table.
      const row = data.rowAt(index)
      onActive?.(index)
      if (row) onOpen?.(row, index)
    }
    if (!event.shiftKey) setAnchor(index)
  }
  const onRowKey = (index: number, id: number, event: KeyboardEvent): void => {
    if (event.key === 'x' || event.key === ' ') {
      event.preventDefault()
      if (event.shiftKey && anchor !== null) selection.set(loadedIds(anchor, index), true)
      else selection.toggle(id)
      setAnchor(index)
    }
  }
  const shownIds = loadedIds(firstIndex, lastIndex)
  const shownSelected = shownIds.filter((id) => selection.isSelected(id)).length
  // Keeps a row in view below the sticky header, then focuses it once it is rendered.
  const moveTo = (index: number): void => {
    if (!onActive || count === 0) return
    const next = Math.max(0, Math.min(count - 1, index))
    onActive(next)
    const element = scrollRef.current
    if (element) {
      const start = next * rowHeight
      const viewTop = rows.scrollOffset()
      const room = element.clientHeight - HEADER_PX - rowHeight
      if (start < viewTop) rows.scrollToOffset(start)
      else if (start > viewTop + room) rows.scrollToOffset(start - room)
    }
    requestAnimationFrame(() => document.getElementById(rowElementId(next))?.focus({ preventScroll: true }))
  }
  const onRowKeys = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (!onActive || event.altKey || event.ctrlKey || event.metaKey) return
    if (event.target instanceof HTMLElement && event.target.closest('[role="columnheader"]')) return
    const at = active ?? -1
    const key = event.key
    if (key === 'ArrowDown' || key === 'j') moveTo(Math.max(0, at + 1))
    else if (key === 'ArrowUp' || key === 'k') moveTo(Math.max(0, at - 1))
    else if (key === 'Home' || key === 'End') {
      // A jump, not the browser's animated scroll: that passes through every page on the way and
      // asks for each one, so the last page queued behind them.
      const to = key === 'Home' ? 0 : count - 1
      data.prefetch(to)
      moveTo(to)
      // To the very bottom: past a million rows the scroll position is scaled, and the offset moveTo
      // computes for the last row lands short of it by the header's height.
      const element = scrollRef.current
      if (key === 'End' && element) element.scrollTop = element.scrollHeight
    } else if (key === 'Enter' && active !== null) {
      const row = data.rowAt(active)
      if (row) onOpen?.(row, active)
    } else return
    event.preventDefault()
  }

  const sortBy = (id: SortColumn, additive: boolean): void => {
    const current = query.sort.find((s) => s.column === id)
    const dir: LeadSortKey['dir'] = current?.dir === 'asc' ? 'desc' : 'asc'
    if (additive && query.sort[0]?.column !== id) {
      onSort([...query.sort.filter((s) => s.column !== id), { column: id, dir }].slice(0, 3))
    } else {
      onSort([{ column: id, dir: query.sort[0]?.column === id ? dir : 'asc' }])
    }
  }
  const move = (id: LeadColumn, to: LeadColumn): void => {
    if (id === to) return
    const order = query.columns.filter((c) => c !== id)
    order.splice(order.indexOf(to), 0, id)
    onColumns(order)
  }
  const resizeByKey = (header: Header<TableRow, unknown>, event: KeyboardEvent): void => {
    const step = event.shiftKey ? 50 : 10
    const delta = event.key === 'ArrowRight' ? step : event.key === 'ArrowLeft' ? -step : 0
    if (!delta) return
    event.preventDefault()
    const size = Math.min(900, Math.max(60, header.getSize() + delta))
    table.setColumnSizing((old) => ({ ...old, [header.id]: size }))
  }

  return (
    <div
      role="table"
      className={styles.table}
      aria-label="Leads"
      aria-rowcount={count + 1}
      aria-colcount={headers.length + 1}
      data-density={prefs.density}
    >
      <div
        ref={scrollRef}
        id="lead-rows"
        // The focusable scroller is the table's one rowgroup: a focusable element without a role
        // inside role=table breaks its required children (axe: aria-required-children).
        role="rowgroup"
        className={styles.scroll}
        tabIndex={0}
        aria-label={`Lead rows, ${formatCount(count)} in all`}
        onKeyDown={onRowKeys}
      >
        <div className={styles.sizer} style={{ width, height: height + HEADER_PX }}>
          <div className={styles.head} style={{ width }}>
            <div role="row" aria-rowindex={1} className={styles.row} style={{ gridTemplateColumns: template }}>
              <div role="columnheader" aria-colindex={1} className={styles.selectCell}>
                <input
                  type="checkbox"
                  aria-label="Select the rows shown"
                  checked={shownIds.length > 0 && shownSelected === shownIds.length}
                  ref={(el) => {
                    if (el) el.indeterminate = shownSelected > 0 && shownSelected < shownIds.length
                  }}
                  onChange={(e) => selection.set(shownIds, e.target.checked)}
                />
              </div>
              {headers.map((header, i) => {
                const spec = specOf(header.column.id)!
                const id = spec.id
                const sortKey = spec.sortKey
                const sortIndex = query.sort.findIndex((s) => s.column === sortKey)
                const sorted = sortIndex >= 0 ? query.sort[sortIndex] : undefined
                return (
                  <div
                    key={header.id}
                    role="columnheader"
                    aria-colindex={i + 2}
                    aria-labelledby={`lead-col-${id}`}
                    aria-sort={sortKey ? ariaSort(query.sort, sortKey) : undefined}
                    className={cx(styles.headerCell, dragging === id && styles.dragging)}
                    draggable
                    onDragStart={(e) => {
                      setDragging(id)
                      e.dataTransfer.effectAllowed = 'move'
                      e.dataTransfer.setData('text/plain', id)
                    }}
                    onDragEnd={() => setDragging(null)}
                    onDragOver={(e) => {
                      if (dragging) e.preventDefault()
                    }}
                    onDrop={(e) => {
                      e.preventDefault()
                      if (dragging) move(dragging, id)
                      setDragging(null)
                    }}
                  >
                    {sortKey ? (
                      <button
                        id={`lead-col-${id}`}
                        type="button"
                        className={styles.sortButton}
                        onClick={(e) => sortBy(sortKey, e.shiftKey)}
                        title="Sort (Shift+click adds a second sort)"
                      >
                        {spec.label}
                        {sorted && (
                          <span className={styles.sortMark} aria-hidden="true">
                            {sorted.dir === 'asc' ? '▲' : '▼'}
                            {query.sort.length > 1 ? sortIndex + 1 : ''}
                          </span>
                        )}
                      </button>
                    ) : (
                      <span id={`lead-col-${id}`} className={styles.plainHeader}>
                        {spec.label}
                      </span>
                    )}
                    <div
                      role="separator"
                      aria-orientation="vertical"
                      aria-label={`Resize ${spec.label}`}
                      aria-valuenow={header.getSize()}
                      aria-valuemin={60}
                      aria-valuemax={900}
                      tabIndex={0}
                      className={styles.resizer}
                      onMouseDown={header.getResizeHandler()}
                      onTouchStart={header.getResizeHandler()}
                      onKeyDown={(e) => resizeByKey(header, e)}
                      onClick={(e) => e.stopPropagation()}
                      draggable={false}
                      onDragStart={(e) => e.preventDefault()}
                    />
                  </div>
                )
              })}
            </div>
          </div>
          <div>
            {items.map((item) => {
              const row = data.rowAt(item.index)
              const selected = row ? selection.isSelected(row.id) : false
              const isActive = active === item.index
              return (
                <div
                  key={item.index}
                  id={rowElementId(item.index)}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-current={isActive ? 'true' : undefined}
                  aria-selected={row ? selected : undefined}
                  data-row-index={item.index}
                  tabIndex={row ? -1 : undefined}
                  onClick={row ? (e) => onRowClick(item.index, row.id, e) : undefined}
                  onKeyDown={row ? (e) => onRowKey(item.index, row.id, e) : undefined}
                  className={cx(
                    styles.row,
                    styles.bodyRow,
                    item.index % 2 === 1 && styles.alt,
                    selected && styles.selected,
                    isActive && styles.active,
                    onOpen && styles.openable
                  )}
                  style={{
                    gridTemplateColumns: template,
                    height: rowHeight,
                    transform: `translateY(${top(item.start) + HEADER_PX}px)`
                  }}
                >
                  {row ? (
                    <>
                      <div role="cell" className={styles.selectCell}>
                        <input
                          type="checkbox"
                          aria-label={`Select ${rowName(row)}`}
                          checked={selected}
                          onChange={() => {
                            selection.toggle(row.id)
                            setAnchor(item.index)
                          }}
                        />
                      </div>
                      {headers.map((header) => (
                        <div key={header.id} role="cell" className={styles.cell}>
                          {specOf(header.column.id)!.cell(row, ctx)}
                        </div>
                      ))}
                    </>
                  ) : (
                    <div role="cell" className={cx(styles.cell, styles.muted)}>
                      Loading…
                    </div>
                  )}
                </div>
              )
            })}
          </div>
        </div>
      </div>
    </div>
  )
}
