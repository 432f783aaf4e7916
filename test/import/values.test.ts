import { describe, expect, it } from 'vitest'
import { guessTarget, recognizeSource, suggestMapping } from '../../src/main/csv/import/headers'
import { parseDate } from '../../src/main/csv/import/values/dates'
import { emailProblem } from '../../src/main/csv/import/values/email'
import { parseAttributes, parseNotes, parseTags } from '../../src/main/csv/import/values/lists'
import { countryCode, normalizePhone } from '../../src/main/csv/import/values/phone'
import { toStatus } from '../../src/main/csv/import/values/status'
import { unguardCell } from '../../src/shared/csv/cells'

describe('statuses', () => {
  it.each([
    ['new', 'OPEN'],
    ['Open - Not Contacted', 'OPEN'],
    ['NEW', 'OPEN'],
    ['in progress', 'INPROGRESS'],
    ['IN_PROGRESS', 'INPROGRESS'],
    ['Working - Contacted', 'INPROGRESS'],
    ['Attempted to contact', 'INPROGRESS'],
    ['on hold', 'ONHOLD'],
    ['Bad timing', 'ONHOLD'],
    ['dependency', 'DEPENDANCY'],
    ['won', 'CLOSED'],
    ['lost', 'CLOSED'],
    ['Closed - Converted', 'CLOSED'],
    ['closed_won', 'CLOSED'],
    ['Unqualified', 'CLOSED'],
    ['REVIEW', 'REVIEW'],
    ['maybe', null],
    ['', null]
  ])('%j → %s', (text, status) => expect(toStatus(text)).toBe(status))
})

describe('e-mail syntax', () => {
  it.each(['ana@example.com', 'ANA.LIMA+fair@Example.CO.UK', 'zoë@exämple.de', "o'brien@example.ie", 'a@b-c.io'])(
    'accepts %s',
    (email) => expect(emailProblem(email)).toBeNull()
  )
  it.each([
    ['ana.example.com', /no @/],
    ['ana@', /after @/],
    ['@example.com', /before @/],
    ['ana@@example.com', /before @/],
    ['ana lima@example.com', /before @/],
    ['ana@example', /after @/],
    ['ana..lima@example.com', /dot out of place/],
    ['ana@example.com; bo@example.com', /more than one/],
    ['ana@exa_mple.com', /after @/]
  ])('refuses %s', (email, why) => expect(emailProblem(email)).toMatch(why))
})

describe('phone numbers: parsed by libphonenumber-js, stored as dial code + national number', () => {
  it.each([
    ['+44 7400 123456', null, null, { prefix: '44', phone: '7400123456' }],
    ['07400 123456', null, 'GB', { prefix: '44', phone: '7400123456' }],
    ['+44 (0)7400-123456', null, null, { prefix: '44', phone: '7400123456' }],
    ['(415) 555-2671', null, 'US', { prefix: '1', phone: '4155552671' }],
    ['9876543210', '91', null, { prefix: '91', phone: '9876543210' }],
    ['98765 43210', '+91', 'US', { prefix: '91', phone: '9876543210' }],
    ['+39 06 1234 5678', null, null, { prefix: '39', phone: '0612345678' }],
    ['+1 415 555 2671 ext. 12', null, null, { prefix: '1', phone: '4155552671' }]
  ] as const)('%s (dial code %s, country %s)', (text, prefix, country, expected) =>
    expect(normalizePhone(text, prefix, country)).toEqual(expected)
  )
  it.each([
    ['+1 555', null, null, /not a valid phone number/],
    ['12345', null, null, /no country code/],
    ['call me', null, 'GB', /not a phone number/],
    ['+44 7400 123456 / +44 7400 654321', null, null, /more than one phone number/]
  ] as const)('refuses %s', (text, prefix, country, why) => {
    const result = normalizePhone(text, prefix, country)
    expect('error' in result && result.error).toMatch(why)
  })
  it('reads countries as spreadsheets write them', () => {
    expect(
      ['DE', 'Germany', 'germany', 'Deutschland', 'USA', 'United States', 'UK', 'Atlantis'].map(countryCode)
    ).toEqual(['DE', 'DE', 'DE', 'DE', 'US', 'US', 'GB', null])
  })
})

