import { LEAD_STATUSES } from '../../../shared/contract/model'
import { Rng, hash32, indexedObjectId, indexedUuid, uuidIndex } from '../random'
import type { ExpressChatChat, ExpressChatType, ExpressChatUserDetails } from '../schemas'
import { ATTRIBUTE_KEYS, ATTRIBUTE_VALUES, MESSAGES, NOTE_TEXTS, NOTE_TITLES, TAGS } from './pools'
import { person } from './people'
import { some, sparse } from './sparse'
import { ANCHOR_MS, SPAN_MS, descendingTime, iso } from './time'

const DAY_MS = 86_400_000
const AGENTS_PER_BOT = 6

/**
 * The chats of one express-chat bot and one type, as a pure function of (seed, bot, type, index).
 * Index 0 is the most recently updated; updatedAt strictly decreases with the index, so the list
 * order (updatedAt descending) is the index order until something is written.
 */
export class ExpressChatGenerator {
  readonly key: number
  readonly agents: readonly string[]

  constructor(
    private readonly seed: number,
    private readonly bot: number,
    readonly type: ExpressChatType,
    readonly size: number,
    private readonly personOf: (index: number) => number
  ) {
    this.key = hash32(seed, 0x0ec, bot, type === 'lead' ? 1 : 2)
    const agents = new Rng(hash32(seed, 0xa6e, bot))
    this.agents = Array.from({ length: AGENTS_PER_BOT }, () => agents.hex(24))
  }

  updatedAt(index: number): number {
    return descendingTime(this.key, this.size, ANCHOR_MS, SPAN_MS, index)
  }

  uuid(index: number): string {
    return indexedUuid(this.key, index)
  }

  /** The index whose uuid this is, if any (indices past `size` belong to inserted chats). */
  indexOf(uuid: string): number | undefined {
    const index = uuidIndex(this.key, uuid)
    return index !== undefined && index < this.size ? index : undefined
  }

  objectId(index: number, createdAtMs: number): string {
    return indexedObjectId(this.key, index, createdAtMs)
  }

  chat(index: number): ExpressChatChat {
    const rng = new Rng(hash32(this.key, index, 0xc4a7))
    const updated = this.updatedAt(index)
    const created = updated - rng.int(30 * DAY_MS)
    const chat: ExpressChatChat = {
      _id: this.objectId(index, created),
      uuid: this.uuid(index),
      createdAt: iso(created),
      updatedAt: iso(updated)
    }
    sparse(rng, chat, 'isOnline', () => rng.chance(0.1))
    sparse(rng, chat, 'lastSeenAt', () => iso(created + rng.int(updated - created + 1)))
    sparse(rng, chat, 'websiteVisits', () => rng.between(1, 40))
    sparse(rng, chat, 'status', () => rng.pick(LEAD_STATUSES))
    sparse(rng, chat, '_agentAssigned', () => rng.pick(this.agents), 0.3)
    sparse(rng, chat, 'lastMessage', () => {
      const message: NonNullable<ExpressChatChat['lastMessage']> = {}
      sparse(rng, message, 'at', () => iso(updated - rng.int(Math.min(updated - created, 60_000) + 1)))
      sparse(rng, message, 'by', () => rng.pick(['bot', 'user', 'agent'] as const))
      sparse(rng, message, 'text', () => rng.pick(MESSAGES))
      return message
    })
    sparse(
      rng,
      chat,
      'profile',
      () => {
        const profile: NonNullable<ExpressChatChat['profile']> = {}
        sparse(rng, profile, 'notes', () =>
          Array.from({ length: rng.int(3) }, () => ({
            _id: rng.hex(24),
            title: rng.pick(NOTE_TITLES),
            description: rng.pick(NOTE_TEXTS)
          }))
        )
        sparse(rng, profile, 'userDetails', () => this.userDetails(rng, index))
        return profile
      },
      0.04
    )
    return chat
  }

  private userDetails(rng: Rng, index: number): ExpressChatUserDetails {
    const who = person(this.seed, this.personOf(index))
    const details: ExpressChatUserDetails = {}
    // Non-lead chats have not left contact details: that is what makes them non-leads.
    if (this.type === 'lead') details.name = who.name
    sparse(rng, details, 'picture', () =>
      rng.chance(0.3) ? `https://cdn.example.com/avatars/${rng.hex(12)}.png` : 'my-picture'
    )
    sparse(rng, details, 'city', () => who.city)
    sparse(rng, details, 'country', () => who.country.name)
    sparse(rng, details, 'gender', () => who.gender)
    sparse(rng, details, 'tags', () => some(rng, TAGS, 3))
    sparse(rng, details, 'attributes', () =>
      some(rng, ATTRIBUTE_KEYS, 3).map((key) => ({ key, value: rng.pick(ATTRIBUTE_VALUES) }))
    )
    if (this.type === 'lead') {
      details.contact = {
        email: who.email,
        phone: who.phone === null ? null : { number: who.phone, prefix: who.dial }
      }
    }
    return details
  }
}
