import type { NormalizedLead } from '../connector'
import { toIsoUtc } from '../dates'
import { CHATBOT_COM } from '../decisions'
import { attribute, blankLead, present } from '../lead-fields'
import type { WithRaw } from '../schema-helpers'
import { readNotes, readPhone, readTags, unlessCleared } from './lead-attributes'
import type { User } from './schemas'

const LEAD = CHATBOT_COM.leadAttributes
const MAPPED_KEYS: ReadonlySet<string> = new Set(Object.values(LEAD))

/**
 * A ChatBot.com user as a lead. Every user is a 'lead': the platform has no lead/chat split.
 * ChatBot.com has no updatedAt (and no last message), so those stay null.
 */
export function mapUser({ value: user, raw }: WithRaw<User>): NormalizedLead {
  const attributes = user.attributes ?? {}
  const get = (key: string): string | null => attributes[key] ?? null
  const phone = readPhone(get(LEAD.phone))
  return {
    ...blankLead(user.id, 'lead', raw),
    name: unlessCleared(get('default_name')),
    email: unlessCleared(get('default_email')),
    phone: phone.number,
    phonePrefix: phone.prefix,
    status: get(LEAD.status),
    agent: unlessCleared(get(LEAD.agent)),
    picture: get('default_avatar'),
    city: get('default_city'),
    country: get('default_country'),
    gender: get('default_gender'),
    tags: readTags(get(LEAD.tags)),
    notes: readNotes(get(LEAD.notes)),
    // Custom keys only: the default_* ones are either mapped above or platform bookkeeping (ip, timezone…).
    attributes: Object.entries(attributes)
      .filter(([key, value]) => !key.startsWith('default_') && !MAPPED_KEYS.has(key) && unlessCleared(value) !== null)
      .map(([key, value]) => attribute(key, value))
      .filter(present),
    createdAt: toIsoUtc(user.createdAt)
  }
}
