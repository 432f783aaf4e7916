import { useQuery } from '@tanstack/react-query'
import { useId } from 'react'
import type { OutboxEntry } from '../../../shared/contract'
import { ErrorNotice } from '../components/ErrorNotice'
import { formatDateTime, plural } from '../lib/format'
import { keys, useConnections } from '../lib/queries'
import { send } from '../rpc/client'
import { ConflictChoice } from './ConflictChoice'
import { describePatch } from './describe'
import { EditButtons } from './EditButtons'
import styles from './Outbox.module.css'

const GROUPS: { title: string; states: OutboxEntry['state'][]; empty: string }[] = [
  { title: 'Conflicts', states: ['conflict'], empty: 'No conflicts.' },
  { title: 'Not delivered', states: ['failed'], empty: 'Nothing was refused.' },
  { title: 'Waiting to push', states: ['pending', 'sending'], empty: 'Nothing is waiting.' },
  { title: 'Kept in this app only', states: ['local-only'], empty: 'No local-only edits.' }
]

function Entry({ entry, connection }: { entry: OutboxEntry; connection: string }): React.JSX.Element {
  const label = entry.leadName ?? `Lead ${entry.leadId}`
  const describedBy = useId()
  if (entry.state === 'conflict') {
    return (
      <li>
        <ConflictChoice entry={entry} leadLabel={label} />
        <p className={styles.meta}>{connection}</p>
      </li>
    )
  }
  return (
    <li className={styles.item}>
      <div id={describedBy}>
        <strong>{label}</strong>: {describePatch(entry.patch)}
      </div>
      <span className={styles.meta}>
        {connection} · edited {formatDateTime(entry.createdAt)}
        {entry.attempts > 0 ? ` · ${plural(entry.attempts, 'attempt')}` : ''}
      </span>
      {entry.state === 'failed' && (
        <span className={styles.error}>{entry.lastError ?? 'Refused by the platform.'}</span>
      )}
      <EditButtons entry={entry} describedBy={describedBy} className={styles.actions} />
    </li>
  )
}

/** Every edit not yet on its platform, across connections: conflicts first, then refused, waiting, local. */
export function OutboxScreen(): React.JSX.Element {
  const outbox = useQuery({ queryKey: keys.outbox, queryFn: () => send('outbox.list', {}) })
  const connections = useConnections()
  const names = new Map((connections.data ?? []).map((c) => [c.id, c.name]))
  const entries = outbox.data ?? []
  return (
    <div className="screen">
      <div className="screen-head">
        <h1 tabIndex={-1}>Outbox</h1>
        <span aria-live="polite">{outbox.data ? plural(entries.length, 'edit') + ' not on the platform yet' : ''}</span>
      </div>
      {outbox.error && <ErrorNotice error={outbox.error} title="Could not read the outbox:" />}
      {outbox.isPending && <p className="hint">Loading…</p>}
      {outbox.data && entries.length === 0 && (
        <p className="notice notice-success">Every edit is on its platform: nothing waiting, refused or in conflict.</p>
      )}
      {entries.length > 0 &&
        GROUPS.map((group) => {
          const items = entries.filter((e) => group.states.includes(e.state))
          return (
            <section key={group.title} className={styles.group} aria-label={group.title}>
              <h2>
                {group.title} ({items.length})
              </h2>
              {items.length === 0 ? (
                <p className="hint">{group.empty}</p>
              ) : (
                <ul className={styles.list}>
                  {items.map((entry) => (
                    <Entry
                      key={entry.id}
                      entry={entry}
                      connection={names.get(entry.connectionId) ?? entry.connectionId}
                    />
                  ))}
                </ul>
              )}
            </section>
          )
        })}
    </div>
  )
}
