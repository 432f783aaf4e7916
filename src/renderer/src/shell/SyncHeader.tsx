import { useMutation, useQueryClient } from '@tanstack/react-query'
import { DemoBadge, OfflineBadge } from '../components/Badges'
import { ErrorNotice } from '../components/ErrorNotice'
import { SyncProgressLine } from '../components/SyncProgressLine'
import { cx } from '../lib/cx'
import { formatRelative, plural } from '../lib/format'
import { useNavigation } from '../lib/navigation'
import { invalidateConnections } from '../lib/queries'
import { useSyncView, type SyncView } from '../lib/sync-view'
import { useNow } from '../lib/use-now'
import { send } from '../rpc/client'
import { PushCounts } from './PushCounts'
import styles from './SyncHeader.module.css'

const STORAGE_SUMMARY: Record<NonNullable<SyncView['storage']>['code'], string> = {
  DISK_FULL: 'The disk is full: changes cannot be saved',
  DATABASE_LOCKED: 'The database is locked by another program',
  DATABASE_READ_ONLY: 'The database is read-only: changes cannot be saved',
  DATABASE_CORRUPT: 'The database is damaged',
  STORAGE_ERROR: 'A disk error stops Lead Manager from saving'
}

function summarize(view: SyncView, now: number): { text: string; tone: 'ok' | 'busy' | 'warn' | 'error' | 'off' } {
  if (view.isPending) return { text: 'Loading…', tone: 'busy' }
  if (view.connections.length === 0) return { text: 'No connections yet', tone: 'off' }
  if (view.storage) return { text: STORAGE_SUMMARY[view.storage.code], tone: 'error' }
  if (view.syncing.length > 0) return { text: `Syncing ${plural(view.syncing.length, 'connection')}…`, tone: 'busy' }
  if (!view.online) return { text: 'Offline: showing cached leads', tone: 'off' }
  if (view.needsToken.length > 0) {
    return {
      text: `${plural(view.needsToken.length, 'connection')} need${view.needsToken.length === 1 ? 's' : ''} a new token`,
      tone: 'warn'
    }
  }
  const broken = view.failed.filter((row) => row.state === 'error')
  if (broken.length > 0) return { text: `Last sync failed for ${plural(broken.length, 'connection')}`, tone: 'error' }
  const unreachable = view.failed.length - broken.length
  if (unreachable > 0) {
    return { text: `${plural(unreachable, 'connection')} cannot be reached: see Connections`, tone: 'warn' }
  }
  if (!view.lastSyncedAt) return { text: 'Not synced yet', tone: 'off' }
  return { text: `Up to date · synced ${formatRelative(view.lastSyncedAt, now)}`, tone: 'ok' }
}

/**
 * The strip above every screen: overall sync state, the bars of running syncs, the outbox's pushed /
 * waiting / failed edits per connection, and what needs the user.
 */
export function SyncHeader(): React.JSX.Element {
  const view = useSyncView()
  const now = useNow()
  const client = useQueryClient()
  const { openForm } = useNavigation()
  const run = useMutation({
    mutationFn: (connectionId?: string) => send('sync.run', connectionId ? { connectionId } : {}),
    onSettled: () => invalidateConnections(client)
  })
  const cancel = useMutation({
    mutationFn: () => send('sync.cancel', {}),
    onSettled: () => invalidateConnections(client)
  })
  const summary = summarize(view, now)
  // A failed sync is told by the alerts below, not by a stopped bar.
  const running = view.withProgress.filter((row) => row.progress?.phase !== 'failed')
  const hasConnections = view.connections.length > 0
  // A connection that cannot be reached says so on its own card; a storage problem is told once, below.
  const alerts = view.failed.filter((row) => row.state === 'error' && row.message !== view.storage?.message)

  return (
    <div className={styles.bar}>
      <div className={styles.row}>
        <p className={cx(styles.summary, styles[`tone-${summary.tone}`])} role="status" data-testid="sync-summary">
          <span className={styles.dot} aria-hidden="true" />
          {summary.text}
        </p>
        {!view.online && <OfflineBadge />}
        <span className="spacer" />
        {view.syncing.length > 0 ? (
          <button type="button" className="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
            Cancel sync
          </button>
        ) : (
          <button
            type="button"
            className="button button-primary"
            onClick={() => run.mutate(undefined)}
            disabled={!hasConnections || run.isPending}
            title={view.online ? undefined : 'You are offline; the sync will fail until the network is back.'}
          >
            Sync now
          </button>
        )}
      </div>

      {running.length > 0 && (
        <div className={styles.progress} aria-label="Sync progress" role="group">
          {running.map((row) => (
            <div key={row.connection.id} className={styles.progressItem}>
              <SyncProgressLine name={row.connection.name} progress={row.progress!} compact />
              {row.connection.isDemo && <DemoBadge />}
            </div>
          ))}
        </div>
      )}

      <PushCounts view={view} />

      {view.storage && (
        <div className={cx('notice notice-error', styles.alert)} role="alert" data-testid="storage-problem">
          <div>
            <strong>Lead Manager cannot save changes right now.</strong> {view.storage.message}
          </div>
        </div>
      )}

      {view.needsToken.map((row) => (
        <div key={row.connection.id} className={cx('notice notice-warning', styles.alert)} data-testid="needs-token">
          <div>
            <strong>“{row.connection.name}” needs a new token.</strong>{' '}
            {row.message ?? 'The platform refused the saved token, so syncing has stopped.'}
          </div>
          <button
            type="button"
            className="button button-primary"
            onClick={() => openForm({ kind: 'edit', connectionId: row.connection.id, focusToken: true })}
          >
            Enter new token
          </button>
        </div>
      ))}

      {alerts.map((row) => (
        <div key={row.connection.id} className={cx('notice notice-error', styles.alert)} data-testid="sync-error">
          <div>
            <strong>Sync of “{row.connection.name}” failed.</strong> {row.message ?? ''}
          </div>
          <button type="button" className="button" onClick={() => run.mutate(row.connection.id)}>
            Retry
          </button>
        </div>
      ))}

      {run.error && <ErrorNotice error={run.error} title="Sync did not start:" />}
      {cancel.error && <ErrorNotice error={cancel.error} title="Could not cancel:" />}
    </div>
  )
}
