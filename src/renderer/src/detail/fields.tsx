import { useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import type { Attribute, Note } from '../../../shared/contract'
import { LEAD_STATUSES } from '../../../shared/contract/model'
import { STATUS_LABELS } from '../lib/format'
import { send } from '../rpc/client'
import styles from './DetailPanel.module.css'

/**
 * A text field that saves when the user leaves it (blur), only if the text changed. The caller keys
 * it by the saved value, so a value changed elsewhere (a sync) shows up.
 */
export function BlurField({
  label,
  value,
  onSave,
  type = 'text',
  describedBy,
  list,
  multiline
}: {
  label: string
  value: string
  onSave(next: string): void
  type?: 'text' | 'email' | 'tel'
  describedBy?: string
  list?: string
  multiline?: boolean
}): React.JSX.Element {
  const id = useId()
  const [draft, setDraft] = useState(value)
  const save = (): void => {
    if (draft.trim() !== value.trim()) onSave(draft.trim())
  }
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea
          id={id}

          rows={3}
          value={draft}
          aria-describedby={describedBy}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={save}
        />
      ) : (
        <input
          id={id}

          type={type}
          value={draft}
          list={list}
          aria-describedby={describedBy}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.currentTarget.blur()
          }}
        />
      )}
    </div>
  )
}

export function StatusField({
  value,
  onSave,
  describedBy
}: {
  value: string | null
  onSave(next: (typeof LEAD_STATUSES)[number]): void
  describedBy?: string
}): React.JSX.Element {
  const id = useId()
  return (
    <div className={styles.field}>
      <label htmlFor={id}>Status</label>
      <select
        id={id}

        value={value ?? ''}
        aria-describedby={describedBy}
        onChange={(e) => {
          const next = LEAD_STATUSES.find((s) => s === e.target.value)
          if (next) onSave(next)
        }}
      >
        {!value && <option value="">No status</option>}
        {LEAD_STATUSES.map((s) => (
          <option key={s} value={s}>
            {STATUS_LABELS[s] ?? s}
          </option>
        ))}
      </select>
    </div>
  )
}

/** Values the cache has for a field, for a <datalist>: completion from existing tags or agents. */
export function FacetList({ id, field, prefix }: { id: string; field: 'tag' | 'agent'; prefix: string }) {
  const values = useQuery({
    queryKey: ['facets', field, prefix],
    queryFn: () => send('leads.facets', { field, prefix, limit: 20 }),
    staleTime: 30_000
  })
  return (
    <datalist id={id}>
      {(values.data ?? []).map((v) => (
        <option key={v.value} value={v.value} />
      ))}
    </datalist>
  )
}

export function TagsField({
  tags,
  onSave,
  describedBy
}: {
  tags: readonly string[]
  onSave(next: string[], what: string): void
  describedBy?: string
}): React.JSX.Element {
  const id = useId()
  const listId = useId()
  const [draft, setDraft] = useState('')
  const add = (): void => {
    const tag = draft.trim()
    setDraft('')
    if (tag && !tags.includes(tag)) onSave([...tags, tag], `Tag “${tag}” added`)
  }
  return (
    <div className={styles.field}>
      <label htmlFor={id}>Add a tag</label>
      <ul className={styles.tags} aria-label="Tags">
        {tags.length === 0 && <li className="hint">No tags yet.</li>}
        {tags.map((tag) => (
          <li key={tag} className={styles.tag}>
            <span>{tag}</span>
            <button
              type="button"
              className={styles.tagRemove}
              aria-label={`Remove tag ${tag}`}
              onClick={() =>
                onSave(
                  tags.filter((t) => t !== tag),
                  `Tag “${tag}” removed`
                )
              }
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className={styles.inline}>
        <input
          id={id}

          value={draft}
          list={listId}
          autoComplete="off"
          aria-describedby={describedBy}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              add()
            }
          }}
          onBlur={add}
        />
        <FacetList id={listId} field="tag" prefix={draft.trim()} />
      </div>
    </div>
  )
}

