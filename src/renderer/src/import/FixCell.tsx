import { useState } from 'react'

import { cx } from '../lib/cx'
import styles from './import.module.css'

interface Props {
  row: number
  label: string
  value: string
  onSave(value: string): Promise<void>
}

/** A cell with a problem: shown as read, with a button to type the value it should have. */
export function FixCell({ row, label, value, onSave }: Props): React.JSX.Element {
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState(value)
  const [saving, setSaving] = useState(false)
  if (!editing) {
    return (
      <button
        type="button"
        className={cx('button', styles.small)}
        aria-label={`Fix ${label} in row ${row}`}
        onClick={() => {
          setText(value)
          setEditing(true)
        }}
      >
        Fix
      </button>
    )
  }
  const save = async (): Promise<void> => {
    setSaving(true)
    try {
      await onSave(text)
      setEditing(false)
    } finally {
      setSaving(false)
    }
  }
  return (
    <span className={styles.fix}>
      <input
        aria-label={`New ${label} for row ${row}`}
        value={text}
        autoFocus
        maxLength={10_000}
        disabled={saving}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            void save()
          } else if (e.key === 'Escape') {
            e.preventDefault()
            e.stopPropagation()
            setEditing(false)
          }
        }}
      />
      <button type="button" className={cx('button', styles.small)} disabled={saving} onClick={() => void save()}>
        Save
      </button>
      <button type="button" className={cx('button', styles.small)} disabled={saving} onClick={() => setEditing(false)}>
        Cancel
      </button>
    </span>
  )
}
