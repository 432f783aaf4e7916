import { useMutation, useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import type { BulkSelectionInput } from '../../../shared/contract/bulk'
import { DEFAULT_EXPORT_OPTIONS, type ExportOptions, type ExportProgress } from '../../../shared/contract/csv-export'
import { DEFAULT_COLUMNS, type LeadQueryInput } from '../../../shared/contract/query'
import { exportColumnsForView, type ExportColumnId } from '../../../shared/csv/columns'
import { Dialog } from '../components/Dialog'
import { ErrorNotice } from '../components/ErrorNotice'
import { ProgressBar } from '../components/ProgressBar'
import { formatCount, plural } from '../lib/format'
import { send } from '../rpc/client'
import { ColumnChooser } from './ColumnChooser'
import { ExportOptionsFields } from './ExportOptionsFields'
import { PresetPicker, presetsKey } from './PresetPicker'
import { isFinished, useExportRun, type ExportRun } from './use-export-run'
import styles from './Export.module.css'

interface ExportDialogProps {
  /** The view (filters, search, sort, visible columns): the export lists what the table lists, in its order. */
  query: LeadQueryInput
  /**
   * The leads selected in the table, if any (the bulk edit's selection: ids, or "all that match" as
   * its query): the export then takes only those, unless the user picks the whole view.
   */
  selected?: { selection: BulkSelectionInput; count: number } | null
  /** How many leads the view holds, when known. */
  total: number | null
  onClose(): void
}

function progressText(progress: ExportProgress | null, target: ExportRun['target']): string {
  if (!progress || progress.phase === 'waiting') {
    return target === 'download' ? 'Waiting for the browser to start the download…' : 'Starting…'
  }
  if (progress.phase === 'counting' || progress.total === null) return 'Counting the leads…'
  const percent = Math.floor((progress.fraction ?? 0) * 100)
  return `${formatCount(progress.rows)} of ${plural(progress.total, 'row')} (${percent}%)`
}

function Outcome({ run }: { run: ExportRun }): React.JSX.Element | null {
  const progress = run.progress
  if (!progress || !isFinished(progress)) return null
  if (progress.phase === 'done') {
    const where =
      run.target === 'download'
        ? `sent to your browser's downloads as ${progress.fileName}.`
        : `saved as ${progress.fileName}.`
    return (
      <p className="notice notice-success" role="status">
        Exported {plural(progress.rows, 'lead')}, {where}
      </p>
    )
  }
  if (progress.phase === 'cancelled') {
    return (
      <p className="notice notice-warning" role="status">
        Export cancelled. No file was saved{progress.message ? `: ${progress.message}` : '.'}
      </p>
    )
  }
  return (
    <p className="notice notice-error" role="alert">
      {progress.message ?? 'The export failed.'} No file was saved.
    </p>
  )
}

/** Export the current view or selection as CSV: columns, format, formula protection, presets; then progress and cancel. */
export function ExportDialog({ query, selected, total, onClose }: ExportDialogProps): React.JSX.Element {
  const id = useId()
  const presets = useQuery({ queryKey: presetsKey, queryFn: () => send('export.presets', {}) })
  const attributeKeys = useQuery({
    queryKey: ['export.attributeKeys', query],
    queryFn: () => send('export.attributeKeys', { query })
  })
  // The choice starts from the view's visible columns, in their order.
  const [columns, setColumns] = useState<ExportColumnId[]>(() => exportColumnsForView(query.columns ?? DEFAULT_COLUMNS))
  // Until the user picks, the options of the last export (remembered in main) or the defaults.
  const [pickedOptions, setOptions] = useState<ExportOptions | null>(null)
  const options = pickedOptions ?? presets.data?.last?.options ?? DEFAULT_EXPORT_OPTIONS
  const hasSelection = (selected?.count ?? 0) > 0
  // A selection is what the user means to export: it is the default whenever there is one.
  const [onlySelected, setOnlySelected] = useState(hasSelection)
  const [fileName, setFileName] = useState('leads.csv')
  const { run, start, cancel, reset } = useExportRun()
  const exporting = useMutation({
    mutationFn: () =>
      start({
        scope: { query, ...(onlySelected && selected ? { selection: selected.selection } : {}) },
        columns,
        options,
        fileName
      })
  })

  const running = run !== null && !isFinished(run.progress)
  const count = onlySelected && selected ? selected.count : total
  const close = (): void => {
    // Closing the dialog is a cancel too: an export never goes on where nobody can see or stop it.
    if (running) void cancel()
    onClose()
  }

  const status = run ? (
    <div className={styles.status}>
      {!isFinished(run.progress) && (
        <>
          <ProgressBar
            label="Export progress"
            fraction={run.progress?.phase === 'writing' ? (run.progress.fraction ?? 0) : null}
            valueText={progressText(run.progress, run.target)}
          />
          <p className="muted" aria-live="polite">
            {progressText(run.progress, run.target)}
          </p>
        </>
      )}
      <Outcome run={run} />
    </div>
  ) : exporting.error ? (
    <ErrorNotice error={exporting.error} title="Could not export:" />
  ) : null

  return (
    <Dialog
      title="Export leads as CSV"
      onClose={close}
      wide
      status={status}
      footer={
        running ? (
          <button type="button" className="button button-danger" onClick={() => void cancel()}>
            Cancel export
          </button>
        ) : run ? (
          <>
            <button type="button" className="button" onClick={reset}>
              Export again
            </button>
            <button type="button" className="button button-primary" onClick={onClose} data-autofocus>
              Close
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={columns.length === 0 || !fileName.trim() || exporting.isPending || count === 0}
              onClick={() => exporting.mutate()}
            >
              {count === null
                ? 'Export'
                : onlySelected
                  ? `Export ${formatCount(count)} selected`
                  : `Export ${plural(count, 'lead')}`}
            </button>
          </>
        )
      }
    >
      <fieldset className="field" disabled={running}>
        <legend>Leads</legend>
        <div className={styles.segmented}>
          <label>
            <input type="radio" name={`${id}-scope`} checked={!onlySelected} onChange={() => setOnlySelected(false)} />
            All in this view{total === null ? '' : ` (${formatCount(total)})`}
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-scope`}
              checked={onlySelected}
              disabled={!hasSelection}
              onChange={() => setOnlySelected(true)}
            />
            Only the selected ones{selected && hasSelection ? ` (${formatCount(selected.count)})` : ' (none selected)'}
          </label>
        </div>
        <p className="hint">In the order the table shows them.</p>
      </fieldset>
      <fieldset className={`field ${styles.fields}`} disabled={running}>
        <legend className="visually-hidden">Columns and options</legend>
        <PresetPicker
          columns={columns}
          options={options}
          onApply={(preset) => {
            setColumns([...preset.columns])
            setOptions(preset.options)
          }}
        />
        {attributeKeys.error && <ErrorNotice error={attributeKeys.error} title="Custom attributes:" />}
        <ColumnChooser chosen={columns} onChange={setColumns} attributeKeys={attributeKeys.data ?? null} />
        <ExportOptionsFields options={options} onChange={setOptions} />
        <div className="field">
          <label htmlFor={`${id}-file`}>File name</label>
          <input
            id={`${id}-file`}
            value={fileName}
            maxLength={120}
            onChange={(e) => setFileName(e.target.value)}
            aria-describedby={`${id}-file-hint`}
          />
          <p id={`${id}-file-hint`} className="hint">
            The desktop app asks where to save it; a browser saves it to its downloads.
          </p>
        </div>
      </fieldset>
    </Dialog>
  )
}