function NoteItem({
  note,
  index,
  onSave,
  onDelete
}: {
  note: Note
  index: number
  onSave(next: Note): void
  onDelete(): void
}): React.JSX.Element {
  const [title, setTitle] = useState(note.title)
  const [description, setDescription] = useState(note.description)
  const label = note.title || `Note ${index + 1}`
  // Saves once focus leaves the note as a whole, not when moving from its title to its text.
  const onBlur = (event: React.FocusEvent<HTMLLIElement>): void => {
    if (event.currentTarget.contains(event.relatedTarget as Node | null)) return
    if (title !== note.title || description !== note.description) onSave({ title, description })
  }
  return (
    <li className={styles.note} onBlur={onBlur}>
      <input aria-label={`Title of ${label}`} value={title} onChange={(e) => setTitle(e.target.value)} />
      <textarea
        aria-label={`Text of ${label}`}
        rows={2}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <button type="button" className="button button-danger-quiet" onClick={onDelete}>
        Delete note {label}
      </button>
    </li>
  )
}

export function NotesField({
  notes,
  onSave,
  describedBy
}: {
  notes: readonly Note[]
  onSave(next: Note[], what: string): void
  describedBy?: string
}): React.JSX.Element {
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const titleId = useId()
  const textId = useId()
  return (
    <div className={styles.notes}>
      <ul aria-label="Notes" className={styles.noteList}>
        {notes.length === 0 && <li className="hint">No notes yet.</li>}
        {notes.map((note, i) => (
          <NoteItem
            key={`${i}:${note.title}:${note.description}`}
            note={note}
            index={i}
            onSave={(next) => onSave(notes.with(i, next), 'Note')}
            onDelete={() =>
              onSave(
                notes.filter((_, j) => j !== i),
                'Note deleted'
              )
            }
          />
        ))}
      </ul>
      <form
        className={styles.newNote}
        aria-label="New note"
        onSubmit={(e) => {
          e.preventDefault()
          if (!title.trim() && !description.trim()) return
          onSave([...notes, { title: title.trim(), description: description.trim() }], 'Note added')
          setTitle('')
          setDescription('')
        }}
      >
        <label htmlFor={titleId}>New note title</label>
        <input
          id={titleId}

          value={title}
          aria-describedby={describedBy}
          onChange={(e) => setTitle(e.target.value)}
        />
        <label htmlFor={textId}>New note text</label>
        <textarea
          id={textId}

          rows={2}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <button type="submit" className="button">
          Add note
        </button>
      </form>
    </div>
  )
}

/** Custom attributes: each value saves on leaving it; remove one, or add a name and a value. */
export function AttributesField({
  attributes,
  onSave,
  describedBy
}: {
  attributes: readonly Attribute[]
  onSave(next: Attribute[], what: string): void
  describedBy?: string
}): React.JSX.Element {
  const [key, setKey] = useState('')
  const [value, setValue] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const keyId = useId()
  const valueId = useId()
  const problemId = useId()
  return (
    <div className={styles.notes}>
      <ul aria-label="Custom attributes" className={styles.noteList}>
        {attributes.length === 0 && <li className="hint">No custom attributes.</li>}
        {attributes.map((a, i) => (
          <li key={`${a.key}:${a.value}`} className={styles.attribute}>
            <BlurField
              label={a.key}
              value={a.value}
              describedBy={describedBy}
              onSave={(next) => onSave(attributes.with(i, { key: a.key, value: next }), `Attribute ${a.key}`)}
            />
            <button
              type="button"
              className="button button-danger-quiet"
              aria-label={`Remove attribute ${a.key}`}
              onClick={() =>
                onSave(
                  attributes.filter((_, j) => j !== i),
                  `Attribute ${a.key} removed`
                )
              }
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form
        className={styles.newNote}
        aria-label="New attribute"
        onSubmit={(e) => {
          e.preventDefault()
          const name = key.trim()
          if (!/^[\w-]{1,128}$/.test(name)) {
            setProblem('A name of letters, digits, _ or -, up to 128 characters.')
            return
          }
          if (attributes.some((a) => a.key === name)) {
            setProblem(`This lead has an attribute “${name}” already: edit its value above.`)
            return
          }
          setProblem(null)
          onSave([...attributes, { key: name, value: value.trim() }], `Attribute ${name}`)
          setKey('')
          setValue('')
        }}
      >
        <label htmlFor={keyId}>New attribute name</label>
        <input
          id={keyId}
          value={key}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={[problem ? problemId : '', describedBy ?? ''].join(' ').trim() || undefined}
          onChange={(e) => setKey(e.target.value)}
        />
        {problem && (
          <span id={problemId} className="field-error">
            {problem}
          </span>
        )}
        <label htmlFor={valueId}>New attribute value</label>
        <input id={valueId} value={value} onChange={(e) => setValue(e.target.value)} />
        <button type="submit" className="button">
          Add attribute
        </button>
      </form>
    </div>
  )
}
