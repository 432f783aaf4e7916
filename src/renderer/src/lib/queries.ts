import { useQuery, type QueryClient, type UseQueryResult } from '@tanstack/react-query'
import type { Connection, MethodInput, MethodOutput } from '../../../shared/contract'
import { RpcClientError, send } from '../rpc/client'

export const keys = {
  appInfo: ['app.info'] as const,
  settings: ['settings'] as const,
  connections: ['connections'] as const,
  syncStatus: ['sync.status'] as const,
  demo: ['demo.status'] as const,
  leads: ['leads'] as const,
  views: ['views'] as const,
  viewCounts: ['viewCounts'] as const,
  outbox: ['outbox'] as const,
  outboxOf: (connectionId: string) => ['outbox', connectionId] as const,
  leadPage: (query: MethodInput<'leads.list'>) => ['leads', query] as const
}

export function useConnections(): UseQueryResult<MethodOutput<'connections.list'>> {
  return useQuery({ queryKey: keys.connections, queryFn: () => send('connections.list', {}) })
}

/** Connections the user still has; removed ones whose cached leads were kept are listed apart. */
export function useActiveConnections(): { connections: Connection[]; isPending: boolean; error: unknown } {
  const query = useConnections()
  return {
    connections: (query.data ?? []).filter((c) => !c.archived),
    isPending: query.isPending,
    error: query.error
  }
}

export function useSyncStatus(): UseQueryResult<MethodOutput<'sync.status'>> {
  return useQuery({
    queryKey: keys.syncStatus,
    queryFn: () => send('sync.status', {}),
    // Events keep it current; polling is only the safety net for a dropped event stream.
    refetchInterval: (query) => (query.state.data?.connections.some((c) => c.state === 'syncing') ? 5_000 : 30_000)
  })
}

/** A connection's edits not yet delivered; only asked for when there is something to show. */
export function useOutbox(connectionId: string, enabled: boolean): UseQueryResult<MethodOutput<'outbox.list'>> {
  return useQuery({
    queryKey: keys.outboxOf(connectionId),
    queryFn: () => send('outbox.list', { connectionId }),
    enabled
  })
}

export function useDemoStatus(): UseQueryResult<MethodOutput<'demo.status'>> {
  return useQuery({ queryKey: keys.demo, queryFn: () => send('demo.status', {}) })
}

export function useAppInfo(): UseQueryResult<MethodOutput<'app.info'>> {
  return useQuery({ queryKey: keys.appInfo, queryFn: () => send('app.info', {}), staleTime: 60_000 })
}

/** After a call failed on the keychain, whatever shows the keychain's state shows it as it is now. */
export function recheckKeychainAfter(client: QueryClient, error: unknown): void {
  if (error instanceof RpcClientError && error.code.startsWith('KEYCHAIN_'))
    void client.invalidateQueries({ queryKey: keys.appInfo })
}

export function useSettings(): UseQueryResult<MethodOutput<'settings.get'>> {
  return useQuery({ queryKey: keys.settings, queryFn: () => send('settings.get', {}) })
}

export function invalidateConnections(client: QueryClient): Promise<void> {
  return Promise.all([
    client.invalidateQueries({ queryKey: keys.connections }),
    client.invalidateQueries({ queryKey: keys.syncStatus }),
    client.invalidateQueries({ queryKey: keys.demo })
  ]).then(() => undefined)
}
