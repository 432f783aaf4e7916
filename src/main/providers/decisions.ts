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
  dialCodeWithPlus: true,
  /**
   * A cleared name, email, phone, dial code or agent is written as null ("fields left out are
   * unchanged", so null is the only way to say "now empty"; agentId and dialCode have formats '' fails).
   */
  clearedValue: null,
  /** A write carrying any of these, non-empty, turns a non-lead chat into a lead (type=lead). */
  leadDetailFields: ['name', 'email', 'phone']
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
    /** One attribute holds the whole number, "+91 98765 43210": read as prefix "91" and the rest. */
    phone: 'phone'
  },
  /** Separator of lead_tags; reading splits on ',' and trims, so a tag cannot contain a comma. */
  tagSeparator: ',',
  /**
   * Values must be 1..1024 characters, so a cleared field cannot be sent as ''. A cleared name,
   * email, phone, agent or tag list is written as this placeholder and read back as empty;
   * cleared notes are written as '[]' (an empty JSON list, read back as no notes).
   */
  clearedValue: '-',
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

/**
 * How the outbox pushes (ours): the platforms publish no write rate limit, so we assume one and
 * stay under it; a 429 with Retry-After still wins. The bulk-edit preview estimates with these.
 */
export const PUSH = {
  /** Requests in flight per connection. */
  concurrency: 4,
  /** Writes per second we expect a platform to take, per connection. */
  requestsPerSecond: { 'express-chat': 10, 'chatbot-com': 10, chatzuri: 0 }
} as const

/**
 * (ours) Where a lead opens on its platform's web inbox. No doc gives the address: these are guesses
 * kept in one place. express-chat serves its inbox beside its API (api.v7.<domain> → app.<domain>),
 * so a connection to any other host (a sandbox, a proxy) has no link; Chatzuri has no inbox.
 */
export function inboxLink(
  connection: { platform: string; baseUrl: string; botId: string | null },
  remoteId: string
): string | null {
  const id = encodeURIComponent(remoteId)
  if (connection.platform === 'chatbot-com') return `https://app.chatbot.com/users/${id}`
  if (connection.platform !== 'express-chat' || !connection.botId) return null
  let host: string
  try {
    host = new URL(connection.baseUrl || EXPRESS_CHAT.defaultBaseUrl).hostname
  } catch {
    return null
  }
  const domain = /^api(?:\.v\d+)?\.(.+)$/.exec(host)?.[1]
  return domain ? `https://app.${domain}/inbox/${encodeURIComponent(connection.botId)}/${id}` : null
}
