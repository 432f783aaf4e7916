import { z } from 'zod'
import { maybeBoolean, maybeNumber, maybeString, withRaw } from '../schema-helpers'

/** Attribute values are documented as strings or null; numbers and booleans are read as text. */
const attributeValue = z
  .union([z.string(), z.number().transform(String), z.boolean().transform(String)])
  .nullish()
  .catch(null)

export const userSchema = z.object({
  id: z.string().min(1),
  userId: maybeString,
  banned: maybeBoolean,
  attributes: z.record(z.string(), attributeValue).nullish().catch(null),
  // A number in the list, an array in GET /users/:id; the list is all the connector reads.
  conversations: maybeNumber,
  createdAt: maybeString,
  lastSeen: maybeString
})
export type User = z.infer<typeof userSchema>

export const userListSchema = z.object({
  data: z.array(withRaw(userSchema)),
  count: z.number().int().nonnegative()
})

const successStatus = z.object({ type: z.literal('success') })
export const updateResultSchema = z.object({ status: successStatus })
export const createResultSchema = z.array(z.object({ id: z.string().min(1), status: successStatus })).min(1)

/** GET /users/:id: the conversations list (other fields are what the list already gave). */
export const userDetailsSchema = z.object({
  conversations: z
    .array(
      z.object({
        id: z.union([z.string(), z.number().transform(String)]),
        date: maybeString,
        firstMessage: maybeString
      })
    )
    .nullish()
    .catch(null)
})
