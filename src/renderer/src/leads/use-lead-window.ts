import { useQueries, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useEffect, useMemo } from 'react'
import type { LeadQuery, MethodOutput, TableRow, TableWindow } from '../../../shared/contract'
import { send } from '../rpc/client'
import { queryKeyOf } from './same-query'

export const PAGE_SIZE = 100
type Page = MethodOutput<'leads.query'>

/** Query keys under ['leads', …], so a data change (sync, edit) refreshes every one of them. */
export const tableKeys = {
  count: (key: string) => ['leads', 'count', key] as const,
  page: (key: string, page: number) => ['leads', 'page', key, page] as const
}

/**
 * Where page `page` starts, the cheapest way: right after the page above or before the page below
 * when one is loaded (keyset), else from whichever end of the list is nearer, so the bottom of a
 * million rows costs what the top does.
 */
export function windowFor(
  client: QueryClient,
  key: string,
  page: number,
  total: number | null
): { window: TableWindow; limit: number } {
  const above = client.getQueryData<Page>(tableKeys.page(key, page - 1))
  if (page > 0 && above?.last && above.rows.length === PAGE_SIZE)
    return { window: { after: above.last }, limit: PAGE_SIZE }
  const below = client.getQueryData<Page>(tableKeys.page(key, page + 1))
  if (below?.first) return { window: { before: below.first }, limit: PAGE_SIZE }
  if (total !== null && page * PAGE_SIZE >= total / 2) {
    const limit = Math.max(1, Math.min(PAGE_SIZE, total - page * PAGE_SIZE))
    return { window: { offsetFromEnd: Math.max(0, total - (page + 1) * PAGE_SIZE) }, limit }
  }
  return { window: { offset: page * PAGE_SIZE }, limit: PAGE_SIZE }
}

export interface LeadWindow {
  /** Matching leads (null while being counted: the first rows may come first). */
  total: number | null
  all: number | null
  rowAt(index: number): TableRow | undefined
  /** Rows known so far when the count is still pending. */
  loaded: number
  error: unknown
  isPending: boolean
  /**
   * Starts reading the page holding row `index` now, before the table has scrolled there (Home,
   * End): the request leaves on the key press instead of a render and an effect later.
   */
  prefetch(index: number): void
}

/** A page of `query` as a TanStack query: its key, and how to read it the cheapest way. */
function pageQuery(client: QueryClient, query: LeadQuery, key: string, page: number) {
  return {
    queryKey: tableKeys.page(key, page),
    queryFn: () => {
      const counted = client.getQueryData<MethodOutput<'leads.count'>>(tableKeys.count(key))
      const { window, limit } = windowFor(client, key, page, counted?.matching ?? null)
      return send('leads.query', { query, window, limit })
    },
    staleTime: 10_000
  }
}

/** The counts of `query` as a TanStack query. */
function countQuery(query: LeadQuery, key: string) {
  return { queryKey: tableKeys.count(key), queryFn: () => send('leads.count', { query }), staleTime: 10_000 }
}

/**
 * Sends the first page and the counts of `query` now, under the keys the table will ask for, so
 * that a table opening on it finds them on their way (or in) instead of sending them after its
 * first render: at start, that is before React has rendered anything.
 */
export function startFirstPage(client: QueryClient, query: LeadQuery): void {
  const key = queryKeyOf(query)
  void client.prefetchQuery(countQuery(query, key))
  void client.prefetchQuery(pageQuery(client, query, key, 0))
}

/** The rows of `query` that the visible range needs, page by page, and its counts. */
export function useLeadWindow(query: LeadQuery, first: number, last: number): LeadWindow {
  const client = useQueryClient()
  const key = useMemo(() => queryKeyOf(query), [query])
  const count = useQuery(countQuery(query, key))
  const total = count.data?.matching ?? null
  const pages = useMemo(() => {
    const from = Math.floor(first / PAGE_SIZE)
    const to = Math.floor(Math.max(first, last) / PAGE_SIZE)
    const list = Array.from({ length: Math.min(to - from + 1, 20) }, (_, i) => from + i)
    return list.includes(0) || total !== null ? list : [0, ...list]
  }, [first, last, total])
  const results = useQueries({
    queries: pages.map((page) => ({
      ...pageQuery(client, query, key, page),
      // While a page is fetched again after a sync, its old rows stay on screen, in place.
      placeholderData: (previous: Page | undefined) => previous
    }))
  })
  const byPage = new Map<number, Page>()
  pages.forEach((page, i) => {
    const data = results[i]?.data
    if (data) byPage.set(page, data)
  })
  const firstPage = byPage.get(0)
  const prefetch = (index: number): void =>
    void client.prefetchQuery(pageQuery(client, query, key, Math.floor(index / PAGE_SIZE)))
  // Once the first rows and the count are in, the last page is read while the page is idle (one
  // seek from the other end of the index), so End or the scrollbar dragged down shows rows at once.
  const hasFirst = firstPage !== undefined
  useEffect(() => {
    if (total === null || total <= PAGE_SIZE || !hasFirst) return
    const idle = requestIdleCallback(
      () => void client.prefetchQuery(pageQuery(client, query, key, Math.floor((total - 1) / PAGE_SIZE))),
      { timeout: 1000 }
    )
    return () => cancelIdleCallback(idle)
  }, [client, query, key, total, hasFirst])
  return {
    total,
    all: count.data?.all ?? null,
    // A page already in the cache (prefetched) shows in the same render the table scrolls in, not
    // one render later, after the new range has come back up here.
    rowAt: (index) => {
      const page = Math.floor(index / PAGE_SIZE)
      const rows = (byPage.get(page) ?? client.getQueryData<Page>(tableKeys.page(key, page)))?.rows
      return rows?.[index % PAGE_SIZE]
    },
    loaded: firstPage?.rows.length ?? 0,
    error: count.error ?? results.find((r) => r.error)?.error ?? null,
    isPending: count.isPending && !firstPage,
    prefetch
  }
}
