import { useState } from 'react'
import type { ImportRecord } from '../../../shared/contract'
import { ErrorNotice } from '../components/ErrorNotice'
import { ProgressBar } from '../components/ProgressBar'
import { formatCount, plural } from '../lib/format'
import { useActiveConnections } from '../lib/queries'
import { send } from '../rpc/client'
import { useImportChanged, useImportHistory } from './queries'
import { useImportProgress } from './use-import-progress'

import styles from './import.module.css'

/**
 * What can be done with a committed import: push its local leads to a platform that takes new
 * leads, or revert it. Used after a commit and in the history.
 */
export function ImportActions({ record: given }: { record: ImportRecord }): React.JSX.Element | null {
  // The history is refreshed after a push or revert: its copy has the current counts.
  const history = useImportHistory()
  const record = history.data?.find((r) => r.id === given.id) ?? given
  const { connections } = useActiveConnections()
  const writable = connections.filter((c) => !c.readOnly)
  const [target, setTarget] = useState<string>('')
  const [busy, setBusy] = useState<'push' | 'revert' | null>(null)
  const [run, setRun] = useState(0)
  const [message, setMessage] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const changed = useImportChanged()
  const progress = useImportProgress(`push:${record.id}`, busy === 'push' ? run : null)
  const chosen =
    target || (writable.some((c) => c.id === record.connectionId) ? record.connectionId! : (writable[0]?.id ?? ''))

  const act = async (what: 'push' | 'revert'): Promise<void> => {
    setBusy(what)
    setRun((n) => n + 1)
    setError(null)
    setMessage(null)
    try {
      if (what === 'push') {
        const result = await send('imports.push', { importId: record.id, connectionId: chosen })
        setMessage(
          `${plural(result.pushed, 'lead')} pushed${result.failed ? `, ${formatCount(result.failed)} refused by the platform (still local)` : ''}.` +
            (result.messages.length ? ` ${result.messages.join(' ')}` : '')
        )
      } else {
        const result = await send('imports.revert', { importId: record.id })
        setMessage(
          `Reverted: ${plural(result.restored, 'lead')} restored, ${plural(result.removed, 'lead')} removed` +
            (result.keptNewer ? `, ${plural(result.keptNewer, 'field')} changed since kept` : '') +
            (result.keptPushed ? `, ${plural(result.keptPushed, 'pushed lead')} kept` : '') +
            '.'
        )
      }
    } catch (err) {
      setError(err)
    } finally {
      setBusy(null)
      changed()
    }
  }

  if (record.state === 'reverted')
    return <div aria-live="polite">{message && <p className="notice notice-success">{message}</p>}</div>
  return (
    <div className={styles.actions}>
      {record.local > 0 && (
        <div className={styles.row}>
          <label htmlFor={`push-target-${record.id}`} className={styles.label}>
            Push to
          </label>
          <select
            id={`push-target-${record.id}`}
            value={chosen}
            disabled={busy !== null || writable.length === 0}
            onChange={(e) => setTarget(e.target.value)}
          >
            {writable.length === 0 && <option value="">No connection takes new leads</option>}
            {writable.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <button type="button" className="button" disabled={busy !== null || !chosen} onClick={() => void act('push')}>
            Push {plural(record.local, 'local lead')}
          </button>
          {busy === 'push' && (
            <button
              type="button"
              className="button button-danger-quiet"
              onClick={() => void send('imports.cancel', { sessionId: `push:${record.id}` })}
            >
              Stop pushing
            </button>
          )}
        </div>
      )}
      {busy === 'push' && (
        <ProgressBar
          label="Pushing leads"
          fraction={progress?.fraction ?? null}
          valueText={progress ? `${formatCount(progress.rows)} leads` : 'Starting'}
        />
      )}
      <div className={styles.row}>
        <button
          type="button"
          className="button button-danger-quiet"
          disabled={busy !== null}
          onClick={() => void act('revert')}
        >
          Revert this import
        </button>
      </div>
      <div aria-live="polite">{message && <p className="notice notice-success">{message}</p>}</div>
      {error !== null && <ErrorNotice error={error} />}
    </div>
  )
}
