import { CHATBOT_COM } from '../../providers'
import { LEAD_STATUSES } from '../../../shared/contract/model'
import { affineOrder, type BaseOrder } from '../order'
import { Rng, hash32, indexedObjectId, indexedUuid, objectIdIndex } from '../random'
import type { ChatbotComUser, ChatbotComUserDetails } from '../schemas'
import {
  ATTRIBUTE_KEYS,
  ATTRIBUTE_VALUES,
  EMAIL_DOMAINS,
  MESSAGES,
  NOTE_TEXTS,
  NOTE_TITLES,
  SEGMENTS,
  TAGS
} from './pools'
import { person } from './people'
import { some } from './sparse'
import { ANCHOR_MS, SPAN_MS, ascendingTime } from './time'

const LEAD = CHATBOT_COM.leadAttributes
const MAX_CONVERSATIONS = 12

export interface Segment {
  id: string
  name: string
}

/**
 * The users of one ChatBot.com account. createdAt rises with the index; lastSeen follows a
 * different, invertible shuffle of the indices (and always falls after every createdAt), so both
 * sort fields give their own order and either can be paged in O(log n).
 */
export class ChatbotComGenerator {
  readonly key: number
  readonly lastSeenOrder: BaseOrder
  readonly segments: readonly Segment[]

  constructor(
    private readonly seed: number,
    account: number,
    readonly size: number,
    private readonly personOf: (index: number) => number
  ) {
    this.key = hash32(seed, 0xcb0, account)
    this.lastSeenOrder = affineOrder(size, this.key)
    const rng = new Rng(hash32(this.key, 0x5e6))
    this.segments = SEGMENTS.map((name) => ({ id: rng.hex(24), name }))
  }

  createdAt(index: number): number {
    return ascendingTime(this.key ^ 1, this.size, ANCHOR_MS - SPAN_MS, (SPAN_MS * 3) / 4, index)
  }

  lastSeen(index: number): number {
    return ascendingTime(
      this.key ^ 2,
      this.size,
      ANCHOR_MS - SPAN_MS / 4,
      SPAN_MS / 4,
      this.lastSeenOrder.positionOf(index)
    )
  }

  id(index: number, createdAtMs = this.createdAt(index)): string {
    return indexedObjectId(this.key, index, createdAtMs)
  }

  indexOf(id: string): number | undefined {
    const index = objectIdIndex(this.key, id)
    return index !== undefined && index < this.size && this.id(index) === id ? index : undefined
  }

  /** The docs show two date forms; each record uses one or the other, per field. */
  dateText(ms: number, salt: number): string {
    const text = new Date(ms).toISOString()
    return hash32(this.key, salt) & 1 ? text.replace('T', ' ') : text
  }

  user(index: number): ChatbotComUser {
    const rng = new Rng(hash32(this.key, index, 0x05e7))
    const who = person(this.seed, this.personOf(index))
    const created = this.createdAt(index)
    const or = <T>(value: T, presence: number): T | null => (rng.chance(presence) ? value : null)
    const attributes: ChatbotComUser['attributes'] = {
      default_email: who.email,
      default_name: who.name,
      default_url: or(`https://www.${rng.pick(EMAIL_DOMAINS)}/pricing`, 0.5),
      default_avatar: or(`https://cdn.example.com/avatars/${rng.hex(12)}.png`, 0.2),
      default_language: or(who.country.language, 0.6),
      default_timezone: or(who.country.timezone, 0.5),
      default_gender: or(who.gender?.toLowerCase() ?? null, 0.5),
      default_ip: or(`${rng.between(1, 223)}.${rng.int(256)}.${rng.int(256)}.${rng.between(1, 254)}`, 0.7),
      default_city: or(who.city, 0.6),
      default_region: or(who.country.code, 0.2),
      default_country: or(who.country.name, 0.6),
      default_referrer: or('https://www.google.com/', 0.3),
      default_username: or(`user_${rng.hex(6)}`, 0.1)
    }
    if (who.phone !== null && rng.chance(0.8))
      attributes[LEAD.phone] = who.phone.startsWith('+') ? who.phone : `+${who.dial} ${who.phone}`
    if (rng.chance(0.7)) {
      attributes[LEAD.status] = rng.pick(LEAD_STATUSES)
      const tags = some(rng, TAGS, 3)
      if (tags.length > 0) attributes[LEAD.tags] = tags.join(',')
      attributes[LEAD.notes] = rng.chance(0.03) ? 'call back after lunch' : notesText(rng) // the first written by hand in the dashboard
      if (rng.chance(0.5)) attributes[LEAD.agent] = `agent-${rng.int(6)}@example.com`
    }
    for (const key of some(rng, ATTRIBUTE_KEYS, 2)) attributes[key] = rng.pick(ATTRIBUTE_VALUES)
    return {
      id: this.id(index, created),
      userId: indexedUuid(this.key ^ 3, index),
      banned: rng.chance(0.02),
      attributes,
      conversations: rng.int(MAX_CONVERSATIONS + 1),
      createdAt: this.dateText(created, index * 2),
      lastSeen: this.dateText(this.lastSeen(index), index * 2 + 1)
    }
  }

  /** The GET /users/:id extras of a generated user; `user` may carry written attributes. */
  details(index: number, user: ChatbotComUser): ChatbotComUserDetails {
    const rng = new Rng(hash32(this.key, index, 0xde7a))
    const created = this.createdAt(index)
    const span = Math.max(1, this.lastSeen(index) - created)
    const sessionAttributes: Record<string, string> = {}
    if (rng.chance(0.4)) sessionAttributes['group-selected'] = String(rng.int(20))
    return {
      ...user,
      sessionAttributes,
      conversations: Array.from({ length: user.conversations }, (_, n) => ({
        id: rng.hex(24),
        date: this.dateText(created + Math.floor((span * (n + 1)) / (user.conversations + 1)), index + n),
        firstMessage: rng.chance(0.9) ? rng.pick(MESSAGES) : null
      })),
      segments: some(rng, this.segments, 2)
    }
  }
}

/** lead_notes as the app writes it: JSON of [{title, description}], within the value limit. */
function notesText(rng: Rng): string {
  const notes = Array.from({ length: rng.int(3) }, () => ({
    title: rng.pick(NOTE_TITLES),
    description: rng.pick(NOTE_TEXTS)
  }))
  while (JSON.stringify(notes).length > CHATBOT_COM.attributeValueMax) notes.pop()
  return JSON.stringify(notes)
}
