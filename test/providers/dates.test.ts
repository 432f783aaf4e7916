import { describe, expect, it } from 'vitest'
import { toIsoUtc, utcDay } from '../../src/main/providers/dates'

describe('toIsoUtc', () => {
  it.each([
    ['ISO with T, millis and Z (express-chat)', '2023-02-01T05:59:03.533Z', '2023-02-01T05:59:03.533Z'],
    ['space instead of T (ChatBot.com)', '2019-01-23 13:32:30.163Z', '2019-01-23T13:32:30.163Z'],
    ['without millis', '2019-01-23T13:32:30Z', '2019-01-23T13:32:30.000Z'],
    ['without Z: UTC', '2019-01-23T13:32:30.163', '2019-01-23T13:32:30.163Z'],
    ['space, no millis, no Z', '2019-01-23 13:32:30', '2019-01-23T13:32:30.000Z'],
    ['date only', '2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['minutes only', '2024-02-29T10:05', '2024-02-29T10:05:00.000Z'],
    ['microseconds are cut to millis', '2023-08-14T15:41:42.191034+00:00', '2023-08-14T15:41:42.191Z'],
    ['one fraction digit', '2023-08-14T15:41:42.5Z', '2023-08-14T15:41:42.500Z'],
    ['offset converts to UTC', '2023-08-14T05:30:00.000+05:30', '2023-08-14T00:00:00.000Z'],
    ['negative hour-only offset', '2023-08-14T22:00:00-02', '2023-08-15T00:00:00.000Z'],
    ['surrounding blanks', '  2023-02-01T05:59:03.533Z ', '2023-02-01T05:59:03.533Z']
  ])('%s', (_, input, expected) => {
    expect(toIsoUtc(input)).toBe(expected)
  })

  it.each([
    ['epoch milliseconds', 1675231143533],
    ['epoch as text', '1675231143533'],
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['words', 'yesterday'],
    ['month 13', '2023-13-01'],
    ['February 30', '2023-02-30'],
    ['February 29 of a common year', '2023-02-29'],
    ['hour 24', '2023-02-01T24:00:00Z'],
    ['year zero placeholder', '0000-00-00 00:00:00'],
    ['US order', '02/01/2023'],
    ['trailing garbage', '2023-02-01T05:59:03.533Zjunk'],
    ['an object', { at: '2023-02-01' }]
  ])('%s → null', (_, input) => {
    expect(toIsoUtc(input)).toBeNull()
  })
})

describe('utcDay', () => {
  it('takes the UTC day of a normalized date', () => {
    expect(utcDay(toIsoUtc('2024-02-29T23:59:59.999-05:00') ?? '')).toBe('2024-03-01')
  })
})
