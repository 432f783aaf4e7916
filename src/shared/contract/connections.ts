import { z } from 'zod'
import { method } from './define'
import { brandSchema, connectionSchema } from './model'
import { LIMITS, httpUrl, nonEmptyShort, ok, shortText } from './primitives'

// Visible ASCII only: a space, a line break, a control or non-ASCII character cannot go in a header,
// and would otherwise fail later as a "network error".
const token = z
  .string()
  .trim()
  .min(1, 'the API token is empty')
  .max(LIMITS.token)
  .regex(
    /^[\x21-\x7e]*$/,
    'The token contains characters that cannot be part of a token (spaces, line breaks, control or accented characters): paste it again.'
  )
const hexId = z.string().trim().min(1).max(64)

const expressChatFields = z
  .object({
    platform: z.literal('express-chat'),
    brand: brandSchema,
    name: nonEmptyShort,
    baseUrl: httpUrl.optional(),
    // Either the ids, or the bot page URL / widget script pasted as-is.
    botId: hexId.optional(),
    customerId: hexId.optional(),
    pasted: z.string().max(LIMITS.snippet).optional(),
    token
  })
  .strict()
const chatbotComFields = z
  .object({ platform: z.literal('chatbot-com'), name: nonEmptyShort, baseUrl: httpUrl.optional(), token })
  .strict()
const chatzuriFields = z
  .object({
    platform: z.literal('chatzuri'),
    name: nonEmptyShort,
    baseUrl: httpUrl.optional(),
    agentId: nonEmptyShort,
    token
  })
  .strict()

export const connectionDraftSchema = z.discriminatedUnion('platform', [
  expressChatFields,
  chatbotComFields,
  chatzuriFields
])
export type ConnectionDraft = z.infer<typeof connectionDraftSchema>

export const connectionEditSchema = z
  .object({
    id: shortText,
    name: nonEmptyShort.optional(),
    baseUrl: httpUrl.optional(),
    brand: brandSchema.optional(),
    botId: hexId.optional(),
    customerId: hexId.optional(),
    pasted: z.string().max(LIMITS.snippet).optional(),
    agentId: nonEmptyShort.optional(),
    // A new token replaces the one in the keychain; absent keeps it.
    token: token.optional()
  })
  .strict()

export const connectionTestResultSchema = z.object({
  ok: z.boolean(),
  status: z.number().int().nullable(),
  message: z.string(),
  sample: z.number().int().nullable()
})
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>

export const connectionMethods = {
  'connections.list': method('All connections.', z.object({}).strict(), z.array(connectionSchema)),
  'connections.create': method(
    'Save a connection; its token goes to the keychain.',
    connectionDraftSchema,
    connectionSchema
  ),
  'connections.update': method(
    'Edit a connection, optionally replacing its token.',
    connectionEditSchema,
    connectionSchema
  ),
  'connections.test': method(
    'Make one real request with a saved connection or an unsaved draft.',
    z.union([z.object({ id: shortText }).strict(), z.object({ draft: connectionDraftSchema }).strict()]),
    connectionTestResultSchema
  ),
  'connections.remove': method(
    'Remove a connection and its token; deleteData also removes its cached leads.',
    z.object({ id: shortText, deleteData: z.boolean() }).strict(),
    ok
  )
}