describe('dates', () => {
  it.each([
    ['2025-03-31', '2025-03-31T00:00:00.000Z'],
    ['2025-03-31T14:05:06.789Z', '2025-03-31T14:05:06.789Z'],
    ['2025-03-31T14:05:06+02:00', '2025-03-31T12:05:06.000Z'],
    ['2025-03-31 14:05', '2025-03-31T14:05:00.000Z'],
    ['2025/03/31 2:05 PM', '2025-03-31T14:05:00.000Z'],
    ['31/03/2025', '2025-03-31T00:00:00.000Z'], // day > 12 settles the order
    ['03/31/2025 12:00 AM', '2025-03-31T00:00:00.000Z'],
    ['31.03.2025 14:05', '2025-03-31T14:05:00.000Z'],
    ['31-03-25', '2025-03-31T00:00:00.000Z'],
    ['31 Mar 2025', '2025-03-31T00:00:00.000Z'],
    ['March 31, 2025 9:30 am', '2025-03-31T09:30:00.000Z'],
    ['Mon, March 31 2025', '2025-03-31T00:00:00.000Z'],
    ['1743379200', '2025-03-31T00:00:00.000Z'],
    ['1743379200000', '2025-03-31T00:00:00.000Z'],
    ['45747', '2025-03-31T00:00:00.000Z']
  ])('%s', (text, iso) => expect(parseDate(text, 'month-first')).toBe(iso))

  it('reads 03/04/2025 in the order asked for', () => {
    expect(parseDate('03/04/2025', 'month-first')).toBe('2025-03-04T00:00:00.000Z')
    expect(parseDate('03/04/2025', 'day-first')).toBe('2025-04-03T00:00:00.000Z')
  })

  it.each(['2025-02-30', '31/31/2025', 'yesterday', '2025-13-01', '25:00 2025-01-01', '12345'])('refuses %s', (text) =>
    expect(parseDate(text, 'month-first')).toBeNull()
  )

  it('reads a time without a zone as local time when asked (our export in Excel format)', () => {
    const local = parseDate('2025-03-31 14:05:00', 'month-first', 'local')
    expect(local).toBe(new Date(2025, 2, 31, 14, 5, 0).toISOString())
  })
})

describe('multi-valued cells', () => {
  it('tags: our JSON list, or a delimited list', () => {
    expect(parseTags('["a, b","c;d"]')).toEqual({ value: ['a, b', 'c;d'] })
    expect(parseTags('vip, hot ,vip')).toEqual({ value: ['vip', 'hot'] })
    expect(parseTags('vip; hot, warm')).toEqual({ value: ['vip', 'hot, warm'] })
    expect(parseTags('[broken')).toMatchObject({ error: expect.stringMatching(/not one/) })
  })
  it('notes and attributes: our JSON, with the contract limits', () => {
    expect(parseNotes('[{"title":"t","description":"d","_id":"x"}]')).toEqual({
      value: [{ title: 't', description: 'd' }]
    })
    expect(parseNotes('just text')).toMatchObject({ error: expect.stringMatching(/map it to "Note"/) })
    expect(parseNotes(JSON.stringify([{ title: 't', description: 'x'.repeat(10_001) }]))).toMatchObject({
      error: expect.stringMatching(/10,001 characters/)
    })
    expect(parseAttributes('[{"key":"plan","value":"pro"}]')).toEqual({ value: [{ key: 'plan', value: 'pro' }] })
    expect(parseAttributes('{"plan":"pro"}')).toEqual({ value: [{ key: 'plan', value: 'pro' }] })
    expect(parseAttributes('{"plan":3}')).toMatchObject({ error: expect.any(String) })
  })
  it("undoes exactly our export's formula guard", () => {
    expect(unguardCell("'=SUM(A1)")).toBe('=SUM(A1)')
    expect(unguardCell("''=SUM(A1)")).toBe("'=SUM(A1)")
    expect(unguardCell("' +1 555")).toBe(' +1 555')
    expect(unguardCell("'tis")).toBe("'tis")
    expect(unguardCell('=SUM(A1)')).toBe('=SUM(A1)')
  })
})

describe('headers', () => {
  it.each([
    ['E-mail address', 'email'],
    ['Emial', 'email'],
    ['Mobile', 'phone'],
    ['Telephone number', 'phone'],
    ['Given name', 'firstName'],
    ['Surname', 'lastName'],
    ['Full name', 'name'],
    ['Lead Owner', 'agent'],
    ['Country/Region', 'country'],
    ['Comments', 'note'],
    ['Date added', 'createdAt'],
    ['Labels', 'tags'],
    ['Person - Email', 'email'],
    ['Attribute: plan', 'attribute'],
    ['Favourite colour', null]
  ])('%j → %s', (header, target) => expect(guessTarget(header)).toBe(target))

  it('recognises a source only by a header no other source writes', () => {
    expect(recognizeSource(['Name', 'Email', 'Notes', 'City'])).toBeNull()
    expect(recognizeSource(['Record ID', 'First Name', 'Last Name', 'Email'])).toBe('HubSpot')
    expect(recognizeSource(['Lead ID', 'First Name', 'Last Name', 'Email', 'Lead Owner'])).toBe('Salesforce')
    expect(recognizeSource(['Name', 'Email', 'Dial code', 'Phone', 'Platform ID', 'Attribute: plan'])).toBe(
      'Lead Manager export'
    )
  })

  it('maps each field once: a second e-mail column is kept as an attribute', () => {
    expect(suggestMapping(['Email', 'Work email', 'Name', 'Shoe size'], null).map((m) => m.target)).toEqual([
      'email',
      'attribute',
      'name',
      'ignore'
    ])
  })
})
