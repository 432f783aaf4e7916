import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { on } from '../rpc/client'
import { livePush } from './live-push'
import { isFinished, liveSync } from './live-sync'
import { invalidateConnections, keys } from './queries'

type SyncStatus = MethodOutput<'sync.status'>

/** Runs `task` at most once per `ms`, the last call winning: a sync emits leads changes per page. */
function throttle(task: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  return () => {
    if (timer) return
    timer = setTimeout(() => {
      timer = null
      task()
    }, ms)
  }
}

function patchStatus(client: QueryClient, patch: (status: SyncStatus) => SyncStatus): void {
  client.setQueryData<SyncStatus>(keys.syncStatus, (old) => (old ? patch(old) : old))
}

/** Keeps the query cache in step with what the main process pushes. Mount once, at the root. */
export function useServerEvents(): void {
  const client = useQueryClient()
  useEffect(() => {
    const refreshCounts = throttle(() => void client.invalidateQueries({ queryKey: keys.viewCounts }), 10_000)
    const refreshLeads = throttle(() => {
      void client.invalidateQueries({ queryKey: keys.leads })
      refreshCounts()
    }, 1_000)
    const offs = [
      on('sync.progress', (progress) => {
        liveSync.put(progress)
        if (isFinished(progress)) {
          void invalidateConnections(client)
          refreshLeads()
        }
      }),
      on('push.progress', (progress) => {
        livePush.put(progress)
        // The waiting counts of sync.status move with it; the event says when, no polling.
        if (progress.done) void client.invalidateQueries({ queryKey: keys.syncStatus })
      }),
      on('connection.state', ({ connectionId, state, message }) => {
        patchStatus(client, (status) => ({
          ...status,
          connections: status.connections.map((c) => (c.connectionId === connectionId ? { ...c, state, message } : c))
        }))
        void invalidateConnections(client)
      }),
      on('network.state', ({ online }) => {
        patchStatus(client, (status) => ({ ...status, online }))
        client.setQueryData<MethodOutput<'app.info'>>(keys.appInfo, (old) => (old ? { ...old, online } : old))
      }),
      on('data.changed', ({ entity }) => {
        if (entity === 'connections') {
          void invalidateConnections(client)
          // Each connection has a view of its own in the sidebar.
          void client.invalidateQueries({ queryKey: keys.views })
        } else if (entity === 'leads') refreshLeads()
        else if (entity === 'settings') void client.invalidateQueries({ queryKey: keys.settings })
        else if (entity === 'views') {
          void client.invalidateQueries({ queryKey: keys.views })
          void client.invalidateQueries({ queryKey: keys.viewCounts })
        } else if (entity === 'bulk') void client.invalidateQueries({ queryKey: ['bulk'] })
        else {
          void client.invalidateQueries({ queryKey: keys.syncStatus })
          void client.invalidateQueries({ queryKey: keys.outbox })
        }
      })
    ]
    return () => offs.forEach((off) => off())
  }, [client])
}
