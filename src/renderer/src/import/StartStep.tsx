import { useRef, useState } from 'react'
import type { ImportPreview } from '../../../shared/contract'
import { ErrorNotice } from '../components/ErrorNotice'
import { ProgressBar } from '../components/ProgressBar'
import { hasNativeFileDialog, send, uploadFile } from '../rpc/client'
import { HistoryList } from './HistoryList'

import { cx } from '../lib/cx'
import styles from './import.module.css'

/** The first step: a file from the native dialog (desktop), or picked or dropped in the page (browser). */
export function StartStep({ onOpened }: { onOpened(preview: ImportPreview): void }): React.JSX.Element {
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [dragging, setDragging] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const native = hasNativeFileDialog()

  const open = async (task: () => Promise<ImportPreview | null>, what: string): Promise<void> => {
    setBusy(what)
    setError(null)
    try {
      const preview = await task()
      if (preview) onOpened(preview)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(null)
      if (input.current) input.current.value = ''
    }
  }
  const openFile = (file: File): Promise<void> =>
    open(async () => {
      const { uploadId } = await uploadFile(file, file.name)
      return send('imports.open', { uploadId })
    }, `Reading ${file.name}…`)

  return (
    <div className={styles.step}>
      <p className="hint">
        A CSV file of any size: exports of HubSpot, Salesforce, Pipedrive, Twenty or Lead Manager, or any list with a
        header row. Nothing is written until you have checked the rows and chosen to import them.
      </p>
      {native ? (
        <button
          type="button"
          className="button button-primary"
          data-autofocus
          disabled={busy !== null}
          onClick={() => void open(() => send('imports.open', { dialog: true }), 'Reading the file…')}
        >
          Choose a CSV file…
        </button>
      ) : (
        <div
          className={cx(styles.dropZone, dragging && styles.dropActive)}
          onDragOver={(event) => {
            event.preventDefault()
            setDragging(true)
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(event) => {
            event.preventDefault()
            setDragging(false)
            const file = event.dataTransfer.files[0]
            if (file) void openFile(file)
          }}
        >
          <label htmlFor="import-file" className="button button-primary">
            Choose a CSV file…
          </label>
          <input
            ref={input}
            id="import-file"
            type="file"
            className={styles.fileInput}
            accept=".csv,.tsv,.txt,text/csv,text/plain"
            data-autofocus
            disabled={busy !== null}
            onChange={(event) => {
              const file = event.target.files?.[0]
              if (file) void openFile(file)
            }}
          />
          <span className="muted">or drop it here</span>
        </div>
      )}
      {busy && <ProgressBar label={busy} fraction={null} valueText={busy} />}
      {busy && <p aria-live="polite">{busy}</p>}
      {error !== null && <ErrorNotice error={error} title="This file cannot be imported:" />}
      <HistoryList />
    </div>
  )
}
