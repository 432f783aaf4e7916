import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { Connection } from '../../../shared/contract'
import { ConnectionBadges, StateBadge } from '../components/Badges'
import { ErrorNotice } from '../components/ErrorNotice'
import { FailedEdits } from '../components/FailedEdits'
import { SyncProgressLine } from '../components/SyncProgressLine'
import { cx } from '../lib/cx'
import { formatDateTime, formatRelative, platformLabel, plural } from '../lib/format'
import { isFinished } from '../lib/live-sync'
import { useNavigation } from '../lib/navigation'
import { invalidateConnections, useConnections } from '../lib/queries'
import { useSyncView, type ConnectionSync } from '../lib/sync-view'
import { useNow } from '../lib/use-now'
import { send } from '../rpc/client'
import styles from './ConnectionsScreen.module.css'
import { RemoveDemoButton } from './Demo'
import { RemoveConnectionDialog } from './RemoveConnectionDialog'
import { Welcome } from './Welcome'

function ConnectionCard({ row, onRemove }: { row: ConnectionSync; onRemove(): void }): React.JSX.Element {
  const { connection, state, message, progress, nextRetryAt } = row
  const client = useQueryClient()
  const now = useNow()
  const { openForm } = useNavigation()
  const test = useMutation({ mutationFn: () => send('connections.test', { id: connection.id }) })
  const sync = useMutation({
    mutationFn: async (): Promise<void> => {
      if (state === 'syncing') await send('sync.cancel', { connectionId: connection.id })
      else await send('sync.run', { connectionId: connection.id })
    },
    onSettled: () => invalidateConnections(client)
  })
  const headingId = `connection-${connection.id}`

  return (
    <li className="card" data-testid="connection-card">
      <div className={styles.head}>
        <h3 id={headingId}>{connection.name}</h3>
        <ConnectionBadges connection={connection} />
        <span className="spacer" />
        <StateBadge state={state} />
      </div>
      <dl className={styles.facts}>
        <div>
          <dt>Platform</dt>
          <dd>
            {platformLabel(connection)}
            {connection.platform === 'express-chat' && <span className="muted"> (express-chat)</span>}
          </dd>
        </div>
        <div>
          <dt>Last synced</dt>
          <dd title={formatDateTime(connection.lastSyncedAt)}>{formatRelative(connection.lastSyncedAt, now)}</dd>
        </div>
        <div>
          <dt>Leads</dt>
          <dd data-testid="lead-count">{plural(connection.leadCount, 'lead')}</dd>
        </div>
      </dl>
      {progress && !isFinished(progress) && (
        <SyncProgressLine name={connection.name} progress={progress} showName={false} />
      )}
      {message && (state === 'error' || state === 'needs-token' || state === 'offline') && (
        <div
          className={cx('notice', state === 'error' ? 'notice-error' : 'notice-warning', styles.problem)}
          data-testid="connection-problem"
        >
          <p>{message}</p>
          {nextRetryAt && (
            <p className="notice-details" title={formatDateTime(nextRetryAt)}>
              Next automatic try{' '}
              {Date.parse(nextRetryAt) - now < 60_000 ? 'within a minute' : formatRelative(nextRetryAt, now)}.
            </p>
          )}
        </div>
      )}
      <FailedEdits connectionId={connection.id} count={row.failedEdits} />
      {test.data && (
        <p
          className={`notice ${test.data.ok ? 'notice-success' : 'notice-error'}`}
          role="status"
          data-testid="test-result"
        >
          <strong>{test.data.ok ? '✓ Connection works.' : '✗ Connection failed.'}</strong> {test.data.message}
          {test.data.status !== null && <span className="notice-details"> HTTP {test.data.status}</span>}
        </p>
      )}
      {test.error && <ErrorNotice error={test.error} title="Test failed:" />}
      {sync.error && <ErrorNotice error={sync.error} />}
      <div className={styles.actions}>
        {state === 'needs-token' && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => openForm({ kind: 'edit', connectionId: connection.id, focusToken: true })}
          >
            Enter new token
          </button>
        )}
        <button type="button" className="button" onClick={() => sync.mutate()} disabled={sync.isPending}>
          {state === 'syncing' ? 'Cancel sync' : 'Sync now'}
        </button>
        <button type="button" className="button" onClick={() => test.mutate()} disabled={test.isPending}>
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => openForm({ kind: 'edit', connectionId: connection.id, focusToken: false })}
        >
          Edit
        </button>
        <button type="button" className="button button-danger-quiet" onClick={onRemove}>
          Remove…
        </button>
      </div>
    </li>
  )
}

function ArchivedList({
  connections,
  onDelete
}: {
  connections: Connection[]
  onDelete(c: Connection): void
}): React.JSX.Element {
  return (
    <section aria-labelledby="archived-title" className={styles.archived}>
      <h3 id="archived-title">Removed connections</h3>
      <p className="hint">Their tokens are gone; their cached leads are still here until you delete them.</p>
      <ul className={styles.list}>
        {connections.map((c) => (
          <li key={c.id} className={styles.archivedItem} data-testid="archived-connection">
            <span>
              <strong>{c.name}</strong> <span className="muted">{platformLabel(c)}</span> ·{' '}
              {plural(c.leadCount, 'cached lead')}
            </span>
            <button type="button" className="button button-danger-quiet" onClick={() => onDelete(c)}>
              Delete cached leads…
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}

export function ConnectionsScreen(): React.JSX.Element {
  const { openForm } = useNavigation()
  const query = useConnections()
  const view = useSyncView()
  const [removing, setRemoving] = useState<Connection | null>(null)
  const archived = (query.data ?? []).filter((c) => c.archived)
  const hasDemo = view.connections.some((row) => row.connection.isDemo)

  return (
    <div className="screen">
      <div className="screen-head">
        <h1 tabIndex={-1}>Connections</h1>
        <span className="spacer" />
        {hasDemo && <RemoveDemoButton />}
        {view.connections.length > 0 && (
          <button type="button" className="button button-primary" onClick={() => openForm({ kind: 'create' })}>
            Add a connection
          </button>
        )}
      </div>
      {query.error && <ErrorNotice error={query.error} title="Could not load connections:" />}
      {query.isPending ? (
        <p className="muted">Loading connections…</p>
      ) : view.connections.length === 0 ? (
        <Welcome />
      ) : (
        <ul className={styles.list} aria-label="Connections">
          {view.connections.map((row) => (
            <ConnectionCard key={row.connection.id} row={row} onRemove={() => setRemoving(row.connection)} />
          ))}
        </ul>
      )}
      {archived.length > 0 && <ArchivedList connections={archived} onDelete={setRemoving} />}
      {removing && <RemoveConnectionDialog connection={removing} onClose={() => setRemoving(null)} />}
    </div>
  )
}
