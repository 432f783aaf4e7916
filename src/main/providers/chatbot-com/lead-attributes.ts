import type { Note } from '../../../shared/contract'
import { CHATBOT_COM } from '../decisions'
import { note, present } from '../lead-fields'

/*
 * How the lead fields ChatBot.com lacks (status, tags, notes, agent) and its one-attribute phone
 * number are read from and written to custom attributes. Shared by reads and writes so both agree.
 */

const { clearedValue, tagSeparator } = CHATBOT_COM

/** A value we wrote as "cleared" reads back as empty. */
export function unlessCleared(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === clearedValue ? null : value
}

export function readTags(value: string | null | undefined): string[] {
  const text = unlessCleared(value)
  if (text === null) return []
  return text
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0)
}

export function writeTags(tags: readonly string[]): string {
  const kept = tags.map((tag) => tag.trim()).filter((tag) => tag.length > 0)
  return kept.length === 0 ? clearedValue : kept.join(tagSeparator)
}

/** lead_notes holds JSON of [{title, description}]; text typed by hand in the dashboard becomes one note. */
export function readNotes(value: string | null | undefined): Note[] {
  const text = unlessCleared(value)
  if (text === null || text.trim() === '') return []
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return [note('', text)].filter(present)
  }
  if (!Array.isArray(parsed)) return [note('', text)].filter(present)
  return parsed
    .map((item: unknown) => {
      if (typeof item !== 'object' || item === null) return null
      const title = 'title' in item && typeof item.title === 'string' ? item.title : null
      const description = 'description' in item && typeof item.description === 'string' ? item.description : null
      return note(title, description)
    })
    .filter(present)
}

export interface FittedNotes {
  text: string
  /** Set when notes were dropped or shortened to fit. */
  warning: string | null
}

/**
 * Notes as JSON of at most `attributeValueMax` characters, still valid JSON so they read back:
 * whole notes are kept in order while they fit, the first that does not is shortened, the rest
 * are dropped.
 */
export function fitNotes(notes: readonly Note[], max: number = CHATBOT_COM.attributeValueMax): FittedNotes {
  const all = notes.map(({ title, description }) => ({ title, description }))
  if (JSON.stringify(all).length <= max) return { text: JSON.stringify(all), warning: null }

  const kept: Note[] = []
  for (const item of all) {
    if (JSON.stringify([...kept, item]).length <= max) {
      kept.push(item)
      continue
    }
    const shortened = shorten(kept, item, max)
    if (shortened) kept.push(shortened)
    break
  }
  const shortenedOne = kept.length > 0 && kept[kept.length - 1] !== all[kept.length - 1]
  const what = `${kept.length} of ${all.length} notes kept${shortenedOne ? ', the last one shortened' : ''}`
  return {
    text: JSON.stringify(kept),
    warning: `Notes were cut to fit ChatBot.com's ${max} characters: ${what}.`
  }
}

/** `item` cut (description first, then title) so that `[...kept, item]` fits, or null if nothing useful fits. */
function shorten(kept: readonly Note[], item: Note, max: number): Note | null {
  let candidate = { ...item }
  for (let guard = 0; guard < 64; guard++) {
    const over = JSON.stringify([...kept, candidate]).length - max
    if (over <= 0) return candidate.title || candidate.description ? candidate : null
    if (candidate.description.length > 0) {
      candidate = { ...candidate, description: cut(candidate.description, candidate.description.length - over) }
    } else if (candidate.title.length > 0) {
      candidate = { ...candidate, title: cut(candidate.title, candidate.title.length - over) }
    } else {
      return null
    }
  }
  return null
}

/** The first `length` UTF-16 units, without splitting a surrogate pair. */
function cut(text: string, length: number): string {
  if (length <= 0) return ''
  const head = text.slice(0, length)
  const last = head.charCodeAt(head.length - 1)
  return last >= 0xd800 && last <= 0xdbff ? head.slice(0, -1) : head
}

/** "+91 98765 43210" → prefix "91", number "98765 43210"; anything else is all number. */
export function readPhone(value: string | null | undefined): { number: string | null; prefix: string | null } {
  const text = unlessCleared(value)
  if (text === null) return { number: null, prefix: null }
  const match = /^\+(\d{1,4})[\s-]+(\S.*)$/.exec(text.trim())
  return match?.[1] && match[2] ? { prefix: match[1], number: match[2] } : { number: text, prefix: null }
}

export function writePhone(number: string | null, prefix: string | null): string {
  const digits = (number ?? '').trim()
  if (digits === '') return clearedValue
  const dial = (prefix ?? '').trim().replace(/^\++/, '')
  // A number typed with its own '+' already says its country.
  return dial === '' || digits.startsWith('+') ? digits : `+${dial} ${digits}`
}
