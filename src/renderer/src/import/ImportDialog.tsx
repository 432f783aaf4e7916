import { useState } from 'react'
import type { ColumnMapping, ImportCounts, ImportPreview, ImportRecord, ImportSummary } from '../../../shared/contract'
import { Dialog } from '../components/Dialog'
import { ErrorNotice } from '../components/ErrorNotice'
import { ProgressBar } from '../components/ProgressBar'
import { formatCount, plural } from '../lib/format'
import { send } from '../rpc/client'
import { ImportActions } from './ImportActions'
import { describeCounts } from './labels'
import { MappingStep } from './MappingStep'
import type { DraftOptions } from './OptionsFields'
import { useImportChanged, useImportHistory } from './queries'
import { ReviewStep } from './ReviewStep'
import { StartStep } from './StartStep'
import { useImportProgress } from './use-import-progress'

import styles from './import.module.css'

type Step =
  | { kind: 'start' }
  | { kind: 'mapping'; preview: ImportPreview }
  | { kind: 'review'; preview: ImportPreview; summary: ImportSummary; counts: ImportCounts }
  | { kind: 'done'; record: ImportRecord }

/**
 * "Import": pick a file, map its columns, check every row (nothing is written), fix or skip rows,
 * then commit in one go, with progress and cancel; afterwards push the new leads or revert.
 */
export function ImportDialog({ onClose }: { onClose(): void }): React.JSX.Element {
  const [step, setStep] = useState<Step>({ kind: 'start' })
  const [mapping, setMapping] = useState<ColumnMapping[]>([])
  const [options, setOptions] = useState<DraftOptions | null>(null)
  const [busy, setBusy] = useState<'analyzing' | 'committing' | null>(null)
  const [run, setRun] = useState(0)
  const [error, setError] = useState<unknown>(null)
  const changed = useImportChanged()
  const history = useImportHistory()
  const sessionId = step.kind === 'mapping' || step.kind === 'review' ? step.preview.sessionId : null
  const progress = useImportProgress(sessionId, busy ? run : null)

  const opened = (preview: ImportPreview): void => {
    setMapping(preview.mapping)
    setOptions({ ...preview.options })
    setStep({ kind: 'mapping', preview })
  }
  const close = (): void => {
    if (sessionId) {
      if (busy) void send('imports.cancel', { sessionId })
      void send('imports.close', { sessionId })
    }
    onClose()
  }
  const check = async (preview: ImportPreview): Promise<void> => {
    if (!options) return
    setBusy('analyzing')
    setRun((n) => n + 1)
    setError(null)
    try {
      const summary = await send('imports.analyze', {
        sessionId: preview.sessionId,
        mapping,
        options: { ...options, connectionId: options.connectionId }
      })
      setStep({ kind: 'review', preview, summary, counts: summary.counts })
    } catch (err) {
      setError(err)
    } finally {
      setBusy(null)
    }
  }
  const commit = async (preview: ImportPreview): Promise<void> => {
    setBusy('committing')
    setRun((n) => n + 1)
    setError(null)
    try {
      const record = await send('imports.commit', { sessionId: preview.sessionId })
      setStep({ kind: 'done', record })
      changed()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(null)
    }
  }

  let body: React.JSX.Element
  let footer: React.JSX.Element
  if (step.kind === 'start') {
    body = <StartStep onOpened={opened} />
    footer = (
      <button type="button" className="button" onClick={close}>
        Close
      </button>
    )
  } else if (step.kind === 'mapping') {
    body = (
      <MappingStep
        preview={step.preview}
        mapping={mapping}
        options={options!}
        onMapping={setMapping}
        onOptions={setOptions}
        onPreview={opened}
      />
    )
    footer = (
      <>
        <button type="button" className="button" disabled={busy !== null} onClick={close}>
          Cancel
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={busy !== null || !options?.connectionId}
          title={options?.connectionId ? undefined : 'Choose where new leads go first'}
          onClick={() => void check(step.preview)}
        >
          Check rows
        </button>
      </>
    )
  } else if (step.kind === 'review') {
    const writes = step.counts.create + step.counts.update
    body = (
      <ReviewStep
        preview={step.preview}
        mapping={mapping}
        summary={step.summary}
        counts={step.counts}
        onCounts={(counts) => setStep({ ...step, counts })}
      />
    )
    footer = (
      <>
        <button
          type="button"
          className="button"
          disabled={busy !== null}
          onClick={() => setStep({ kind: 'mapping', preview: step.preview })}
        >
          Back to columns
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={busy !== null || writes === 0}
          onClick={() => void commit(step.preview)}
        >
          Commit import
        </button>
      </>
    )
  } else {
    // The history's copy follows pushes and reverts made from here.
    const record = history.data?.find((r) => r.id === step.record.id) ?? step.record
    body = (
      <div className={styles.step}>
        <p className="notice notice-success" role="status">
          Imported {record.fileName}: {describeCounts(record.counts)}.
        </p>
        {record.state === 'reverted' && <p>This import was reverted.</p>}
        {record.local > 0 && (
          <p>
            {plural(record.local, 'new lead')} {record.local === 1 ? 'is' : 'are'} on this computer only, marked local,
            until you push {record.local === 1 ? 'it' : 'them'} to a platform.
          </p>
        )}
        <ImportActions record={record} />
      </div>
    )
    footer = (
      <button type="button" className="button button-primary" onClick={close}>
        Done
      </button>
    )
  }

  const status = (
    <>
      {busy && (
        <div className={styles.progress}>
          <ProgressBar
            label={busy === 'analyzing' ? 'Checking rows' : 'Importing'}
            fraction={progress?.fraction ?? null}
            valueText={`${formatCount(progress?.rows ?? 0)} rows`}
          />
          <span aria-live="polite">
            {busy === 'analyzing' ? 'Checking' : 'Importing'} {formatCount(progress?.rows ?? 0)} rows…
          </span>
          {sessionId && (
            <button
              type="button"
              className="button button-danger-quiet"
              onClick={() => void send('imports.cancel', { sessionId })}
            >
              {busy === 'analyzing' ? 'Stop checking' : 'Cancel import'}
            </button>
          )}
        </div>
      )}
      {error !== null && <ErrorNotice error={error} />}
    </>
  )

  return (
    <Dialog title="Import leads from CSV" onClose={close} footer={footer} status={status} className={styles.dialog}>
      {body}
    </Dialog>
  )
}
