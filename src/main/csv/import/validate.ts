import { LIMITS, type Attribute, type ImportField, type Note } from '../../../shared/contract'
import type { ImportPlan } from './plan'
import { parseDate } from './values/dates'
import { emailProblem } from './values/email'
import { checkAttributes, checkNote, parseAttributes, parseNotes, parseTags } from './values/lists'
import { countryCode, isCountryCode, MIN_PHONE_KEY, normalizePhone, phoneKey } from './values/phone'
import { STATUS_HINT, toStatus } from './values/status'
import { unguardCell } from '../../../shared/csv/cells'

/**
 * A row's values as the cache will hold them. `undefined`: the file says nothing (the field of an
 * existing lead stays as it is); `null`: the field is cleared.
 */
export interface RowValues {
  name?: string | null
  email?: string | null
  phone?: string | null
  phonePrefix?: string | null
  status?: string | null
  agent?: string | null
  city?: string | null
  country?: string | null
  tags?: string[] | null
  /** The whole list of notes (our export): replaces the lead's notes. */
  notes?: Note[] | null
  /** One plain-text note: added unless the lead has it already. */
  addNote?: Note
  /** The whole list of attributes (our export): replaces the lead's attributes. */
  attributes?: Attribute[] | null
  /** Columns kept as custom attributes: set on the lead, others kept. */
  setAttributes?: Attribute[]
  kind?: 'lead' | 'chat'
  createdAt?: string | null
  updatedAt?: string | null
  lastMessageText?: string | null
  lastMessageAt?: string | null
}

export interface MatchKeys {
  remoteId: string | null
  connection: string | null
  email: string | null
  phone: string | null
}

export interface CellError {
  /** Column index, or -1 for the row as a whole. */
  column: number
  message: string
}

export interface CheckedRow {
  row: number
  values: RowValues
  keys: MatchKeys
  errors: CellError[]
}

const TEXT_LIMITS: Partial<Record<ImportField, number>> = {
  name: LIMITS.shortText,
  firstName: LIMITS.shortText,
  lastName: LIMITS.shortText,
  email: LIMITS.shortText,
  phone: LIMITS.shortText,
  phonePrefix: 8,
  agent: LIMITS.shortText,
  city: LIMITS.shortText,
  country: LIMITS.shortText,
  remoteId: LIMITS.shortText,
  connection: LIMITS.shortText,
  lastMessageText: LIMITS.longText
}

const NOTE_TITLE = 'Imported'

/**
 * Checks one row under a plan and turns it into lead values, collecting every problem (not only
 * the first) so the grid can show them all. Never throws for bad data.
 */
