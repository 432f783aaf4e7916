import { useState } from 'react'
import type { BulkAction, LeadQuery, LeadStatus } from '../../../shared/contract'
import { LEAD_STATUSES } from '../../../shared/contract/model'
import { keysOf, optionOf } from '../lib/choices'
import { formatCount } from '../lib/format'
import { STATUS_LABELS } from '../lib/format'
import styles from './Bulk.module.css'
import type { SelectionApi } from './selection'

const ACTIONS = {
  setStatus: 'Set status',
  addTags: 'Add tags',
  removeTags: 'Remove tags',
  setAgent: 'Assign agent',
  clearAgent: 'Clear agent',
  addNote: 'Add note',
  setAttribute: 'Set attribute'
} as const
type ActionKind = keyof typeof ACTIONS
const ACTION_KINDS = keysOf(ACTIONS)

interface Props {
  selection: SelectionApi
  query: LeadQuery
  /** Leads matching the query shown (null while counting). */
  total: number | null
  onPreview(action: BulkAction): void
}

const tagsOf = (text: string): string[] =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)

/** The bar over the table while rows are selected: how many, "select all that match", and the actions. */
export function BulkBar({ selection, query, total, onPreview }: Props): React.JSX.Element | null {
  const [kind, setKind] = useState<ActionKind>('setStatus')
  const [status, setStatus] = useState<LeadStatus>('CLOSED')
  const [text, setText] = useState('')
  const [value, setValue] = useState('')
  if (selection.count === 0 && !selection.fromOtherFilter) return null

  const action = ((): BulkAction | null => {
    switch (kind) {
      case 'setStatus':
        return { kind, status }
      case 'addTags':
      case 'removeTags':
        return tagsOf(text).length ? { kind, tags: tagsOf(text).slice(0, 50) } : null
      case 'setAgent':
        return text.trim() ? { kind, agent: text.trim() } : null
      case 'clearAgent':
        return { kind: 'setAgent', agent: null }
      case 'addNote':
        return text.trim() ? { kind, note: { title: text.trim(), description: value } } : null
      case 'setAttribute':
        return /^[\w-]{1,128}$/.test(text.trim()) && value.trim()
          ? { kind, key: text.trim(), value: value.trim() }
          : null
    }
  })()
  const allShown = selection.selection.mode === 'query' && !selection.fromOtherFilter
  const textLabel =
    kind === 'addTags' || kind === 'removeTags'
      ? 'Tags (comma-separated)'
      : kind === 'setAgent'
        ? 'Agent'
        : kind === 'addNote'
          ? 'Note title'
          : 'Attribute name'

  return (
    <section className={styles.bar} aria-label="Bulk edit">
      <span className={styles.count} aria-live="polite" data-testid="bulk-count">
        {selection.describe()}
      </span>
      {!allShown && total !== null && total > 0 && (
        <button type="button" className="button" onClick={() => selection.selectAllMatching(query, total)}>
          Select all {formatCount(total)} that match
        </button>
      )}
      <button type="button" className="button" onClick={selection.clear}>
        Clear selection
      </button>
      <form
        className={styles.actions}
        onSubmit={(e) => {
          e.preventDefault()
          if (action) onPreview(action)
        }}
      >
        <label className={styles.field}>
          <span>Bulk action</span>
          <select value={kind} onChange={(e) => setKind(optionOf(ACTION_KINDS, e.target.value) ?? kind)}>
            {Object.entries(ACTIONS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {kind === 'setStatus' && (
          <label className={styles.field}>
            <span>New status</span>
            <select value={status} onChange={(e) => setStatus(optionOf(LEAD_STATUSES, e.target.value) ?? status)}>
              {LEAD_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s] ?? s}
                </option>
              ))}
            </select>
          </label>
        )}
        {kind !== 'setStatus' && kind !== 'clearAgent' && (
          <label className={styles.field}>
            <span>{textLabel}</span>
            <input value={text} onChange={(e) => setText(e.target.value)} maxLength={kind === 'addNote' ? 1024 : 256} />
          </label>
        )}
        {(kind === 'addNote' || kind === 'setAttribute') && (
          <label className={styles.field}>
            <span>{kind === 'addNote' ? 'Note text' : 'Value'}</span>
            <input value={value} onChange={(e) => setValue(e.target.value)} maxLength={1024} />
          </label>
        )}
        <button type="submit" className="button button-primary" disabled={!action || selection.count === 0}>
          Preview…
        </button>
      </form>
    </section>
  )
}
