import { DATE_PRESETS, SYNC_STATES, type LeadFilters, type SyncState } from './contract/query'
import { LEAD_STATUSES, PLATFORMS, type LeadStatus, type Platform } from './contract/model'

/**
 * Field terms typed in the search box (`status:open tag:vip agent:"Ana B" has:email`) become
 * filters; the rest stays free text for the full-text search. Shared so the renderer parses as the
 * user types and tests can check the same function.
 */

export const FIELD_NAMES = [
  'status',
  'tag',
  'agent',
  'platform',
  'connection',
  'kind',
  'has',
  'no',
  'sync',
  'created',
  'updated',
  'message'
] as const
export type FieldName = (typeof FIELD_NAMES)[number]

const STATUS_WORDS: Record<string, LeadStatus> = {
  open: 'OPEN',
  inprogress: 'INPROGRESS',
  'in-progress': 'INPROGRESS',
  progress: 'INPROGRESS',
  review: 'REVIEW',
  onhold: 'ONHOLD',
  'on-hold': 'ONHOLD',
  hold: 'ONHOLD',
  dependancy: 'DEPENDANCY',
  dependency: 'DEPENDANCY',
  closed: 'CLOSED'
}
const PLATFORM_WORDS: Record<string, Platform> = {
  'express-chat': 'express-chat',
  express: 'express-chat',
  reekolect: 'express-chat',
  botbuddy: 'express-chat',
  convertalk: 'express-chat',
  'chatbot-com': 'chatbot-com',
  'chatbot.com': 'chatbot-com',
  chatbot: 'chatbot-com',
  chatzuri: 'chatzuri'
}
const SYNC_WORDS: Record<string, SyncState> = {
  waiting: 'waiting',
  pending: 'waiting',
  conflict: 'conflict',
  local: 'localOnly',
  localonly: 'localOnly',
  'local-only': 'localOnly',
  failed: 'failed'
}

/** Values the completion offers for each field (tags, agents and connections come from the data). */
export const FIELD_VALUES: Partial<Record<FieldName, readonly string[]>> = {
  status: ['open', 'inprogress', 'review', 'onhold', 'dependancy', 'closed'],
  platform: ['express-chat', 'chatbot-com', 'chatzuri'],
  kind: ['lead', 'chat'],
  has: ['email', 'phone'],
  no: ['email', 'phone'],
  sync: ['waiting', 'conflict', 'local', 'failed'],
  created: [...DATE_PRESETS],
  updated: [...DATE_PRESETS],
  message: [...DATE_PRESETS]
}

export interface ParsedSearch {
  filters: LeadFilters
  /** The words that were not field terms, for full-text search. */
  text: string
  /** Field terms that named no known value, e.g. `status:maybe`: said to the user, not searched. */
  unknown: string[]
}

/** A term: `field:value` or `field:"quoted value"`, or a plain word. */
const TOKEN = /(-?)([a-z]+):(?:"([^"]*)"?|(\S*))|"([^"]*)"?|(\S+)/gi

const uniq = <T>(values: T[]): T[] => [...new Set(values)]

/**
 * Splits `text` into filters and free text, adding to `base` (never removing from it).
 * `connections` resolves `connection:name` (case-insensitive, by name or id).
 */
export function parseSearch(
  text: string,
  base: LeadFilters = {},
  connections: readonly { id: string; name: string }[] = []
): ParsedSearch {
  const filters: LeadFilters = structuredClone(base)
  const words: string[] = []
  const unknown: string[] = []
  for (const match of text.matchAll(TOKEN)) {
    const [whole, negated, rawField, quoted, bare, quotedWord, word] = match
    if (rawField === undefined) {
      const plain = quotedWord ?? word
      if (plain) words.push(plain)
      continue
    }
    const field = rawField.toLowerCase()
    const value = (quoted ?? bare ?? '').trim()
    if (!FIELD_NAMES.some((f) => f === field)) {
      words.push(whole)
      continue
    }
    if (!value) continue // still being typed: `status:`
    const known = FIELD_NAMES.find((f) => f === field)
    if (!known || !applyTerm(filters, known, value, negated === '-', connections)) unknown.push(whole)
  }
  return { filters, text: words.join(' '), unknown }
}

function applyTerm(
  filters: LeadFilters,
  field: FieldName,
  value: string,
  negated: boolean,
  connections: readonly { id: string; name: string }[]
): boolean {
  const key = value.toLowerCase()
  switch (field) {
    case 'status': {
      const status = STATUS_WORDS[key] ?? LEAD_STATUSES.find((s) => s.toLowerCase() === key)
      if (!status) return false
      filters.status = uniq([...(filters.status ?? []), status])
      return true
    }
    case 'platform': {
      const platform = PLATFORM_WORDS[key] ?? PLATFORMS.find((p) => p === key)
      if (!platform) return false
      filters.platform = uniq([...(filters.platform ?? []), platform])
      return true
    }
    case 'connection': {
      const connection = connections.find((c) => c.name.toLowerCase() === key || c.id === value)
      if (!connection) return false
      filters.connection = uniq([...(filters.connection ?? []), connection.id])
      return true
    }
    case 'agent':
      filters.agent = uniq([...(filters.agent ?? []), key === 'none' || key === 'unassigned' ? null : value])
      return true
    case 'tag': {
      const mode = negated ? 'none' : ((filters.tags?.mode === 'none' ? 'any' : filters.tags?.mode) ?? 'any')
      const values = filters.tags && filters.tags.mode === mode ? filters.tags.values : []
      filters.tags = { mode, values: uniq([...values, value]) }
      return true
    }
    case 'kind':
      if (key !== 'lead' && key !== 'chat') return false
      filters.kind = key
      return true
    case 'has':
    case 'no': {
      const yes = field === 'has'
      if (key === 'email') filters.hasEmail = yes
      else if (key === 'phone') filters.hasPhone = yes
      else return false
      return true
    }
    case 'sync': {
      const state = SYNC_WORDS[key] ?? SYNC_STATES.find((s) => s.toLowerCase() === key)
      if (!state) return false
      filters.syncState = uniq([...(filters.syncState ?? []), state])
      return true
    }
    case 'created':
    case 'updated':
    case 'message': {
      const preset = DATE_PRESETS.find((p) => p === key)
      if (!preset) return false
      filters[field === 'message' ? 'lastMessage' : field] = { preset }
      return true
    }
  }
}

/** The term being typed at the end of `text`, if it is a field term: what completion works on. */
export function termBeingTyped(text: string): { field: FieldName | null; value: string; start: number } | null {
  const match = /(?:^|\s)(-?)([a-z]*)(?::("?)([^"\s]*))?$/i.exec(text)
  if (!match) return null
  const [whole, negated, name, , value] = match
  const start = text.length - whole.trimStart().length
  if (value === undefined) return { field: null, value: `${negated}${name}`, start }
  const field = FIELD_NAMES.find((f) => f === name!.toLowerCase())
  return field ? { field, value, start } : null
}
