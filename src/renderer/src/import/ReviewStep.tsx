import { useCallback, useEffect, useState } from 'react'
import type { ColumnMapping, GridRow, ImportCounts, ImportPreview, ImportSummary } from '../../../shared/contract'
import { ErrorNotice } from '../components/ErrorNotice'
import { formatCount, plural } from '../lib/format'
import { send } from '../rpc/client'
import { downloadText } from './download'
import { FixCell } from './FixCell'
import { ACTION_LABELS, TARGET_LABELS } from './labels'

import { cx } from '../lib/cx'
import { QuietBadge } from '../components/Badges'
import styles from './import.module.css'

const PAGE = 100

const ACTION_STYLES: Record<GridRow['action'], string | undefined> = {
  create: styles.create,
  update: styles.update,
  error: styles['error-badge'],
  unchanged: styles.neutral,
  ignored: styles.neutral,
  skipped: styles.neutral
}

interface Props {
  preview: ImportPreview
  mapping: ColumnMapping[]
  summary: ImportSummary
  counts: ImportCounts
  onCounts(counts: ImportCounts): void
}

/** The checked rows: what each will do, its problems per cell, and a way to fix or skip it. */
export function ReviewStep({ preview, mapping, summary, counts, onCounts }: Props): React.JSX.Element {
  const [onlyProblems, setOnlyProblems] = useState(counts.skipped > 0)
  const [offset, setOffset] = useState(0)
  const [page, setPage] = useState<{ rows: GridRow[]; total: number } | null>(null)
  const [error, setError] = useState<unknown>(null)
  const shown = mapping
    .filter((m) => m.target !== 'ignore')
    .sort((a, b) => a.column - b.column)
    .map((m) => ({
      column: m.column,
      label: m.target === 'attribute' ? (preview.headers[m.column] ?? '') : TARGET_LABELS[m.target]
    }))

  const load = useCallback(async (): Promise<void> => {
    try {
      setPage(await send('imports.rows', { sessionId: preview.sessionId, onlyProblems, offset, limit: PAGE }))
    } catch (err) {
      setError(err)
    }
  }, [preview.sessionId, onlyProblems, offset])
  useEffect(() => {
    // Fetching the page is the effect's whole job; its result lands in state when it arrives.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load()
  }, [load])

  const replace = (row: GridRow): void =>
    setPage((old) => (old ? { ...old, rows: old.rows.map((r) => (r.row === row.row ? row : r)) } : old))
  const fix = async (row: number, column: number, value: string): Promise<void> => {
    setError(null)
    try {
      const result = await send('imports.fix', { sessionId: preview.sessionId, row, column, value })
      replace(result.row)
      onCounts(result.counts)
    } catch (err) {
      setError(err)
    }
  }
  const skip = async (row: number, skipIt: boolean): Promise<void> => {
    setError(null)
    try {
      const result = await send('imports.skip', { sessionId: preview.sessionId, row, skip: skipIt })
      replace(result.row)
      onCounts(result.counts)
    } catch (err) {
      setError(err)
    }
  }
  const download = async (): Promise<void> => {
    setError(null)
    try {
      const rejected = await send('imports.rejected', { sessionId: preview.sessionId })
      downloadText(rejected.fileName, rejected.csv)
    } catch (err) {
      setError(err)
    }
  }

  return (
    <div className={styles.step}>
      <dl className={styles.counts} aria-label="What the import will do">
        <div>
          <dt>New</dt>
          <dd data-testid="count-create">{formatCount(counts.create)}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd data-testid="count-update">{formatCount(counts.update)}</dd>
        </div>
        <div>
          <dt>Unchanged</dt>
          <dd data-testid="count-unchanged">{formatCount(counts.unchanged)}</dd>
        </div>
        <div>
          <dt>Skipped</dt>
          <dd data-testid="count-skipped">{formatCount(counts.skipped)}</dd>
        </div>
      </dl>
      <p className="muted">
        {plural(counts.rows, 'row')} read
        {counts.errors > 0 && `, ${plural(counts.errors, 'row')} with errors`}
        {counts.duplicatesInFile > 0 && ` (${formatCount(counts.duplicatesInFile)} repeating an earlier row)`}
        {counts.ignored > 0 && `, ${formatCount(counts.ignored)} left out by the mode chosen`}
        {counts.leadsUpdated > counts.update && `; the updates reach ${plural(counts.leadsUpdated, 'lead')}`}.
      </p>
      {summary.warnings.map((w) => (
        <p key={w} className="notice notice-warning">
          {w}
        </p>
      ))}
      {summary.truncated && (
        <p className="notice notice-warning">
          More rows have errors than the grid holds: they are counted, and left out of the import.
        </p>
      )}
      <div className={styles.row}>
        <label className={styles.checkbox}>
          <input
            type="checkbox"
            checked={onlyProblems}
            onChange={(e) => {
              setOnlyProblems(e.target.checked)
              setOffset(0)
            }}
          />{' '}
          Show only rows with problems
        </label>
        {counts.skipped > 0 && (
          <button type="button" className="button" onClick={() => void download()}>
            Download rejected rows
          </button>
        )}
      </div>
      {error !== null && <ErrorNotice error={error} />}
      <div className={styles.scroll} role="region" aria-label="Rows of the file" tabIndex={0}>
        <table>
          <caption className="visually-hidden">
            {onlyProblems ? 'Rows with problems' : 'The first rows of the file, and every row with a problem'}
          </caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Result</th>
              {shown.map((c) => (
                <th key={c.column} scope="col">
                  {c.label}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Skip</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page?.rows.map((r) => {
              const rowErrors = r.errors.filter((e) => e.column < 0)
              return (
                <tr key={r.row}>
                  <th scope="row">{r.row}</th>
                  <td>
                    <span className={cx(styles.badge, ACTION_STYLES[r.action])}>{ACTION_LABELS[r.action]}</span>
                    {r.matches > 1 && <span className="muted"> {r.matches} leads</span>}
                    {rowErrors.map((e) => (
                      <span key={e.message} className={styles.error}>
                        Row {e.message}
                      </span>
                    ))}
                  </td>
                  {shown.map((c, i) => {
                    const cellErrors = r.errors.filter((e) => e.column === c.column)
                    return (
                      <td key={c.column} className={cellErrors.length ? styles.invalid : undefined}>
                        <span className={styles.value}>{r.cells[i]}</span>
                        {r.fixed.includes(c.column) && <QuietBadge>Fixed</QuietBadge>}
                        {cellErrors.map((e) => (
                          <span key={e.message} className={styles.error}>
                            {c.label} {e.message}
                          </span>
                        ))}
                        {cellErrors.length > 0 && (
                          <FixCell
                            row={r.row}
                            label={c.label}
                            value={r.cells[i] ?? ''}
                            onSave={(value) => fix(r.row, c.column, value)}
                          />
                        )}
                      </td>
                    )
                  })}
                  <td>
                    <button
                      type="button"
                      className={cx('button', styles.small)}
                      aria-label={`${r.skipped ? 'Include' : 'Skip'} row ${r.row}`}
                      aria-pressed={r.skipped}
                      onClick={() => void skip(r.row, !r.skipped)}
                    >
                      {r.skipped ? 'Include' : 'Skip'}
                    </button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
        {page && page.total === 0 && (
          <p className={styles.empty}>{onlyProblems ? 'No row has a problem.' : 'No rows.'}</p>
        )}
      </div>
      {page && page.total > PAGE && (
        <div className={styles.row}>
          <button type="button" className="button" disabled={offset === 0} onClick={() => setOffset(offset - PAGE)}>
            Previous rows
          </button>
          <span className="muted">
            {formatCount(offset + 1)}–{formatCount(Math.min(offset + PAGE, page.total))} of {formatCount(page.total)}
          </span>
          <button
            type="button"
            className="button"
            disabled={offset + PAGE >= page.total}
            onClick={() => setOffset(offset + PAGE)}
          >
            Next rows
          </button>
        </div>
      )}
    </div>
  )
}
