import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { GridRow, ImportPreview, ImportRecord } from '../../src/shared/contract'
import { startTestApp, type TestApp } from '../helpers/app'
import { addConnection, analyze, openBytes, options, targets } from './helpers'

/*
 * Hostile and odd files, each with what must come of it. Files are built here byte by byte, so
 * each case says exactly what is in it.
 */

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
  await addConnection(app)
})
afterAll(() => app.dispose())
// Each file starts from an empty cache, so its rows are new leads (the same e-mails recur).
beforeEach(() => app.db.write((tx) => tx.exec('DELETE FROM leads; DELETE FROM import_changes; DELETE FROM imports;')))

interface Lead {
  name: string | null
  email: string | null
  phone: string | null
  phone_prefix: string | null
  status: string | null
  agent: string | null
  city: string | null
  country: string | null
  tags_json: string
  notes_json: string
  attributes_json: string
  remote_created_at: string | null
}

async function leadsOf(record: ImportRecord): Promise<Lead[]> {
  return app.db.all<Lead>('SELECT * FROM leads WHERE import_id = ? ORDER BY id', [record.id])
}

async function problems(preview: ImportPreview): Promise<GridRow[]> {
  return (
    await app.call<{ rows: GridRow[] }>('imports.rows', {
      sessionId: preview.sessionId,
      onlyProblems: true,
      offset: 0,
      limit: 100
    })
  ).rows
}

/** Opens, checks and commits a file with the suggested mapping; returns the pieces. */
async function run(bytes: Buffer | string, extra = {}) {
  const preview = await openBytes(app, bytes)
  const summary = await analyze(app, preview, options('dest', extra))
  const bad = await problems(preview)
  if (process.env.DEBUG_IMPORT)
    console.error('DBG', JSON.stringify(preview.mapping), JSON.stringify(summary.counts), JSON.stringify(bad))
  const record = await app.call<ImportRecord>('imports.commit', { sessionId: preview.sessionId })
  return { preview, summary, bad, record, leads: await leadsOf(record) }
}

async function state(): Promise<{ leads: number; imports: number; uploads: number }> {
  const leads = (await app.db.get<{ n: number }>('SELECT count(*) AS n FROM leads'))!.n
  const imports = (await app.db.get<{ n: number }>('SELECT count(*) AS n FROM imports'))!.n
  const uploads = (await readdir(join(app.dataDir, 'imports', 'uploads'))).length
  return { leads, imports, uploads }
}

