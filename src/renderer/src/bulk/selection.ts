import { useCallback, useMemo, useState } from 'react'
import type { BulkSelectionInput, LeadQuery } from '../../../shared/contract'
import { BULK_MAX_IDS } from '../../../shared/contract/bulk'
import { formatCount } from '../lib/format'
import { queryKeyOf } from '../leads/same-query'

/**
 * What the user selected: rows picked one by one (ids), or "all that match" a query minus the rows
 * unticked since. The query form is sent as the query itself, never as a list of ids.
 */
export type Selection =
  | { mode: 'ids'; ids: ReadonlySet<number> }
  | { mode: 'query'; query: LeadQuery; total: number; except: ReadonlySet<number> }

const EMPTY: Selection = { mode: 'ids', ids: new Set() }

/** Filters and search only: a different sort or set of columns selects the same leads. */
export const matchKey = (query: LeadQuery): string => queryKeyOf({ ...query, sort: [], columns: [] })

export function selectedCount(selection: Selection): number {
  return selection.mode === 'ids' ? selection.ids.size : Math.max(0, selection.total - selection.except.size)
}

export function toContract(selection: Selection): BulkSelectionInput {
  return selection.mode === 'ids'
    ? { kind: 'ids', ids: [...selection.ids] }
    : { kind: 'query', query: selection.query, except: [...selection.except] }
}

export interface SelectionApi {
  selection: Selection
  count: number
  /** True when the selection is "all that match" a different filter or search than the one shown. */
  fromOtherFilter: boolean
  isSelected(id: number): boolean
  /** Only this row (a plain click). */
  only(id: number): void
  toggle(id: number): void
  /** Every row in `ids` selected (a Shift+click range, a page), or all of them unselected with `on` false. */
  set(ids: readonly number[], on: boolean): void
  selectAllMatching(query: LeadQuery, total: number): void
  clear(): void
  /** Words for the bar: how many, and of what. */
  describe(): string
}

/** The table's selection; it survives scrolling, sorting and filter changes. */
export function useSelection(current: LeadQuery): SelectionApi {
  const [selection, setSelection] = useState<Selection>(EMPTY)
  const currentKey = matchKey(current)
  const fromOtherFilter = selection.mode === 'query' && matchKey(selection.query) !== currentKey

  const isSelected = useCallback(
    (id: number) => (selection.mode === 'ids' ? selection.ids.has(id) : !fromOtherFilter && !selection.except.has(id)),
    [selection, fromOtherFilter]
  )
  const set = useCallback((ids: readonly number[], on: boolean) => {
    setSelection((old) => {
      if (old.mode === 'query') {
        const except = new Set(old.except)
        for (const id of ids) {
          if (on) except.delete(id)
          else except.add(id)
        }
        return { ...old, except }
      }
      const next = new Set(old.ids)
      for (const id of ids) {
        if (!on) next.delete(id)
        else if (next.size < BULK_MAX_IDS) next.add(id)
      }
      return { mode: 'ids', ids: next }
    })
  }, [])
  const toggle = useCallback((id: number) => setSelection((old) => toggled(old, id)), [])
  const only = useCallback((id: number) => setSelection({ mode: 'ids', ids: new Set([id]) }), [])
  const selectAllMatching = useCallback(
    (query: LeadQuery, total: number) => setSelection({ mode: 'query', query, total, except: new Set() }),
    []
  )
  const clear = useCallback(() => setSelection(EMPTY), [])
  const count = selectedCount(selection)

  return useMemo(
    () => ({
      selection,
      count,
      fromOtherFilter,
      isSelected,
      only,
      toggle,
      set,
      selectAllMatching,
      clear,
      describe: () => {
        if (selection.mode === 'ids') return `${formatCount(count)} selected`
        const all = `All ${formatCount(count)} that match`
        return fromOtherFilter ? `${all} an earlier filter selected (not the rows shown)` : `${all} selected`
      }
    }),
    [selection, count, fromOtherFilter, isSelected, only, toggle, set, selectAllMatching, clear]
  )
}

function toggled(old: Selection, id: number): Selection {
  if (old.mode === 'query') {
    const except = new Set(old.except)
    if (except.has(id)) except.delete(id)
    else except.add(id)
    return { ...old, except }
  }
  const ids = new Set(old.ids)
  if (ids.has(id)) ids.delete(id)
  else if (ids.size < BULK_MAX_IDS) ids.add(id)
  return { mode: 'ids', ids }
}
