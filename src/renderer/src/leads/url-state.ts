import { useSyncExternalStore } from 'react'
import type { LeadColumn, LeadQuery } from '../../../shared/contract'
import { DEFAULT_COLUMNS, leadQuerySchema } from '../../../shared/contract/query'

/**
 * The leads table's state lives in the URL hash (`#leads?view=…&q=…`), so a reload keeps it and
 * back / forward step through it. Only what differs from the defaults is written.
 */
export interface TableState {
  /** The saved (or connection) view this state started from, if any. */
  viewId: string | null
  query: LeadQuery
}

const PREFIX = '#leads'

function parse(hash: string, defaultColumns: readonly LeadColumn[]): TableState {
  const params = new URLSearchParams(hash.startsWith(PREFIX) ? hash.slice(PREFIX.length).replace(/^\?/, '') : '')
  let raw: unknown = {}
  try {
    raw = JSON.parse(params.get('q') ?? '{}')
  } catch {
    // A hand-edited or truncated link: start from the defaults rather than fail.
  }
  const parsed = leadQuerySchema.safeParse(raw)
  const query = parsed.success ? parsed.data : leadQuerySchema.parse({})
  const hasColumns = typeof raw === 'object' && raw !== null && 'columns' in raw
  return { viewId: params.get('view'), query: hasColumns ? query : { ...query, columns: [...defaultColumns] } }
}

/** The hash for a state: the query without its defaults, so links stay short. */
export function hashOf(state: TableState): string {
  const { filters, search, sort, columns } = state.query
  const q: Record<string, unknown> = {}
  if (Object.keys(filters).length) q.filters = filters
  if (search) q.search = search
  if (JSON.stringify(sort) !== JSON.stringify(leadQuerySchema.parse({}).sort)) q.sort = sort
  q.columns = columns
  const params = new URLSearchParams()
  if (state.viewId) params.set('view', state.viewId)
  params.set('q', JSON.stringify(q))
  return `${PREFIX}?${params.toString()}`
}

const listeners = new Set<() => void>()
function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  window.addEventListener('hashchange', listener)
  window.addEventListener('popstate', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('hashchange', listener)
    window.removeEventListener('popstate', listener)
  }
}

/**
 * Moves to a new state: a new history entry (back returns here) unless `replace`, which is for
 * changes made keystroke by keystroke (typing a search).
 */
export function navigateTable(state: TableState, options: { replace?: boolean; backTo?: string } = {}): void {
  const hash = hashOf(state)
  if (hash === window.location.hash && !options.backTo) return
  const entry = options.backTo ? { backTo: options.backTo } : null
  if (options.replace) history.replaceState(entry, '', hash)
  else history.pushState(entry, '', hash)
  listeners.forEach((listener) => listener())
}

/** The screen this history entry was opened from (a dashboard link), which "Back" returns to. */
export function useBackTo(): string | null {
  return useSyncExternalStore(subscribe, () => stateString(history.state, 'backTo'))
}

/** A string a history entry's state holds under `key` (the app's own marks), if any. */
function stateString(state: unknown, key: 'backTo' | 'view'): string | null {
  if (typeof state !== 'object' || state === null) return null
  const value: unknown = Reflect.get(state, key)
  return typeof value === 'string' ? value : null
}

/**
 * Marks the current history entry as showing `view`, so that Back to it shows that screen again
 * (the screens other than the table keep no state in the URL).
 */
export function markHistoryView(view: string): void {
  const current: unknown = history.state
  history.replaceState({ ...(typeof current === 'object' ? current : {}), view }, '')
}

/** The screen a history entry was marked with by markHistoryView, if any. */
export function historyView(state: unknown): string | null {
  return stateString(state, 'view')
}

let cache: { hash: string; columns: string; state: TableState } | null = null

/** The state the URL holds now (the same object until the hash or the default columns change). */
export function currentTableState(defaultColumns: readonly LeadColumn[] = DEFAULT_COLUMNS): TableState {
  const hash = window.location.hash
  const columns = defaultColumns.join()
  if (cache?.hash !== hash || cache.columns !== columns) cache = { hash, columns, state: parse(hash, defaultColumns) }
  return cache.state
}

/** The current state, re-read when the hash changes (links, back / forward, navigateTable). */
export function useTableState(defaultColumns: readonly LeadColumn[] = DEFAULT_COLUMNS): TableState {
  return useSyncExternalStore(subscribe, () => currentTableState(defaultColumns))
}

export const isTableHash = (hash: string): boolean => hash.startsWith(PREFIX)