describe('odd but good files', () => {
  it('quotes: doubled quotes, a quoted delimiter, a quoted empty cell', async () => {
    const { leads, summary } = await run(
      'Name,Email,Notes,City\r\n"O""Brien, Pat",pat@example.com,"He said ""hi""","" \r\nJo,jo@example.com,plain,Oslo\r\n'
    )
    expect(summary.counts).toMatchObject({ rows: 2, create: 2, errors: 0 })
    expect(leads[0]).toMatchObject({ name: 'O"Brien, Pat', city: null })
    expect(JSON.parse(leads[0]!.notes_json)).toEqual([{ title: 'Imported', description: 'He said "hi"' }])
    expect(leads[1]).toMatchObject({ name: 'Jo', city: 'Oslo' })
  })

  it('line breaks inside cells: LF in a CRLF file (as Excel writes), CRLF in an LF file', async () => {
    const excel = await run('Name,Email,Notes\r\nAna,ana@example.com,"line one\nline two"\r\nBo,bo@example.com,x\r\n')
    expect(excel.summary.counts.rows).toBe(2)
    expect(JSON.parse(excel.leads[0]!.notes_json)[0].description).toBe('line one\nline two')
    const unix = await run('Name,Email,Notes\nCy,cy@example.com,"a\r\nb"\nDi,di@example.com,y\n')
    expect(unix.summary.counts.rows).toBe(2)
    expect(JSON.parse(unix.leads[0]!.notes_json)[0].description).toBe('a\r\nb')
  })

  it.each([
    [';', 'Name;Email;City\nAna, Lima;ana@example.com;Paris, France\n'],
    ['\t', 'Name\tEmail\tCity\nAna; Lima\tana@example.com\tParis, France\n'],
    ['|', 'Name|Email|City\nAna, Lima|ana@example.com|Paris; France\n']
  ])('finds the delimiter %j with the others inside cells', async (delimiter, text) => {
    const { preview, leads } = await run(text)
    expect(preview.format.delimiter).toBe(delimiter)
    expect(preview.headers).toEqual(['Name', 'Email', 'City'])
    expect(leads).toHaveLength(1)
    expect(leads[0]!.email).toBe('ana@example.com')
    expect(leads[0]!.city).toContain('France')
  })

  it('a UTF-8 BOM is not part of the first header', async () => {
    const { preview, leads } = await run(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Email,Name\nzoe@example.com,Zoë\n')])
    )
    expect(preview.format).toMatchObject({ encoding: 'utf-8', encodingSource: 'bom' })
    expect(preview.headers[0]).toBe('Email')
    expect(targets(preview).Email).toBe('email')
    expect(leads[0]!.name).toBe('Zoë')
  })

  const unicode = 'Name,Email,City\r\nZoë Ωmega 陈,zoe@example.com,Zürich 🏔\r\n'
  it.each([
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(unicode, 'utf-16le')]), 'bom'],
    ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(unicode, 'utf-16be')]), 'bom'],
    ['utf-16le', iconv.encode(unicode, 'utf-16le'), 'detected'],
    ['utf-16be', iconv.encode(unicode, 'utf-16be'), 'detected']
  ])('reads %s (%s)', async (encoding, bytes, source) => {
    const { preview, leads } = await run(bytes)
    expect(preview.format).toMatchObject({ encoding, encodingSource: source })
    expect(leads[0]).toMatchObject({ name: 'Zoë Ωmega 陈', email: 'zoe@example.com', city: 'Zürich 🏔' })
  })

  it('reads Windows-1252 (Excel on Western Windows): accents, curly quotes, the euro sign', async () => {
    const text =
      'Name;Email;Notes\r\nJosé Müller;jose@example.com;“Budget” 5 000 € – ok\r\nFrançoise Œuvre;f@example.com;naïve\r\n'
    const { preview, leads } = await run(iconv.encode(text, 'windows-1252'))
    expect(preview.format).toMatchObject({ encoding: 'windows-1252', encodingSource: 'detected', delimiter: ';' })
    expect(leads.map((l) => l.name)).toEqual(['José Müller', 'Françoise Œuvre'])
    expect(JSON.parse(leads[0]!.notes_json)[0].description).toBe('“Budget” 5 000 € – ok')
  })

  it('ragged rows: a short row is padded, a row with extra values is refused and reported', async () => {
    const { summary, bad, leads } = await run(
      'Name,Email,City\nAna,ana@example.com\nBo,bo@example.com,Rome,Italy,extra\nCy,cy@example.com,Oslo,\n'
    )
    expect(summary.counts).toMatchObject({ rows: 3, create: 2, errors: 1, raggedRows: 3 })
    expect(bad).toHaveLength(1)
    expect(bad[0]).toMatchObject({ row: 3, action: 'error' })
    expect(bad[0]!.errors[0]!.message).toMatch(/5 cells but the header has 3/)
    expect(leads.map((l) => [l.name, l.city])).toEqual([
      ['Ana', null],
      ['Cy', 'Oslo']
    ])
  })

  it('blank lines, whitespace-only lines and trailing blank lines are skipped and counted', async () => {
    const { summary, leads } = await run('\n\nName,Email\n\nAna,ana@example.com\n   \n,\nBo,bo@example.com\n\n\n')
    // Lines 4, 6, 7, 9 and 10; the two above the header are not rows of the table.
    expect(summary.counts).toMatchObject({ rows: 2, create: 2, blankLines: 5 })
    expect(leads.map((l) => l.name)).toEqual(['Ana', 'Bo'])
    expect(summary.warnings.join(' ')).toMatch(/5 blank line/)
  })

  it('a 1 MB cell: read whole, refused by the notes limit with its size, the other rows imported', async () => {
    const huge = 'x'.repeat(1024 * 1024)
    const { summary, bad, leads, preview } = await run(
      `Name,Email,Notes\nAna,ana@example.com,"${huge}"\nBo,bo@example.com,short\n`
    )
    expect(summary.counts).toMatchObject({ rows: 2, create: 1, errors: 1 })
    expect(bad[0]!.errors[0]).toMatchObject({ column: 2 })
    expect(bad[0]!.errors[0]!.message).toMatch(/1,048,576 characters; at most 10,000/)
    // The grid gets the start of the cell and its length, not the megabyte.
    expect(bad[0]!.cells[2]!.length).toBeLessThan(2100)
    expect(bad[0]!.cells[2]).toMatch(/\(1,048,576 characters\)$/)
    expect(leads.map((l) => l.name)).toEqual(['Bo'])
    expect(preview.sample[0]!.cells[2]!.length).toBeLessThanOrEqual(200)
  })

  it('a 1 MB cell in a column left out is no problem', async () => {
    const huge = 'y'.repeat(1024 * 1024)
    const preview = await openBytes(app, `Name,Email,Blob\nAna,ana@example.com,${huge}\n`)
    const mapping = preview.mapping.map((m) => (m.column === 2 ? { ...m, target: 'ignore' as const } : m))
    const summary = await analyze(app, preview, options('dest'), mapping)
    expect(summary.counts).toMatchObject({ rows: 1, create: 1, errors: 0 })
    await app.call('imports.close', { sessionId: preview.sessionId })
  })

  it('duplicate headers: numbered, the repeat unmapped (kept as an attribute), and said so', async () => {
    const { preview, leads } = await run('Email,Name,Email\nana@example.com,Ana,ana.work@example.com\n')
    expect(preview.headers).toEqual(['Email', 'Name', 'Email (2)'])
    expect(preview.warnings.join(' ')).toMatch(/repeats "email"/i)
    expect(targets(preview)).toMatchObject({ Email: 'email', 'Email (2)': 'attribute' })
    expect(leads[0]!.email).toBe('ana@example.com')
    expect(JSON.parse(leads[0]!.attributes_json)).toEqual([{ key: 'Email (2)', value: 'ana.work@example.com' }])
  })

  it('formula cells are data: stored as the text they are, never evaluated or altered', async () => {
    const { leads, bad } = await run(
      'Name,Email,City,Notes\r\n"=HYPERLINK(""http://evil.example"",""click"")",a@example.com,@SUM(A1:A9),-2+3\r\n+cmd|\' /C calc\'!A0,b@example.com,=1+1,"=IMPORTXML(""x"")"\r\n'
    )
    expect(bad).toEqual([])
    expect(leads.map((l) => [l.name, l.city])).toEqual([
      ['=HYPERLINK("http://evil.example","click")', '@SUM(A1:A9)'],
      ["+cmd|' /C calc'!A0", '=1+1']
    ])
    expect(JSON.parse(leads[1]!.notes_json)[0].description).toBe('=IMPORTXML("x")')
  })

  it('a HubSpot contacts export: recognised, mapped, names joined, statuses and dates read', async () => {
    const csv = [
      '"Record ID","First Name","Last Name","Email","Phone Number","Lead Status","Contact owner","City","Country/Region","Create Date","Company Name","Lifecycle Stage"',
      '"101","Ana","Lima","ana@example.com","+44 7911 123456","NEW","Sam Carter","London","United Kingdom","2024-01-31 14:22","Acme, Inc.","lead"',
      '"102","Bo","","BO@Example.COM","(415) 555-2671","IN_PROGRESS","","San Francisco","United States","2024-02-01 09:05","",""',
      '"103","Cy","Ng","cy@example.com","07400 654321","UNQUALIFIED","","Leeds","United Kingdom","2024-02-02 10:00","Globex","customer"'
    ].join('\r\n')
    const { preview, leads, summary } = await run(csv)
    expect(preview.recognized).toBe('HubSpot')
    expect(targets(preview)).toMatchObject({
      'Record ID': 'remoteId',
      'First Name': 'firstName',
      'Last Name': 'lastName',
      'Phone Number': 'phone',
      'Lead Status': 'status',
      'Contact owner': 'agent',
      'Country/Region': 'country',
      'Create Date': 'createdAt',
      'Company Name': 'attribute'
    })
    expect(summary.counts).toMatchObject({ rows: 3, create: 3, errors: 0 })
    expect(leads.map((l) => [l.name, l.status, l.phone_prefix, l.phone, l.remote_created_at])).toEqual([
      ['Ana Lima', 'OPEN', '44', '7911123456', '2024-01-31T14:22:00.000Z'],
      ['Bo', 'INPROGRESS', '1', '4155552671', '2024-02-01T09:05:00.000Z'],
      ['Cy Ng', 'CLOSED', '44', '7400654321', '2024-02-02T10:00:00.000Z']
    ])
    expect(leads[1]!.email).toBe('BO@Example.COM')
    expect(JSON.parse(leads[0]!.attributes_json)).toEqual([
      { key: 'Company Name', value: 'Acme, Inc.' },
      { key: 'Lifecycle Stage', value: 'lead' }
    ])
  })

  it('a Salesforce leads report: recognised, US dates with AM/PM, Salesforce statuses', async () => {
    const csv = [
      'Lead ID,First Name,Last Name,Title,Company,Email,Phone,Lead Status,Lead Owner,City,Country,Created Date,Description',
      '00Q5e00001AbCdE,Dana,Kruger,CTO,Initech,dana@example.com,+49 30 1234567,Open - Not Contacted,Tom Weber,Berlin,Germany,1/31/2024 2:22 PM,"Met at CeBIT, wants a demo"',
      '00Q5e00001AbCdF,Eli,Stone,,Hooli,eli@example.com,+1 415 555 0134,Closed - Converted,Tom Weber,Palo Alto,USA,12/5/2023 9:00 AM,',
      '00Q5e00001AbCdG,Fay,Lund,,,fay@example.com,,Working - Contacted,,,,2/29/2024 11:59 PM,'
    ].join('\n')
    const { preview, leads, summary, bad } = await run(csv)
    expect(preview.recognized).toBe('Salesforce')
    expect(bad).toEqual([])
    expect(summary.counts).toMatchObject({ rows: 3, create: 3 })
    expect(leads.map((l) => [l.name, l.status, l.agent, l.remote_created_at])).toEqual([
      ['Dana Kruger', 'OPEN', 'Tom Weber', '2024-01-31T14:22:00.000Z'],
      ['Eli Stone', 'CLOSED', 'Tom Weber', '2023-12-05T09:00:00.000Z'],
      ['Fay Lund', 'INPROGRESS', null, '2024-02-29T23:59:00.000Z']
    ])
    expect(JSON.parse(leads[0]!.notes_json)).toEqual([{ title: 'Imported', description: 'Met at CeBIT, wants a demo' }])
    expect(JSON.parse(leads[0]!.attributes_json)).toEqual([
      { key: 'Title', value: 'CTO' },
      { key: 'Company', value: 'Initech' }
    ])
  })

  it('a title line above the header is skipped; the header is found on row 3', async () => {
    const { preview, leads } = await run('Leads exported 2025-03-01\n\nName,Email\nAna,ana@example.com\n')
    expect(preview.format.headerRow).toBe(3)
    expect(preview.warnings.join(' ')).toMatch(/header is on row 3/)
    expect(leads.map((l) => l.email)).toEqual(['ana@example.com'])
  })

  it('a file without a header: numbered columns, mapped by the user', async () => {
    const preview = await openBytes(app, 'ana@example.com,Ana Lima\nbo@example.com,Bo\n')
    expect(preview.format.headerRow).toBeNull()
    expect(preview.headers).toEqual(['Column 1', 'Column 2'])
    const summary = await analyze(app, preview, options('dest'), [
      { column: 0, target: 'email' },
      { column: 1, target: 'name' }
    ])
    expect(summary.counts).toMatchObject({ rows: 2, create: 2 })
    await app.call('imports.close', { sessionId: preview.sessionId })
  })

  it('a stray quote breaks its row only while the file goes on: that row is refused', async () => {
    const { summary, bad } = await run('Name,Email\nAna,ana@example.com\n"Bo"x,bo@example.com\n')
    expect(summary.counts.errors).toBe(1)
    expect(bad[0]!.errors.map((e) => e.message).join(' ')).toMatch(/quoted cell is not closed properly/)
  })
})

