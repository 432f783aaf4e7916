import { describe, expect, it } from 'vitest'
import { formatDateTime } from './format'

describe('formatDateTime', () => {
  it("shows what Date's toLocaleString() shows, in this locale and time zone", () => {
    for (const iso of ['2026-01-31T23:59:59.000Z', '2025-07-04T08:05:03Z', '1999-12-31T00:00:00+05:30']) {
      expect(formatDateTime(iso)).toBe(new Date(iso).toLocaleString())
    }
  })
  it('leaves what is not a date as it is, and nothing as nothing', () => {
    expect(formatDateTime('not a date')).toBe('not a date')
    expect(formatDateTime(null)).toBe('')
  })
})
