import type { NormalizedLead } from '../connector'
import { toIsoUtc } from '../dates'
import { attribute, blankLead, note, present } from '../lead-fields'
import type { WithRaw } from '../schema-helpers'
import { attributeItemSchema, noteItemSchema, type Chat } from './schemas'

export type ExpressStream = 'lead' | 'non-lead'

/** The id the engine upserts by: the chat's uuid (what writes address), else its _id. */
export function chatRemoteId(chat: Chat): string {
  // The schema refuses a chat with neither.
  return chat.uuid || chat._id || ''
}

export function mapChat({ value: chat, raw }: WithRaw<Chat>, stream: ExpressStream): NormalizedLead {
  const details = chat.profile?.userDetails
  const phone = details?.contact?.phone
  return {
    ...blankLead(chatRemoteId(chat), stream === 'lead' ? 'lead' : 'chat', raw),
    name: details?.name ?? null,
    email: details?.contact?.email ?? null,
    phone: phone?.number ?? null,
    phonePrefix: phone?.prefix ? phone.prefix.replace(/^\+/, '') : null,
    status: chat.status ?? null,
    agent: chat._agentAssigned ?? null,
    picture: details?.picture ?? null,
    city: details?.city ?? null,
    country: details?.country ?? null,
    gender: details?.gender ?? null,
    tags: (details?.tags ?? []).filter((tag): tag is string => typeof tag === 'string' && tag.length > 0),
    notes: (chat.profile?.notes ?? [])
      .map((item) => noteItemSchema.safeParse(item))
      .map((parsed) => (parsed.success ? note(parsed.data.title, parsed.data.description) : null))
      .filter(present),
    attributes: (details?.attributes ?? [])
      .map((item) => attributeItemSchema.safeParse(item))
      .map((parsed) => (parsed.success ? attribute(parsed.data.key, parsed.data.value) : null))
      .filter(present),
    lastMessageText: chat.lastMessage?.text ?? null,
    lastMessageAt: toIsoUtc(chat.lastMessage?.at),
    lastMessageBy: chat.lastMessage?.by ?? null,
    websiteVisits: chat.websiteVisits ?? null,
    createdAt: toIsoUtc(chat.createdAt),
    updatedAt: toIsoUtc(chat.updatedAt)
  }
}