describe('bad files get a clear message and change nothing', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52])
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)])
  const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))
  const badUtf8WithBom = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from('Name\nAna '),
    Buffer.from([0xc3, 0x28, 0x81]),
    Buffer.from('\n')
  ])
  const noEncoding = Buffer.concat([
    Buffer.from('Name,Email\nA'),
    Buffer.from([0x81, 0x8d, 0x90, 0x9d, 0x01, 0x02]),
    Buffer.from(',a@example.com\n')
  ])
  const oddUtf16 = Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    iconv.encode('Name\nAna\n', 'utf-16le'),
    Buffer.from([0x41])
  ])

  it.each([
    ['binary (an image)', png, 'INVALID_FILE', /not a CSV file: it is a PNG image/],
    ['binary (an Excel workbook)', zip, 'INVALID_FILE', /ZIP archive.*save it as CSV first/],
    ['binary (noise)', binary, 'INVALID_FILE', /not a text file/],
    ['empty', Buffer.alloc(0), 'INVALID_FILE', /The file is empty/],
    ['only blank lines', '\n\r\n  \n', 'INVALID_FILE', /only blank lines/],
    ['a header only', 'Name,Email,Phone\r\n', 'INVALID_FILE', /header row but no rows of data/],
    ['undecodable: a UTF-8 BOM, then bytes that are not UTF-8', badUtf8WithBom, 'INVALID_FILE', /not valid UTF-8/],
    ['undecodable: neither UTF-8 nor Windows-1252', noEncoding, 'INVALID_FILE', /not UTF-8, UTF-16 or Windows-1252/],
    ['undecodable: UTF-16 cut in the middle of a character', oddUtf16, 'INVALID_FILE', /middle of a UTF-16 character/]
  ])('%s', async (_name, bytes, code, message) => {
    const before = await state()
    const error = await openBytes(app, bytes).then(
      () => null,
      (e: { code: string; message: string }) => e
    )
    expect(error?.code).toBe(code)
    expect(error?.message).toMatch(message)
    expect(await state()).toEqual(before)
  })
})
