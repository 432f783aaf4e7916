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

interface Cell {
  text: string
  column: number
}

interface RowReader {
  cells: readonly string[]
  plan: ImportPlan
  errors: CellError[]
}

type PlainField = 'agent' | 'city' | 'country' | 'lastMessageText'

const DATE_FIELDS = ['createdAt', 'updatedAt', 'lastMessageAt'] as const

/** The text of a mapped field, trimmed unless values are kept verbatim; undefined when unmapped or empty. */
function readCell({ cells, plan, errors }: RowReader, name: ImportField): Cell | undefined {
  const column = plan.field[name]
  if (column === undefined) return undefined
  const raw = cells[column] ?? ''
  // Verbatim is our own export: values as the cache held them, less the export's formula guard.
  const text = plan.options.verbatim ? unguardCell(raw) : raw.trim()
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

/** A field kept as text: its value, or `empty` when mapped and empty; untouched when unmapped. */
function readPlain(r: RowReader, values: RowValues, name: PlainField, empty: null | undefined): void {
  if (r.plan.field[name] === undefined) return
  const cell = readCell(r, name)
  values[name] = cell ? cell.text : empty
}

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

  // Helpers at module level, not closures: a row allocates no functions (the check runs a million times).
  const r: RowReader = { cells, plan, errors }

  // Name: one column, or first and last name joined.
  const name = readCell(r, 'name')
  if (name) values.name = name.text
  else if (field.firstName !== undefined || field.lastName !== undefined) {
    const first = readCell(r, 'firstName')?.text.trim()
    const last = readCell(r, 'lastName')?.text.trim()
    const joined = [first, last].filter(Boolean).join(' ')
    if (joined.length > LIMITS.shortText) {
      errors.push({ column: field.firstName ?? field.lastName ?? -1, message: 'makes a name over 256 characters' })
    } else values.name = joined || empty
  } else if (field.name !== undefined) values.name = empty

  const email = readCell(r, 'email')
  if (email) {
    const problem = emailProblem(options.verbatim ? email.text.trim() : email.text)
    if (problem && !options.verbatim) errors.push({ column: email.column, message: problem })
    else {
      values.email = email.text
      keys.email = email.text.trim().toLowerCase()
    }
  } else if (field.email !== undefined) values.email = empty

  const phone = readCell(r, 'phone')
  const prefix = readCell(r, 'phonePrefix')
  if (phone) {
    if (options.verbatim) {
      values.phone = phone.text
      values.phonePrefix = prefix?.text ?? (field.phonePrefix !== undefined ? null : undefined)
    } else {
      const rowCountry = countryCode(readCell(r, 'country')?.text)
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
  } else if (field.phone !== undefined) {
    values.phone = empty
    if (field.phonePrefix !== undefined) values.phonePrefix = empty
  } else if (prefix) values.phonePrefix = prefix.text

  const status = readCell(r, 'status')
  if (status) {
    const known = toStatus(status.text)
    if (known) values.status = known
    else if (options.verbatim) values.status = status.text
    else errors.push({ column: status.column, message: `is not a status we know: ${STATUS_HINT}` })
  } else if (field.status !== undefined) values.status = empty

  readPlain(r, values, 'agent', empty)
  readPlain(r, values, 'city', empty)
  readPlain(r, values, 'country', empty)
  readPlain(r, values, 'lastMessageText', empty)

  const tags = readCell(r, 'tags')
  if (tags) {
    const parsed = parseTags(tags.text)
    if ('error' in parsed) errors.push({ column: tags.column, message: parsed.error })
    else values.tags = parsed.value
  } else if (field.tags !== undefined) values.tags = options.emptyClears ? [] : undefined

  const notes = readCell(r, 'notes')
  if (notes) {
    const parsed = parseNotes(notes.text)
    if ('error' in parsed) errors.push({ column: notes.column, message: parsed.error })
    else values.notes = parsed.value
  } else if (field.notes !== undefined) values.notes = options.emptyClears ? [] : undefined

  const note = readCell(r, 'note')
  if (note) {
    const checked = checkNote({ title: NOTE_TITLE, description: note.text })
    if ('error' in checked) errors.push({ column: note.column, message: checked.error })
    else values.addNote = checked.value
  }

  const attributes = readCell(r, 'attributes')
  if (attributes) {
    const parsed = parseAttributes(attributes.text)
    if ('error' in parsed) errors.push({ column: attributes.column, message: parsed.error })
    else values.attributes = parsed.value
  } else if (field.attributes !== undefined) values.attributes = options.emptyClears ? [] : undefined

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

  const kind = readCell(r, 'kind')
  if (kind) {
    const k = kind.text.trim().toLowerCase()
    if (k === 'lead' || k === 'chat') values.kind = k
    else errors.push({ column: kind.column, message: 'is neither "lead" nor "chat"' })
  }

  for (const name of DATE_FIELDS) {
    const cell = readCell(r, name)
    if (cell) {
      // Our export's Excel format writes this computer's local time without a zone.
      const iso = parseDate(cell.text, plan.dayOrder, options.verbatim ? 'local' : 'utc')
      if (iso) values[name] = iso
      else
        errors.push({ column: cell.column, message: 'is not a date we can read (try 2025-03-31 or 31/03/2025 14:05)' })
    } else if (field[name] !== undefined) values[name] = empty
  }

  const remoteId = readCell(r, 'remoteId')
  if (remoteId) keys.remoteId = remoteId.text.trim()
  const connection = readCell(r, 'connection')
  if (connection) keys.connection = connection.text.trim()

  return { row, values, keys, errors }
}
