import { z } from 'zod'
import { maybeArray, maybeNumber, maybeString, maybeText, withRaw } from '../schema-helpers'

const lenientObject = <S extends z.ZodRawShape>(shape: S) => z.object(shape).nullish().catch(null)

export const chatSchema = z
  .object({
    _id: maybeString,
    uuid: maybeString,
    createdAt: maybeString,
    updatedAt: maybeString,
    lastSeenAt: maybeString,
    websiteVisits: maybeNumber,
    status: maybeString,
    // Documented as the agent's 24-hex id; some responses populate it as the agent object.
    _agentAssigned: z
      .union([z.string(), z.object({ _id: z.string() }).transform((agent) => agent._id)])
      .nullish()
      .catch(null),
    lastMessage: lenientObject({ at: maybeString, by: maybeString, text: maybeString }),
    profile: lenientObject({
      notes: maybeArray,
      userDetails: lenientObject({
        name: maybeString,
        picture: maybeString,
        city: maybeString,
        country: maybeString,
        gender: maybeString,
        tags: maybeArray,
        attributes: maybeArray,
        contact: lenientObject({
          email: maybeString,
          phone: lenientObject({ number: maybeText, prefix: maybeText })
        })
      })
    })
  })
  .refine((chat) => Boolean(chat.uuid) || Boolean(chat._id), 'a chat needs a uuid or an _id')
export type Chat = z.infer<typeof chatSchema>

export const noteItemSchema = z.object({ title: maybeText, description: maybeText })
export const attributeItemSchema = z.object({ key: maybeText, value: maybeText })

export const chatListSchema = z.object({
  success: z.literal(true),
  data: z.array(withRaw(chatSchema))
})

export const writeResultSchema = z.object({ success: z.literal(true) })
