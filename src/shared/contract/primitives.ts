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
  pageSize: 1000,
  /** The most one edit may write over all its leads (the patch's size × the number of leads). */
  bulkWriteBytes: 32 * 1024 * 1024,
  /** What one reply may carry: a page of large leads is cut short here (always at least one row). */
  replyBytes: 16 * 1024 * 1024,
  /** Keys and values quoted back in an error message are cut to this many characters. */
  echo: 64
} as const

/**
 * What one lead may hold of what the user writes, checked at the boundary. A full page of 100
 * such leads stays well under LIMITS.replyBytes; what a platform sends is not cut, and the reply
 * budget bounds it instead.
 */
export const LEAD_LIMITS = {
  notes: 200,
  notesBytes: 64 * 1024,
  tags: 200,
  tagsBytes: 16 * 1024,
  /** ChatBot.com takes at most 99 attributes per write. */
  attributes: 90
} as const

/** UTF-8 size of a string, without allocating (src/shared has no Buffer). */
export function utf8Bytes(value: string): number {
  let bytes = 0
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.ceil(bytes / 1024)} KB`
}

/** A value quoted back to the caller, cut so that a huge input never comes back whole. */
export function clip(value: string, max: number = LIMITS.echo): string {
  return value.length > max ? `${value.slice(0, max)}…` : value
}

export const shortText = z.string().max(LIMITS.shortText)
/** C0 controls and DEL, except tab and line breaks (which a paste may bring and a search reads as spaces). */
function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true
  }
  return false
}
export const searchText = shortText.refine((value) => !hasControl(value), 'must not contain control characters')
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
