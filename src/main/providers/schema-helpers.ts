import { z } from 'zod'

/*
 * Record fields are lenient: "any field may be missing or null", and a field of the wrong type is
 * read as missing rather than failing the whole page (the record's raw JSON keeps the original).
 * Envelopes are strict: a page we cannot trust must not be committed.
 */

export const maybeString = z.string().nullish().catch(null)
export const maybeNumber = z.number().nullish().catch(null)
export const maybeBoolean = z.boolean().nullish().catch(null)
/** Strings, and numbers written as strings (phone numbers often arrive as numbers). */
export const maybeText = z
  .union([z.string(), z.number().transform(String)])
  .nullish()
  .catch(null)
export const maybeArray = z.array(z.unknown()).nullish().catch(null)

export interface WithRaw<T> {
  value: T
  /** The record exactly as received. */
  raw: unknown
}

/** Validates one record with `schema` but also hands back the untouched input, for `raw`. */
export function withRaw<T>(schema: z.ZodType<T>): z.ZodType<WithRaw<T>> {
  return z.unknown().transform((input, ctx) => {
    const result = schema.safeParse(input)
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.issues.push({ code: 'custom', message: issue.message, path: issue.path, input })
      }
      return z.NEVER
    }
    return { value: result.data, raw: input }
  })
}

/** A short, value-free description of why a response failed its schema. */
export function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'
    return `${path}: ${issue.message}`
  })
  const more = error.issues.length > shown.length ? ` (and ${error.issues.length - shown.length} more)` : ''
  return shown.join('; ') + more
}
