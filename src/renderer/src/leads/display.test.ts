import { describe, expect, it } from 'vitest'
import { displayName, highlightParts, tableDate } from './display'

const base = {
  name: null,
  email: null,
  phone: null,
  phonePrefix: null,
  lastMessageText: null,
  remoteId: 'r-1',
  kind: 'lead' as const
}

describe('displayName', () => {
  it('never shows a bare "No name": name, else email, phone, the start of the last message, the id', () => {
    expect(displayName({ ...base, name: ' Ana ' })).toEqual({ text: 'Ana', from: 'name' })
    expect(displayName({ ...base, name: ' ', email: 'a@x.org' })).toEqual({ text: 'a@x.org', from: 'email' })
    expect(displayName({ ...base, phone: '555', phonePrefix: '+44' })).toEqual({ text: '+44 555', from: 'phone' })
    expect(displayName({ ...base, lastMessageText: `Hello   there ${'x'.repeat(80)}` }).text).toMatch(
      /^“Hello there x+…”$/
    )
    expect(displayName({ ...base, kind: 'chat' })).toEqual({ text: 'Chat r-1', from: 'id' })
  })
})

describe('tableDate', () => {
  const now = Date.parse('2026-03-10T12:00:00.000Z')
  it('says how long ago within a week, and the date beyond', () => {
    expect(tableDate('2026-03-10T11:59:50.000Z', now)).toBe('just now')
    expect(tableDate('2026-03-10T09:00:00.000Z', now)).toBe('3 hours ago')
    expect(tableDate('2026-03-08T12:00:00.000Z', now)).toBe('2 days ago')
    expect(tableDate('2026-03-01T12:00:00.000Z', now)).toMatch(/^\d{1,2} Mar 2026$|^Mar \d{1,2}, 2026$/)
    expect(tableDate('2024-07-04T12:00:00.000Z', now)).toMatch(/2024/)
    expect(tableDate('2027-01-01T00:00:00.000Z', now)).toMatch(/2027|2026/)
    expect(tableDate(null, now)).toBe('')
  })
})

describe('highlightParts', () => {
  it('marks words that start with a search word, any case, as text parts', () => {
    expect(highlightParts('Ana Anders, banana', ['an'])).toEqual([
      { text: 'An', match: true },
      { text: 'a ', match: false },
      { text: 'An', match: true },
      { text: 'ders, banana', match: false }
    ])
    expect(highlightParts('<b>x</b>', ['b'])).toEqual([
      { text: '<', match: false },
      { text: 'b', match: true },
      { text: '>x</', match: false },
      { text: 'b', match: true },
      { text: '>', match: false }
    ])
    // Search words are text, not patterns.
    expect(highlightParts('a .*b', ['.*'])).toEqual([
      { text: 'a ', match: false },
      { text: '.*', match: true },
      { text: 'b', match: false }
    ])
  })
})
