import { useState } from 'react'
import type {
  ColumnMapping,
  ImportDelimiter,
  ImportEncoding,
  ImportPreview,
  ImportTarget
} from '../../../shared/contract'
import { IMPORT_DELIMITERS, IMPORT_ENCODINGS, IMPORT_FIELDS } from '../../../shared/contract/imports'
import { ErrorNotice } from '../components/ErrorNotice'
import { useActiveConnections } from '../lib/queries'
import { send } from '../rpc/client'
import { DELIMITER_LABELS, ENCODING_LABELS, formatBytes, TARGET_LABELS } from './labels'
import { OptionsFields, type DraftOptions } from './OptionsFields'

import { QuietBadge } from '../components/Badges'
import styles from './import.module.css'

const TARGETS: ImportTarget[] = ['ignore', 'attribute', ...IMPORT_FIELDS]
const PREVIEW_ROWS = 5

interface Props {
  preview: ImportPreview
  mapping: ColumnMapping[]
  options: DraftOptions
  onMapping(mapping: ColumnMapping[]): void
  onOptions(options: DraftOptions): void
  onPreview(preview: ImportPreview): void
}

/** How the file reads (encoding, delimiter, header), and which column becomes which lead field. */
export function MappingStep({ preview, mapping, options, onMapping, onOptions, onPreview }: Props): React.JSX.Element {
  const { connections } = useActiveConnections()
  const [error, setError] = useState<unknown>(null)
  const [presetName, setPresetName] = useState('')
  const [saved, setSaved] = useState<string | null>(null)
  const targetOf = (column: number): ImportTarget => mapping.find((m) => m.column === column)?.target ?? 'ignore'
  const setTarget = (column: number, target: ImportTarget): void =>
    onMapping(preview.headers.map((_, i) => ({ column: i, target: i === column ? target : targetOf(i) })))
  const shown = preview.headers.map((_, i) => i).filter((i) => targetOf(i) !== 'ignore')
  const unmapped = preview.headers.map((_, i) => i).filter((i) => targetOf(i) === 'ignore')

  const configure = async (change: {
    encoding?: ImportEncoding
    delimiter?: ImportDelimiter
    headerRow?: number | null
  }): Promise<void> => {
    setError(null)
    try {
      onPreview(await send('imports.configure', { sessionId: preview.sessionId, ...change }))
    } catch (err) {
      setError(err)
    }
  }
  const savePreset = async (): Promise<void> => {
    setError(null)
    try {
      if (!options.connectionId) throw new Error('Choose where new leads go before saving the mapping.')
      const preset = await send('imports.savePreset', {
        sessionId: preview.sessionId,
        name: presetName.trim(),
        mapping,
        options: { ...options, connectionId: options.connectionId }
      })
      setSaved(`Saved as “${preset.name}”: offered again for files with these columns.`)
    } catch (err) {
      setError(err)
    }
  }

  return (
    <div className={styles.step}>
      <p>
        <strong>{preview.fileName}</strong> <span className="muted">{formatBytes(preview.fileSize)}</span>
        {preview.recognized && <QuietBadge>{preview.recognized}</QuietBadge>}
      </p>
      {preview.preset && (
        <p className="notice notice-success">Using your saved mapping “{preview.preset.name}” for these columns.</p>
      )}
      {preview.warnings.map((w) => (
        <p key={w} className="notice notice-warning">
          {w}
        </p>
      ))}
      <div className={styles.format}>
        <div className="field">
          <label htmlFor="import-encoding">Encoding</label>
          <select
            id="import-encoding"
            value={preview.format.encoding}
            onChange={(e) => void configure({ encoding: e.target.value as ImportEncoding })}
          >
            {IMPORT_ENCODINGS.map((e) => (
              <option key={e} value={e}>
                {ENCODING_LABELS[e]}
                {e === preview.format.encoding && preview.format.encodingSource !== 'chosen' ? ' (detected)' : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="import-delimiter">Delimiter</label>
          <select
            id="import-delimiter"
            value={preview.format.delimiter}
            onChange={(e) => void configure({ delimiter: e.target.value as ImportDelimiter })}
          >
            {IMPORT_DELIMITERS.map((d) => (
              <option key={d} value={d}>
                {DELIMITER_LABELS[d]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="import-header-row">Header row</label>
          <select
            id="import-header-row"
            value={preview.format.headerRow ?? 0}
            onChange={(e) => void configure({ headerRow: Number(e.target.value) || null })}
          >
            <option value={0}>None: the file starts with data</option>
            {Array.from({ length: 10 }, (_, i) => i + 1).map((row) => (
              <option key={row} value={row}>
                Row {row}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error !== null && <ErrorNotice error={error} />}

      <table className={styles.table}>
        <caption className="visually-hidden">Columns of the file and the lead field each becomes</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">First values</th>
            <th scope="col">Becomes</th>
          </tr>
        </thead>
        <tbody>
          {preview.headers.map((header, column) => (
            <tr key={column}>
              <th scope="row">{header}</th>
              <td className={styles.sampleValues}>
                {preview.sample
                  .map((r) => r.cells[column] ?? '')
                  .filter(Boolean)
                  .slice(0, 2)
                  .join(' · ')}
              </td>
              <td>
                <select
                  aria-label={`Field for column ${header}`}
                  value={targetOf(column)}
                  onChange={(e) => setTarget(column, e.target.value as ImportTarget)}
                >
                  {TARGETS.map((t) => (
                    <option key={t} value={t}>
                      {TARGET_LABELS[t]}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {unmapped.length > 0 && (
        <button
          type="button"
          className="button"
          onClick={() =>
            onMapping(
              preview.headers.map((_, i) => ({ column: i, target: unmapped.includes(i) ? 'attribute' : targetOf(i) }))
            )
          }
        >
          Keep the {unmapped.length} unmapped column{unmapped.length === 1 ? '' : 's'} as custom attributes
        </button>
      )}

      {shown.length > 0 && (
        <div className={styles.scroll} role="region" aria-label="The first rows under this mapping" tabIndex={0}>
          <table>
            <caption>The first rows as they will be read</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                {shown.map((column) => (
                  <th key={column} scope="col">
                    {targetOf(column) === 'attribute' ? preview.headers[column] : TARGET_LABELS[targetOf(column)]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.sample.slice(0, PREVIEW_ROWS).map((r) => (
                <tr key={r.row}>
                  <td>{r.row}</td>
                  {shown.map((column) => (
                    <td key={column}>{r.cells[column] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <OptionsFields options={options} connections={connections} onChange={onOptions} />

      <div className={styles.row}>
        <label htmlFor="import-preset-name" className={styles.label}>
          Save this mapping as
        </label>
        <input
          id="import-preset-name"
          className={styles.short}
          value={presetName}
          maxLength={100}
          onChange={(e) => setPresetName(e.target.value)}
        />
        <button type="button" className="button" disabled={!presetName.trim()} onClick={() => void savePreset()}>
          Save mapping
        </button>
      </div>
      <div aria-live="polite">{saved && <p className="hint">{saved}</p>}</div>
    </div>
  )
}
