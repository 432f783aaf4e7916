import { randomFillSync } from 'node:crypto'

/** Random bytes drawn a few thousand ids at a time: one call to the OS's generator per pool. */
const POOL_IDS = 4096
const pool = Buffer.alloc(16 * POOL_IDS)
let next = POOL_IDS

/**
 * A version-7 UUID (RFC 9562): the time in milliseconds, then 74 random bits. The new leads of an
 * import get theirs in the order they are written, so the UNIQUE index on (connection_id,
 * remote_id) takes them at one end, page after page, instead of one random page per lead (a million
 * random ids are a 60 MB index no page cache of ours holds). As unique and unguessable as a v4 id
 * for what the platforms do with it.
 */
export function uuidV7(now: number = Date.now()): string {
  if (next === POOL_IDS) {
    randomFillSync(pool)
    next = 0
  }
  const bytes = pool.subarray(16 * next, 16 * ++next)
  bytes.writeUIntBE(now, 0, 6)
  bytes[6] = (bytes[6]! & 0x0f) | 0x70
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
