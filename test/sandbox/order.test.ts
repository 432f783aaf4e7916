import { describe, expect, it } from 'vitest'
import { LayeredOrder, affineOrder, identityOrder, reversedOrder, type OrderEntry } from '../../src/main/sandbox/order'
import {
  Rng,
  indexedObjectId,
  indexedUuid,
  objectIdIndex,
  permute32,
  unpermute32,
  uuidIndex
} from '../../src/main/sandbox/random'

const key = (entry: OrderEntry | undefined): string =>
  entry === undefined ? 'none' : 'base' in entry ? `b${entry.base}` : entry.extra

describe('LayeredOrder', () => {
  it('matches a plain array model under random moves and inserts', () => {
    for (const base of [identityOrder(50), reversedOrder(50), affineOrder(50, 7)]) {
      const order = new LayeredOrder(base)
      // The model: generated entries in base position order, then extras.
      let model = Array.from({ length: 50 }, (_, position) => `b${base.indexAt(position)}`)
      const rng = new Rng(42)
      for (let step = 0; step < 300; step++) {
        const roll = rng.int(3)
        if (roll === 0) {
          const rank = rng.int(order.length)
          const entry = order.at(rank)
          const moved = entry && 'base' in entry ? `x${entry.base}` : key(entry)
          if (entry && 'base' in entry) expect(order.removeBase(entry.base)).toBe(true)
          order.pushExtra(moved)
          model = model.filter((k) => k !== key(entry)).concat(moved)
        } else if (roll === 1) {
          order.pushExtra(`new${step}`)
          model.push(`new${step}`)
        } else if (order.extraCount > 0) {
          // Re-touching an extra moves it to the end.
          const rank = order.length - 1 - rng.int(order.extraCount)
          const entry = order.at(rank)
          order.pushExtra(key(entry))
          model = model.filter((k) => k !== key(entry)).concat(key(entry))
        }
        expect(order.length).toBe(model.length)
      }
      expect(Array.from({ length: order.length }, (_, rank) => key(order.at(rank)))).toEqual(model)
      expect(Array.from({ length: order.length }, (_, rank) => key(order.atDescending(rank)))).toEqual(
        [...model].reverse()
      )
      model.forEach((k, rank) => {
        if (k.startsWith('b')) expect(order.rankOfBase(Number(k.slice(1)))).toBe(rank)
        else expect(order.rankOfExtra(k)).toBe(rank)
      })
      expect(order.at(order.length)).toBeUndefined()
      expect(order.at(-1)).toBeUndefined()
    }
  })

  it('does not list a removed base record, nor remove it twice', () => {
    const order = new LayeredOrder(identityOrder(5))
    expect(order.removeBase(2)).toBe(true)
    expect(order.removeBase(2)).toBe(false)
    expect(order.rankOfBase(2)).toBeUndefined()
    expect(Array.from({ length: order.length }, (_, rank) => key(order.at(rank)))).toEqual(['b0', 'b1', 'b3', 'b4'])
  })
})

describe('affineOrder', () => {
  it('is a bijection whose inverse is exact, for awkward sizes too', () => {
    for (const size of [1, 2, 10, 97, 1000, 1024]) {
      const order = affineOrder(size, 12345)
      const seen = new Set<number>()
      for (let index = 0; index < size; index++) {
        const position = order.positionOf(index)
        expect(order.indexAt(position)).toBe(index)
        seen.add(position)
      }
      expect(seen.size).toBe(size)
    }
  })

  it('differs from the identity, so the second sort key has its own order', () => {
    const order = affineOrder(1000, 99)
    const moved = Array.from({ length: 1000 }, (_, i) => order.positionOf(i)).filter((p, i) => p !== i)
    expect(moved.length).toBeGreaterThan(900)
  })
})

describe('ids that decode to their index', () => {
  it('permute32 round-trips', () => {
    const rng = new Rng(1)
    for (let i = 0; i < 1000; i++) {
      const value = Math.floor(rng.next() * 2 ** 32)
      expect(unpermute32(77, permute32(77, value))).toBe(value)
    }
  })

  it('uuids and object ids decode, and reject other keys and tampering', () => {
    for (const index of [0, 1, 999_999, 123_456_789]) {
      const uuid = indexedUuid(5, index)
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(uuidIndex(5, uuid)).toBe(index)
      expect(uuidIndex(6, uuid)).toBeUndefined()
      const id = indexedObjectId(5, index, Date.UTC(2024, 0, 1))
      expect(id).toMatch(/^[0-9a-f]{24}$/)
      expect(objectIdIndex(5, id)).toBe(index)
      expect(objectIdIndex(5, id.slice(0, 23) + (id.endsWith('0') ? '1' : '0'))).toBeUndefined()
    }
    expect(uuidIndex(5, 'not-a-uuid')).toBeUndefined()
  })
})
