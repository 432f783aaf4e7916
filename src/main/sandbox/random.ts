/**
 * Deterministic randomness. Every generated record is a pure function of (seed, stream, index), so
 * a million records cost nothing until one is read, and the same seed always yields the same data.
 */

/** Mixes 32-bit integers into one well-spread 32-bit hash (murmur3-style rounds and finaliser). */
export function hash32(...values: number[]): number {
  let h = 0x9e3779b9
  for (const value of values) {
    let k = Math.imul(value | 0, 0xcc9e2d51)
    k = (k << 15) | (k >>> 17)
    k = Math.imul(k, 0x1b873593)
    h ^= k
    h = (h << 13) | (h >>> 19)
    h = (Math.imul(h, 5) + 0xe6546b64) | 0
  }
  h ^= values.length
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** mulberry32: tiny, fast, good enough for test data and fault dice. */
export class Rng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [0, max). */
  int(max: number): number {
    return Math.floor(this.next() * max)
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1)
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[this.int(items.length)] as T // int(n) < n = items.length: the index is in range
  }

  hex(length: number): string {
    let out = ''
    while (out.length < length) out += hex8(Math.floor(this.next() * 4294967296))
    return out.slice(0, length)
  }
}

const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

const byteHex = (byte: number): string => BYTE_HEX[byte & 255] as string

/** 8 hex digits; a table lookup, since ids are built for every generated record. */
export function hex8(value: number): string {
  return byteHex(value >>> 24) + byteHex(value >>> 16) + byteHex(value >>> 8) + byteHex(value)
}

/**
 * A keyed bijection on 32-bit integers (4-round Feistel network). Record ids embed permute32(index),
 * so an id read back from a request decodes to its index in O(1) without a lookup table.
 */
export function permute32(key: number, value: number): number {
  let left = value >>> 16
  let right = value & 0xffff
  for (let round = 0; round < 4; round++) {
    const next = left ^ (hash32(key, round, right) & 0xffff)
    left = right
    right = next
  }
  return ((left << 16) | right) >>> 0
}

export function unpermute32(key: number, value: number): number {
  let left = value >>> 16
  let right = value & 0xffff
  for (let round = 3; round >= 0; round--) {
    const previous = right ^ (hash32(key, round, left) & 0xffff)
    right = left
    left = previous
  }
  return ((left << 16) | right) >>> 0
}

/** A v4-shaped UUID whose first group is permute32(key, index), so it decodes back to the index. */
export function indexedUuid(key: number, index: number): string {
  const rest = new Rng(hash32(key, index, 0x7575))
  const tail = rest.hex(23)
  const variant = '89ab'[rest.int(4)] ?? '8'
  return `${hex8(permute32(key, index))}-${tail.slice(0, 4)}-4${tail.slice(4, 7)}-${variant}${tail.slice(7, 10)}-${tail.slice(10, 22)}`
}

export function uuidIndex(key: number, uuid: string): number | undefined {
  if (!/^[0-9a-f]{8}-/.test(uuid)) return undefined
  const index = unpermute32(key, Number.parseInt(uuid.slice(0, 8), 16))
  return indexedUuid(key, index) === uuid ? index : undefined
}

/** A 24-hex Mongo-style id: creation seconds, then permute32(index), then noise. Decodes like indexedUuid. */
export function indexedObjectId(key: number, index: number, createdAtMs: number): string {
  return hex8(Math.floor(createdAtMs / 1000)) + hex8(permute32(key, index)) + hex8(hash32(key, index, 0x0b1d))
}

export function objectIdIndex(key: number, id: string): number | undefined {
  if (!/^[0-9a-f]{24}$/.test(id)) return undefined
  const index = unpermute32(key, Number.parseInt(id.slice(8, 16), 16))
  return id.slice(16) === hex8(hash32(key, index, 0x0b1d)) ? index : undefined
}
