import { describe, expect, it } from 'vitest'
import { groupDigits, relativeTime, shortDate, type RelativeUnit } from '../../src/shared/english'

// The renderer writes these formats out to keep Intl off its first paint: they must read exactly
// as Intl's do for the same options.
describe('English formats written out', () => {
  it('groups digits as Intl.NumberFormat("en") does', () => {
    const intl = new Intl.NumberFormat('en')
    const values = [0, 7, -7, 999, 1000, -1000, 12_345, 999_999, 1_000_000, 1_204_000, -98_765_432, 2 ** 53 - 1]
    for (let n = 1; n < 1e15; n = n * 7 + 3) values.push(n, -n)
    for (const value of values) expect(groupDigits(value)).toBe(intl.format(value))
  })

  it('leaves what is not a safe integer to Intl', () => {
    expect(groupDigits(1.5)).toBeNull()
    expect(groupDigits(Number.NaN)).toBeNull()
    expect(groupDigits(2 ** 53)).toBeNull()
  })

  it('words relative times as Intl.RelativeTimeFormat("en", { numeric: "auto" }) does', () => {
    const intl = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })
    const units: RelativeUnit[] = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second']
    const values = [-1234, -100, -45, -12, -2, -1, 0, 1, 2, 3, 59, 1000, 5678]
    for (const unit of units) {
      for (const value of values) expect(relativeTime(value, unit)).toBe(intl.format(value, unit))
    }
  })

  it('writes short dates as Intl.DateTimeFormat("en", day, short month, year) does, in local time', () => {
    const intl = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric' })
    // Every month, around midnight and noon, across years; local time, as both use.
    for (let time = Date.UTC(1999, 0, 1); time < Date.UTC(2031, 0, 1); time += 9.5 * 24 * 3600 * 1000 + 3_600_000) {
      expect(shortDate(time)).toBe(intl.format(time))
    }
  })
})
