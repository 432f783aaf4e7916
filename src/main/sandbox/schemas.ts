import { z } from 'zod'
import { CHATBOT_COM } from '../providers'
import { LEAD_STATUSES } from '../../shared/contract/model'

/**
 * The three platforms' wire shapes as PROVIDERS.md writes them: the sandbox validates requests with
 * them and types its records from them, and the contract tests check every response against them.
 * Objects are strict so the sandbox cannot drift into sending fields the spec does not name.
 */
export const hex24 = z.string().regex(/^[0-9a-f]{24}$/, 'must be a 24-hex id')
export const isoMs = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'must be ISO-8601 UTC with milliseconds')

// ---- express-chat ----

export const EXPRESS_CHAT_TYPES = ['lead', 'non-lead'] as const
export type ExpressChatType = (typeof EXPRESS_CHAT_TYPES)[number]
export function isExpressChatType(value: unknown): value is ExpressChatType {
  return (EXPRESS_CHAT_TYPES as readonly unknown[]).includes(value)
}

export const xcNoteSchema = z.strictObject({ _id: hex24, title: z.string(), description: z.string() })

export const xcUserDetailsSchema = z.strictObject({
  name: z.string().nullish(),
  picture: z.string().nullish(),
  city: z.string().nullish(),
  country: z.string().nullish(),
  gender: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  attributes: z.array(z.strictObject({ key: z.string(), value: z.string() })).nullish(),
  contact: z
    .strictObject({
      email: z.string().nullish(),
      phone: z
        .strictObject({
          number: z.string().nullish(),
          prefix: z
            .string()
            .regex(/^\d{1,4}$/)
            .nullish()
        })
        .nullish()
    })
    .nullish()
})

// _id, uuid, createdAt and updatedAt are always present in the sandbox: the list order and the
// upsert key depend on them. Every other field may be missing or null.
export const xcChatSchema = z.strictObject({
  _id: hex24,
  uuid: z.string().min(1),
  createdAt: isoMs,
  updatedAt: isoMs,
  isOnline: z.boolean().nullish(),
  lastSeenAt: isoMs.nullish(),
  websiteVisits: z.number().int().nonnegative().nullish(),
  status: z.enum(LEAD_STATUSES).nullish(),
  _agentAssigned: hex24.nullish(),
  lastMessage: z
    .strictObject({ at: isoMs.nullish(), by: z.enum(['bot', 'user', 'agent']).nullish(), text: z.string().nullish() })
    .nullish(),
  profile: z
    .strictObject({ notes: z.array(xcNoteSchema).nullish(), userDetails: xcUserDetailsSchema.nullish() })
    .nullish()
})
export type ExpressChatChat = z.infer<typeof xcChatSchema>
export type ExpressChatUserDetails = z.infer<typeof xcUserDetailsSchema>

export const xcListResponseSchema = z.strictObject({
  success: z.literal(true),
  message: z.literal('ok'),
  code: z.literal(200),
  data: z.array(xcChatSchema)
})
export const xcWriteResponseSchema = z.strictObject({
  success: z.literal(true),
  message: z.literal('ok'),
  code: z.literal(200)
})
export const xcErrorSchema = z.strictObject({
  success: z.literal(false),
  message: z.string().min(1),
  code: z.number().int()
})

/** PUT /inbox/direct/lead. null clears a field; a field left out stays as it is. */
export const xcLeadWriteSchema = z.object({
  uuid: z.string().min(1),
  botId: z.string().min(1),
  customerId: z.string().min(1),
  agentId: hex24.nullish(),
  status: z.enum(LEAD_STATUSES).optional(),
  picture: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).nullish(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  dialCode: z
    .string()
    .regex(/^\+\d{1,4}$/, "must be '+' and 1-4 digits")
    .nullish(),
  notes: z.array(z.object({ title: z.string(), description: z.string() })).optional(),
  tags: z.array(z.string()).optional(),
  attributes: z.array(z.object({ key: z.string(), value: z.string() })).optional()
})
export type ExpressChatLeadWrite = z.infer<typeof xcLeadWriteSchema>

// ---- ChatBot.com ----

export const CHATBOT_COM_DEFAULT_ATTRIBUTES = [
  'default_email',
  'default_name',
  'default_url',
  'default_avatar',
  'default_language',
  'default_timezone',
  'default_gender',
  'default_ip',
  'default_city',
  'default_region',
  'default_country',
  'default_referrer',
  'default_username'
] as const

