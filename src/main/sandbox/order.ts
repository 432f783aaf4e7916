/**
 * One sorted list over lazily generated records, kept O(log n) per lookup however large it is.
 *
 * Ascending order = the base records that still sit where the generator put them, then the
 * "extras" (records written, moved or inserted since start, which always sort after every base
 * record because their sort key is "now"). A record that moves is removed from its base position
 * and appended to the extras, so it never appears twice.
 */
export interface BaseOrder {
  readonly size: number
  /** Base record index at sorted base position `position`. */
  indexAt(position: number): number
  /** Inverse of indexAt. */
  positionOf(index: number): number
}

export type OrderEntry = { base: number } | { extra: string }

export class LayeredOrder {
  /** Sorted base positions no longer in the list. */
  private removed: number[] = []
  /** Keys in ascending order of sort key. */
  private extras: string[] = []

  constructor(private readonly base: BaseOrder) {}

  get length(): number {
    return this.base.size - this.removed.length + this.extras.length
  }

  get extraCount(): number {
    return this.extras.length
  }

  /** Entry at ascending rank `rank`, or undefined past either end. */
  at(rank: number): OrderEntry | undefined {
    if (rank < 0 || rank >= this.length) return undefined
    const baseLength = this.base.size - this.removed.length
    if (rank >= baseLength) return { extra: this.extras[rank - baseLength] as string }
    // removed[k] - k counts the kept positions below removed[k]; it never decreases, so the number
    // of removed positions at or below the answer is found by binary search.
    let lo = 0
    let hi = this.removed.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((this.removed[mid] as number) - mid <= rank) lo = mid + 1
      else hi = mid
    }
    return { base: this.base.indexAt(rank + lo) }
  }

  /** Entry at descending rank `rank`. */
  atDescending(rank: number): OrderEntry | undefined {
    return this.at(this.length - 1 - rank)
  }

  rankOfBase(index: number): number | undefined {
    if (index < 0 || index >= this.base.size) return undefined
    const position = this.base.positionOf(index)
    const below = lowerBound(this.removed, position)
    if (this.removed[below] === position) return undefined
    return position - below
  }

  rankOfExtra(key: string): number | undefined {
    const at = this.extras.indexOf(key)
    return at < 0 ? undefined : this.base.size - this.removed.length + at
  }

  hasBase(index: number): boolean {
    return this.rankOfBase(index) !== undefined
  }

  /** Takes a base record out of its place; false if it was already gone. */
  removeBase(index: number): boolean {
    if (index < 0 || index >= this.base.size) return false
    const position = this.base.positionOf(index)
    const at = lowerBound(this.removed, position)
    if (this.removed[at] === position) return false
    this.removed.splice(at, 0, position)
    return true
  }

  removeExtra(key: string): boolean {
    const at = this.extras.indexOf(key)
    if (at < 0) return false
    this.extras.splice(at, 1)
    return true
  }

  /** Appends `key` as the new greatest entry (moving it there if it was an extra already). */
  pushExtra(key: string): void {
    this.removeExtra(key)
    this.extras.push(key)
  }
}

export function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((sorted[mid] as number) < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

export const identityOrder = (size: number): BaseOrder => ({
  size,
  indexAt: (position) => position,
  positionOf: (index) => index
})

export const reversedOrder = (size: number): BaseOrder => ({
  size,
  indexAt: (position) => size - 1 - position,
  positionOf: (index) => size - 1 - index
})

/**
 * position = (a * index + b) mod size, with gcd(a, size) = 1: a cheap, invertible shuffle, used for
 * a second sort key (ChatBot.com lastSeen) whose order differs from the first.
 */
export function affineOrder(size: number, salt: number): BaseOrder {
  if (size <= 1) return identityOrder(size)
  let a = Math.max(1, Math.floor(size * 0.6180339887)) + (salt % 97)
  while (gcd(a, size) !== 1) a++
  a %= size
  const b = salt % size
  const inverse = modInverse(a, size)
  return {
    size,
    positionOf: (index) => (mulMod(a, index, size) + b) % size,
    indexAt: (position) => mulMod(inverse, (position - b + size) % size, size)
  }
}

function gcd(x: number, y: number): number {
  while (y !== 0) [x, y] = [y, x % y]
  return x
}

function modInverse(a: number, m: number): number {
  let [oldR, r] = [a, m]
  let [oldS, s] = [1, 0]
  while (r !== 0) {
    const q = Math.floor(oldR / r)
    ;[oldR, r] = [r, oldR - q * r]
    ;[oldS, s] = [s, oldS - q * s]
  }
  return ((oldS % m) + m) % m
}

/** (x * y) mod m without losing precision past 2^53. */
function mulMod(x: number, y: number, m: number): number {
  if (x * y < Number.MAX_SAFE_INTEGER) return (x * y) % m
  return Number((BigInt(x) * BigInt(y)) % BigInt(m))
}
