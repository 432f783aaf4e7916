import { LIMITS, type Attribute, type Note } from '../../../../shared/contract'

/*
 * Multi-valued cells. Our own export writes tags, notes and attributes as JSON (lossless: any
 * character may appear in a tag or a note); other tools write tags as a delimited list and notes
 * as plain text. Each reader returns the values or a reason.
 */

type Result<T> = { value: T } | { error: string }

function json(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

export function parseTags(text: string): Result<string[]> {
  const trimmed = text.trim()
  let tags: string[]
  if (trimmed.startsWith('[')) {
    const parsed = json(trimmed)
    if (!Array.isArray(parsed) || !parsed.every((t) => typeof t === 'string'))
      return { error: 'starts like a JSON list of tags but is not one' }
    tags = parsed
  } else {
    const separator = trimmed.includes(';') ? ';' : trimmed.includes('|') ? '|' : ','
    tags = trimmed
      .split(separator)
      .map((t) => t.trim())
      .filter((t) => t.length > 0)
  }
  if (tags.length > LIMITS.listItems) return { error: `has ${tags.length} tags; at most ${LIMITS.listItems}` }
  const long = tags.find((t) => t.length > LIMITS.shortText)
  if (long !== undefined) return { error: `has a tag of ${long.length} characters; at most ${LIMITS.shortText}` }
  return { value: [...new Set(tags)] }
}

function isNote(item: unknown): item is Note {
  if (typeof item !== 'object' || item === null) return false
  const { title, description } = item as Record<string, unknown>
  return typeof title === 'string' && typeof description === 'string'
}

export function parseNotes(text: string): Result<Note[]> {
  const parsed = json(text.trim())
  if (!Array.isArray(parsed) || !parsed.every(isNote))
    return { error: 'is not a list of notes (JSON, as Lead Manager exports it); map it to "Note" for plain text' }
  if (parsed.length > LIMITS.listItems) return { error: `has ${parsed.length} notes; at most ${LIMITS.listItems}` }
  const notes = parsed.map(({ title, description }) => ({ title, description }))
  return checkNote(notes)
}

export function checkNote<T extends Note | Note[]>(notes: T): Result<T> {
  for (const note of Array.isArray(notes) ? notes : [notes]) {
    if (note.title.length > LIMITS.text) return { error: `has a note title over ${LIMITS.text} characters` }
    if (note.description.length > LIMITS.longText)
      return {
        error: `has a note of ${note.description.length.toLocaleString('en')} characters; at most ${LIMITS.longText.toLocaleString('en')}`
      }
  }
  return { value: notes }
}

export function parseAttributes(text: string): Result<Attribute[]> {
  const parsed = json(text.trim())
  let attributes: Attribute[]
  if (Array.isArray(parsed)) {
    if (
      !parsed.every(
        (a) => typeof a === 'object' && a !== null && typeof a.key === 'string' && typeof a.value === 'string'
      )
    )
      return { error: 'is not a list of attributes ({"key", "value"} pairs)' }
    attributes = parsed.map(({ key, value }: Attribute) => ({ key, value }))
  } else if (typeof parsed === 'object' && parsed !== null) {
    const entries = Object.entries(parsed)
    if (!entries.every(([, v]) => typeof v === 'string')) return { error: 'is not a set of text attributes' }
    attributes = entries.map(([key, value]) => ({ key, value: value as string }))
  } else return { error: 'is not a list of attributes (JSON, as Lead Manager exports it)' }
  return checkAttributes(attributes)
}

export function checkAttributes(attributes: Attribute[]): Result<Attribute[]> {
  if (attributes.length > LIMITS.listItems)
    return { error: `has ${attributes.length} attributes; at most ${LIMITS.listItems}` }
  for (const { key, value } of attributes) {
    if (key.length === 0 || key.length > LIMITS.shortText)
      return { error: `has an attribute name of ${key.length} characters` }
    if (value.length > LIMITS.text)
      return {
        error: `has a value of ${value.length.toLocaleString('en')} characters for "${key.slice(0, 40)}"; at most ${LIMITS.text}`
      }
  }
  return { value: attributes }
}
