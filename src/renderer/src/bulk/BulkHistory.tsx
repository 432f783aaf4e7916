import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { BulkUndoResult } from '../../../shared/contract'
import { Dialog } from '../components/Dialog'
import { ErrorNotice } from '../components/ErrorNotice'
import { formatCount, formatDateTime } from '../lib/format'
import { send } from '../rpc/client'
import styles from './Bulk.module.css'
import { undoText } from './undo-text'

export const bulkHistoryKey = ['bulk', 'history'] as const

/** Recent bulk edits, each with Undo. */
export function BulkHistory({ onClose }: { onClose(): void }): React.JSX.Element {
  const client = useQueryClient()
  const history = useQuery({ queryKey: bulkHistoryKey, queryFn: () => send('bulk.history', {}) })
  const [result, setResult] = useState<{ id: number; undo: BulkUndoResult } | null>(null)
  const [error, setError] = useState<unknown>(null)

  const undo = async (id: number, force = false): Promise<void> => {
    setError(null)
    try {
      setResult({ id, undo: await send('bulk.undo', { id, force }) })
    } catch (e) {
      setError(e)
    }
    void client.invalidateQueries({ queryKey: ['bulk'] })
    void client.invalidateQueries({ queryKey: ['leads'] })
  }

  return (
    <Dialog
      title="Bulk edit history"
      onClose={onClose}
      wide
      status={
        <>
          {error ? <ErrorNotice error={error} title="Could not undo:" /> : null}
          {result && <p>{undoText(result.undo)}</p>}
        </>
      }
      footer={
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      }
    >
      {history.error ? <ErrorNotice error={history.error} title="Could not load the history:" /> : null}
      {history.data?.length === 0 && <p>No bulk edits yet.</p>}
      <ul className={styles.history} aria-label="Recent bulk edits">
        {history.data?.map((entry) => (
          <li key={entry.id}>
            <span className={styles.historyText}>
              <strong>{entry.summary}</strong> — {formatCount(entry.changed)} leads, {formatDateTime(entry.createdAt)}
              {entry.undoneAt ? ' (undone)' : ''}
            </span>
            <button
              type="button"
              className="button"
              disabled={entry.undoneAt !== null}
              aria-label={`Undo ${entry.summary}`}
              onClick={() => void undo(entry.id)}
            >
              Undo
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  )
}
