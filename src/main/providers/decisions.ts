/**
 * Every decision PROVIDERS.md marks "(ours)": a guess about the real services, shared by the
 * connectors and the provider sandbox so both agree. Correct a guess here and both follow.
 */
export const EXPRESS_CHAT = {
  defaultBaseUrl: 'https://api.v7.express-chat.ai',
  pageSize: 20,
  /** The list is ordered by updatedAt descending; a write moves a chat to page 1. */
  order: 'updatedAt-desc',
  /** The list returns the phone prefix without '+'; writes send dialCode with it. */
  dialCodeWithPlus: true
} as const

export const CHATBOT_COM = {
  defaultBaseUrl: 'https://api.chatbot.com',
  maxLimit: 40,
  defaultLimit: 40,
  /** ChatBot.com has no lead status, tags or notes: they travel as custom attributes. */
  leadAttributes: {
    status: 'lead_status',
    tags: 'lead_tags',
    notes: 'lead_notes',
    agent: 'lead_agent',
    phone: 'phone'
  },
  attributeValueMax: 1024,
  nameMax: 256,
  attributeKeyPattern: /^[\w-]{1,128}$/,
  maxKeysPerCall: 99
} as const

export const CHATZURI = {
  defaultBaseUrl: 'https://www.chatzuri.com',
  defaultSize: 10,
  maxSize: 100,
  /** Dates are YYYY-MM-DD, inclusive, UTC. Order of a page: created_at ascending, then id. */
  order: 'created_at-asc'
} as const
