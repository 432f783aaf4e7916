import { describe, expect, it } from 'vitest'
import { uuidV7 } from '../../src/main/csv/import/uuid'

describe('uuidV7', () => {
  it('is an RFC 9562 version-7 UUID whose first 48 bits are the time in milliseconds', () => {
    const at = Date.UTC(2026, 10, 27, 12, 0, 0, 123)
    const id = uuidV7(at)
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at)
  })

  it('never repeats, across refills of its pool of random bytes, and sorts by time as text', () => {
    const ids: string[] = []
    for (let i = 0; i < 10_000; i++) ids.push(uuidV7(1_700_000_000_000 + Math.floor(i / 100)))
    expect(new Set(ids).size).toBe(ids.length)
    // Within a millisecond the order is random; across milliseconds it is the time's.
    const firsts = ids.filter((_, i) => i % 100 === 0)
    expect([...firsts].sort()).toEqual(firsts)
    expect(ids.every((id) => id.length === 36)).toBe(true)
  })
})
