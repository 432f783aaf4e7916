import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GridRow, ImportRecord } from '../../src/shared/contract'
import { markRepeats } from '../../src/main/csv/import/analyze'
import { SeenKeys } from '../../src/main/csv/import/seen-store'
import { BATCH_ROWS } from '../../src/main/csv/import/pipeline'
import type { CheckedRow } from '../../src/main/csv/import/validate'
import { insertImportedLeads } from '../../src/main/leads/imported-store'
import { blankLead } from '../../src/main/providers/lead-fields'
import { startTestApp, type TestApp } from '../helpers/app'
import { addConnection, analyze, openBytes, options } from './helpers'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
  await addConnection(app, 'xc', 'express-chat', 'Reekolect bot')
  await addConnection(app, 'cb', 'chatbot-com', 'ChatBot.com')
})
afterAll(() => app.dispose())

function checked(row: number, keys: Partial<CheckedRow['keys']>, errors: CheckedRow['errors'] = []): CheckedRow {
  return { row, values: {}, keys: { remoteId: null, connection: null, email: null, phone: null, ...keys }, errors }
}

describe('repeats within a file (keys kept on disk, not in memory)', () => {
  it('finds a repeat of a row checked batches before, in the order of the keys, and records no key of a repeat', async () => {
    const seen = await SeenKeys.open()
    try {
      const repeats: [number, number][] = []
      const keysOf = (row: CheckedRow): (string | null)[] => [row.keys.remoteId, row.keys.email, row.keys.phone]
      const onRepeat = (row: CheckedRow, encoded: number): void => void repeats.push([row.row, encoded])
      // Keys that are not plain words: quotes, a NUL, a line break, non-Latin letters.
      const odd = 'a"b\u0000c\nд'
      await markRepeats(
        [checked(2, { remoteId: odd, email: 'a@x.io' }), checked(3, { email: 'b@x.io', phone: '4477' })],
        seen,
        keysOf,
        onRepeat
      )
      await markRepeats(
        [
          checked(10, { email: 'b@x.io', phone: '999' }), // repeats row 3 by e-mail; its phone is not kept
          checked(11, { phone: '999' }), // so this one is new
          checked(12, { remoteId: odd, phone: '4477' }), // platform id first: row 2
          checked(13, { phone: '4477' }, [{ column: 1, message: 'bad' }]), // has errors: not compared
          checked(14, { email: 'A@x.io' }), // keys are compared as given (the reader lower-cases e-mails)
          checked(15, { phone: '999' }) // repeats row 11, in the same batch
        ],
        seen,
        keysOf,
        onRepeat
      )
      expect(repeats).toEqual([
        [10, 3 * 4 + 1],
        [12, 2 * 4 + 0],
        [15, 11 * 4 + 2]
      ])
    } finally {
      await seen.close()
    }
  })

  it('reports a repeat however far from the row it repeats, a platform id only within its connection', async () => {
    const lines = ['Connection ID,Platform ID,Name,Email,Phone']
    const rows = BATCH_ROWS * 2 + 500
    for (let i = 0; i < rows; i++)
      lines.push(`xc,p-${i},Lead ${i},lead${i}@example.com,+1 415 555 ${String(i).padStart(4, '0')}`)
    lines.push('xc,p-other,Late,LEAD3@example.com,') // row 3's e-mail, two batches later
    lines.push(`xc,p-${BATCH_ROWS + 7},Late 2,late2@example.com,`) // a platform id of the second batch
    lines.push('cb,p-5,Elsewhere,elsewhere@example.com,') // the same platform id at another connection
    lines.push('xc,p-new,Late 3,late3@example.com,+1 415 555 0009') // row 11's phone
    const preview = await openBytes(app, lines.join('\n'))
    const summary = await analyze(app, preview, options('xc', { mode: 'create' }))
    expect(summary.counts).toMatchObject({ rows: rows + 4, create: rows + 1, duplicatesInFile: 3, errors: 3 })
    const page = await app.call<{ rows: GridRow[] }>('imports.rows', {
      sessionId: preview.sessionId,
      onlyProblems: true,
      offset: 0,
      limit: 10
    })
    expect(page.rows.map((r) => [r.row, r.errors.map((e) => e.message)])).toEqual([
      [rows + 2, ['repeats row 5 (same e-mail)']],
      [rows + 3, [`repeats row ${(BATCH_ROWS + 9).toLocaleString('en')} (same platform id)`]],
      [rows + 5, ['repeats row 11 (same phone)']]
    ])
    const record = await app.call<ImportRecord>('imports.commit', { sessionId: preview.sessionId })
    expect(record.counts.create).toBe(rows + 1)
  })
})

describe('new leads written from one JSON parameter per batch', () => {
  it('stores each value as binding it would, in the order given, with the search index and counts kept', async () => {
    const texts = [
      'Zoë "Q" O\'Neil, Jr.',
      'line\nbreak\ttab',
      '😀 emoji',
      '0123',
      'half \ud800 surrogate',
      '\\ud800 not one'
    ]
    const at = '2026-01-01T00:00:00.000Z'
    const leads = texts.map((text, i) => ({
      ...blankLead(`json-${i}`, 'lead', {}),
      name: text,
      email: `json${i}@example.com`,
      city: i === 0 ? null : text,
      websiteVisits: i,
      tags: [text],
      createdAt: at,
      updatedAt: at
    }))
    const counted = async (): Promise<number> =>
      (await app.db.get<{ n: number }>("SELECT coalesce(sum(n), 0) AS n FROM lead_counts WHERE connection_id = 'xc'"))!
        .n
    const countBefore = await counted()
    const written = await app.db.write((tx) => insertImportedLeads(tx, 99, 'xc', leads, at))
    expect(written).toBe(texts.length)
    const stored = await app.db.all<{ remote_id: string; name: string; city: string | null; website_visits: number }>(
      "SELECT remote_id, name, city, website_visits, tags_json, import_id, import_state FROM leads WHERE remote_id LIKE 'json-%' ORDER BY id"
    )
    const expected = texts.map((text) => text.replace('\ud800', '\ufffd'))
    expect(stored).toEqual(
      expected.map((text, i) => ({
        remote_id: `json-${i}`,
        name: text,
        city: i === 0 ? null : text,
        website_visits: i,
        // JSON text of its own (written by JSON.stringify): kept as the driver would bind it.
        tags_json: JSON.stringify([texts[i]]),
        import_id: 99,
        import_state: 'local'
      }))
    )
    // The leads' triggers ran for each row: the search index finds one by a word of its name, the counts include them.
    const found = await app.db.all<{ rowid: number }>("SELECT rowid FROM leads_fts WHERE leads_fts MATCH 'neil'")
    const ids = await app.db.all<{ id: number }>("SELECT id FROM leads WHERE remote_id = 'json-0'")
    expect(found.map((r) => r.rowid)).toEqual(ids.map((r) => r.id))
    expect((await counted()) - countBefore).toBe(texts.length)
  })
})