export function checkRow(row: number, cells: readonly string[], plan: ImportPlan, width: number): CheckedRow {
  const { field, options } = plan
  const errors: CellError[] = []
  const values: RowValues = {}
  const keys: MatchKeys = { remoteId: null, connection: null, email: null, phone: null }
  const empty = options.emptyClears ? null : undefined

  const extra = cells.length > width ? cells.slice(width).filter((c) => c.trim() !== '').length : 0
  if (extra > 0) {
    errors.push({
      column: -1,
      message: `has ${cells.length} cells but the header has ${width}: ${extra} extra value${extra === 1 ? '' : 's'} (a delimiter inside an unquoted cell?)`
    })
  }

  /** The text of a mapped field, trimmed unless values are kept verbatim; undefined when unmapped or empty. */
  const read = (name: ImportField): { text: string; column: number } | undefined => {
    const column = field[name]
    if (column === undefined) return undefined
    const raw = cells[column] ?? ''
    // Verbatim is our own export: values as the cache held them, less the export's formula guard.
    const text = options.verbatim ? unguardCell(raw) : raw.trim()
    if (text === '') return undefined
    const limit = TEXT_LIMITS[name]
    if (limit !== undefined && text.length > limit) {
      errors.push({
        column,
        message: `is ${text.length.toLocaleString('en')} characters long; at most ${limit.toLocaleString('en')}`
      })
      return undefined
    }
    return { text, column }
  }
  const mapped = (name: ImportField): boolean => field[name] !== undefined
  const plain = (name: 'agent' | 'city' | 'country' | 'lastMessageText'): void => {
    if (!mapped(name)) return
    const cell = read(name)
    values[name] = cell ? cell.text : empty
  }

  // Name: one column, or first and last name joined.
  const name = read('name')
  if (name) values.name = name.text
  else if (mapped('firstName') || mapped('lastName')) {
    const first = read('firstName')?.text.trim()
    const last = read('lastName')?.text.trim()
    const joined = [first, last].filter(Boolean).join(' ')
    if (joined.length > LIMITS.shortText) {
      errors.push({ column: field.firstName ?? field.lastName ?? -1, message: 'makes a name over 256 characters' })
    } else values.name = joined || empty
  } else if (mapped('name')) values.name = empty

  const email = read('email')
  if (email) {
    const problem = emailProblem(options.verbatim ? email.text.trim() : email.text)
    if (problem && !options.verbatim) errors.push({ column: email.column, message: problem })
    else {
      values.email = email.text
      keys.email = email.text.trim().toLowerCase()
    }
  } else if (mapped('email')) values.email = empty

  const phone = read('phone')
  const prefix = read('phonePrefix')
  if (phone) {
    if (options.verbatim) {
      values.phone = phone.text
      values.phonePrefix = prefix?.text ?? (mapped('phonePrefix') ? null : undefined)
    } else {
      const rowCountry = countryCode(read('country')?.text)
      const fallback = options.defaultCountry && isCountryCode(options.defaultCountry) ? options.defaultCountry : null
      const parsed = normalizePhone(phone.text, prefix?.text ?? null, rowCountry ?? fallback)
      if ('error' in parsed) errors.push({ column: phone.column, message: parsed.error })
      else {
        values.phone = parsed.phone
        values.phonePrefix = parsed.prefix
      }
    }
    if (values.phone) {
      const key = phoneKey(values.phone, values.phonePrefix)
      keys.phone = key !== null && key.length >= MIN_PHONE_KEY ? key : null
    }
  } else if (mapped('phone')) {
    values.phone = empty
    if (mapped('phonePrefix')) values.phonePrefix = empty
  } else if (prefix) values.phonePrefix = prefix.text

  const status = read('status')
  if (status) {
    const known = toStatus(status.text)
    if (known) values.status = known
    else if (options.verbatim) values.status = status.text
    else errors.push({ column: status.column, message: `is not a status we know: ${STATUS_HINT}` })
  } else if (mapped('status')) values.status = empty

  plain('agent')
  plain('city')
  plain('country')
  plain('lastMessageText')

  const tags = read('tags')
  if (tags) {
    const parsed = parseTags(tags.text)
    if ('error' in parsed) errors.push({ column: tags.column, message: parsed.error })
    else values.tags = parsed.value
  } else if (mapped('tags')) values.tags = options.emptyClears ? [] : undefined

  const notes = read('notes')
  if (notes) {
    const parsed = parseNotes(notes.text)
    if ('error' in parsed) errors.push({ column: notes.column, message: parsed.error })
    else values.notes = parsed.value
  } else if (mapped('notes')) values.notes = options.emptyClears ? [] : undefined

  const note = read('note')
  if (note) {
    const checked = checkNote({ title: NOTE_TITLE, description: note.text })
    if ('error' in checked) errors.push({ column: note.column, message: checked.error })
    else values.addNote = checked.value
  }

  const attributes = read('attributes')
  if (attributes) {
    const parsed = parseAttributes(attributes.text)
    if ('error' in parsed) errors.push({ column: attributes.column, message: parsed.error })
    else values.attributes = parsed.value
  } else if (mapped('attributes')) values.attributes = options.emptyClears ? [] : undefined

  if (plan.attributes.length > 0) {
    const set: Attribute[] = []
    for (const { column, key } of plan.attributes) {
      const raw = cells[column] ?? ''
      const text = options.verbatim ? unguardCell(raw) : raw.trim()
      if (text === '') continue
      const checked = checkAttributes([{ key, value: text }])
      if ('error' in checked)
        errors.push({
          column,
          message: `is ${text.length.toLocaleString('en')} characters long; at most ${LIMITS.text}`
        })
      else set.push({ key, value: text })
    }
    if (set.length > 0) values.setAttributes = set
  }

  const kind = read('kind')
  if (kind) {
    const k = kind.text.trim().toLowerCase()
    if (k === 'lead' || k === 'chat') values.kind = k
    else errors.push({ column: kind.column, message: 'is neither "lead" nor "chat"' })
  }

  for (const name of ['createdAt', 'updatedAt', 'lastMessageAt'] as const) {
    const cell = read(name)
    if (cell) {
      // Our export's Excel format writes this computer's local time without a zone.
      const iso = parseDate(cell.text, plan.dayOrder, options.verbatim ? 'local' : 'utc')
      if (iso) values[name] = iso
      else
        errors.push({ column: cell.column, message: 'is not a date we can read (try 2025-03-31 or 31/03/2025 14:05)' })
    } else if (mapped(name)) values[name] = empty
  }

  const remoteId = read('remoteId')
  if (remoteId) keys.remoteId = remoteId.text.trim()
  const connection = read('connection')
  if (connection) keys.connection = connection.text.trim()

  return { row, values, keys, errors }
}