/** Both forms the docs show: `2019-01-23 13:32:30.163Z` and `2018-01-19T11:55:07.552Z`. */
export const cbDate = z.string().regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'must be a ChatBot.com date')

// fromEntries forgets the keys; they are exactly CHATBOT_COM_DEFAULT_ATTRIBUTES, each mapped to the one schema.
const defaultAttributeShape = Object.fromEntries(
  CHATBOT_COM_DEFAULT_ATTRIBUTES.map((key) => [key, z.string().nullable()])
) as Record<(typeof CHATBOT_COM_DEFAULT_ATTRIBUTES)[number], z.ZodNullable<z.ZodString>>
export const cbAttributesSchema = z.object(defaultAttributeShape).catchall(z.string().nullable())

export const cbUserSchema = z.strictObject({
  id: hex24,
  userId: z.string().min(1),
  banned: z.boolean(),
  attributes: cbAttributesSchema,
  conversations: z.number().int().nonnegative(),
  createdAt: cbDate,
  lastSeen: cbDate
})
export type ChatbotComUser = z.infer<typeof cbUserSchema>

export const cbUserDetailsSchema = cbUserSchema.extend({
  sessionAttributes: z.record(z.string(), z.string()),
  conversations: z.array(z.strictObject({ id: hex24, date: cbDate, firstMessage: z.string().nullable() })),
  segments: z.array(z.strictObject({ id: hex24, name: z.string() }))
})
export type ChatbotComUserDetails = z.infer<typeof cbUserDetailsSchema>

export const cbListResponseSchema = z.strictObject({
  data: z.array(cbUserSchema),
  count: z.number().int().nonnegative()
})
const cbSuccessStatus = z.strictObject({ code: z.literal(200), type: z.literal('success') })
export const cbCreateResponseSchema = z
  .array(z.strictObject({ id: hex24, timestamp: isoMs, status: cbSuccessStatus }))
  .length(1)
export const cbUpdateResponseSchema = z.strictObject({ timestamp: isoMs, status: cbSuccessStatus })
export const cbErrorSchema = z.strictObject({
  timestamp: isoMs,
  status: z.strictObject({ code: z.number().int(), type: z.literal('error'), message: z.string().min(1) })
})

/** Attributes in a write: keys /^[\w-]{1,128}$/, values 1..1024 characters (default_name 1..256), 1..99 keys. */
export const cbAttributesWriteSchema = z
  .record(
    z.string().regex(CHATBOT_COM.attributeKeyPattern, 'keys must match /^[\\w-]{1,128}$/'),
    z.string().min(1).max(CHATBOT_COM.attributeValueMax)
  )
  .superRefine((attributes, ctx) => {
    const count = Object.keys(attributes).length
    if (count < 1 || count > CHATBOT_COM.maxKeysPerCall) {
      ctx.addIssue({ code: 'custom', message: `1..${CHATBOT_COM.maxKeysPerCall} keys per call, got ${count}` })
    }
    const name = attributes['default_name']
    if (name !== undefined && name.length > CHATBOT_COM.nameMax) {
      ctx.addIssue({ code: 'custom', path: ['default_name'], message: `at most ${CHATBOT_COM.nameMax} characters` })
    }
  })

export const cbCreateUserSchema = z
  .object({
    userId: z.string().min(1).max(256).optional(),
    segments: z.union([hex24, z.array(hex24)]).optional(),
    attributes: cbAttributesWriteSchema
  })
  .refine((body) => body.userId !== undefined || body.attributes['default_email'] !== undefined, {
    message: 'userId is required unless attributes.default_email is given',
    path: ['userId']
  })
export const cbUpdateUserSchema = z.object({ attributes: cbAttributesWriteSchema })

// ---- Chatzuri ----

export const czLeadSchema = z.strictObject({
  id: z.number().int(),
  created_at: isoMs,
  chatbot_owner_user_id: z.string(),
  chatbot_id: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  name: z.string().nullable()
})
export type ChatzuriLead = z.infer<typeof czLeadSchema>
export const czListResponseSchema = z.strictObject({ data: z.array(czLeadSchema) })
export const czErrorSchema = z.strictObject({ message: z.string().min(1) })
