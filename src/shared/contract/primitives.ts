import { z } from 'zod'

// Size limits live here so every boundary refuses oversize input the same way.
export const LIMITS = {
  shortText: 256,
  text: 1024,
  longText: 10_000,
  url: 2048,
  token: 4096,
  snippet: 8192,
  listItems: 200,
  bulkIds: 100_000,
  pageSize: 1000
} as const

export const shortText = z.string().max(LIMITS.shortText)
export const text = z.string().max(LIMITS.text)
export const longText = z.string().max(LIMITS.longText)
export const nonEmptyShort = z.string().trim().min(1).max(LIMITS.shortText)
export const httpUrl = z
  .string()
  .max(LIMITS.url)
  .refine((value) => {
    try {
      const url = new URL(value)
      return url.protocol === 'http:' || url.protocol === 'https:'
    } catch {
      return false
    }
  }, 'must be an http(s) URL')
export const isoDate = z.string().max(64)
export const empty = z.object({}).strict()
export const ok = z.object({ ok: z.literal(true) })
