import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { GridRow, ImportPreset, ImportPreview, ImportRecord, ImportSummary } from '../../src/shared/contract'
import { REBUILD_MIN_ROWS } from '../../src/main/leads'
import { withLeadIndexesRebuilt } from '../../src/main/leads'
import { upsertLeads } from '../../src/main/leads/upsert'
import { blankLead } from '../../src/main/providers/lead-fields'
import type { NormalizedLead } from '../../src/main/providers/connector'
import { startTestApp, type TestApp } from '../helpers/app'
import { writeLeadCsv } from '../helpers/lead-csv'
import { addConnection, analyze, openBytes, openFile, options } from './helpers'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
  await addConnection(app, 'xc', 'express-chat', 'Reekolect bot')
  await addConnection(app, 'cb', 'chatbot-com', 'ChatBot.com')
  await addConnection(app, 'cz', 'chatzuri', 'Chatzuri')
})
afterAll(() => app.dispose())

function lead(remoteId: string, fields: Partial<NormalizedLead>): NormalizedLead {
  return { ...blankLead(remoteId, 'lead', { id: remoteId }), updatedAt: '2025-01-01T00:00:00.000Z', ...fields }
}

/** The cache as a sync leaves it: five leads, two of them the same person (Ana) at two platforms. */
async function seed(): Promise<void> {
  await app.db.write(async (tx) => {
    await tx.exec('DELETE FROM leads; DELETE FROM outbox; DELETE FROM import_changes; DELETE FROM imports;')
    const now = '2025-01-01T00:00:00.000Z'
    await upsertLeads(
      tx,
      'xc',
      [
        lead('u-1', {
          name: 'Ana',
          email: 'Ana@Example.com',
          phone: '98765 43210',
          phonePrefix: '91',
          status: 'OPEN',
          tags: ['vip']
        }),
        lead('u-4', { name: 'Di', phone: '+44 7400 123456', city: 'York' })
      ],
      now
    )
    await upsertLeads(
      tx,
      'cb',
      [
        lead('cb-2', { name: 'Bo', email: 'bo@example.com' }),
        lead('cb-5', { name: 'Ana L.', email: 'ana@example.com' })
      ],
      now
    )
    await upsertLeads(tx, 'cz', [lead('3', { name: 'Cy', email: 'cy@example.com', status: 'OPEN' })], now)
  })
}

/** Every lead, every column but the ones a write touches for bookkeeping only. */
async function snapshot(): Promise<unknown[]> {
  return app.db.all('SELECT * FROM leads ORDER BY id')
}

const FILE = [
  'Connection ID,Platform ID,Name,Email,Phone,Status,City,Tags',
  'xc,u-1,,,,won,,',
  ',,Bo Updated,BO@EXAMPLE.COM,,,,',
  ',,,,+44 (0)7400 123456,,Leeds,',
  ',,Eve,eve@example.com,,new,Oslo,',
  ',,Eve again,EVE@example.com,,,,',
  ',,Cy,cy@example.com,,open,,',
  ',,Broken,broken@@example,,,,',
  ',,,ana@example.com,,,,"vip, hot"'
].join('\n')

async function open(text = FILE): Promise<ImportPreview> {
  return openBytes(app, text)
}

async function grid(preview: ImportPreview, onlyProblems = false): Promise<GridRow[]> {
  const page = await app.call<{ rows: GridRow[] }>('imports.rows', {
    sessionId: preview.sessionId,
    onlyProblems,
    offset: 0,
    limit: 100
  })
  return page.rows
}

/** Commits `preview`, cancelling once the commit reports its first rows; true if the cancel was sent. */
async function commitCancelledMidway(preview: ImportPreview): Promise<boolean> {
  let cancelled = false
  const off = app.events.subscribe((name, payload) => {
    const progress = payload as { phase: string; rows: number }
    if (name === 'import.progress' && progress.phase === 'committing' && progress.rows > 0 && !cancelled) {
      cancelled = true
      void app.call('imports.cancel', { sessionId: preview.sessionId })
    }
  })
  try {
    await expect(app.call('imports.commit', { sessionId: preview.sessionId })).rejects.toMatchObject({
      code: 'CANCELLED'
    })
  } finally {
    off()
  }
  return cancelled
}

describe('matching existing leads', () => {
  beforeEach(seed)

  it('by platform id, e-mail without case, and phone digits; repeats in the file reported; a summary before anything is written', async () => {
    const before = await snapshot()
    const preview = await open()
    const summary = await analyze(app, preview, options('xc'))
    expect(summary.counts).toMatchObject({
      rows: 8,
      create: 1, // Eve
      update: 4, // u-1 status, Bo's name, Di's city, Ana's tags (at both platforms)
      unchanged: 1, // Cy
      errors: 2, // Eve again (same e-mail as row 5), broken@@example
      skipped: 2,
      duplicatesInFile: 1,
      leadsUpdated: 5
    })
    expect(await snapshot()).toEqual(before)
    const rows = await grid(preview)
    expect(rows.map((r) => [r.row, r.action, r.matches])).toEqual([
      [2, 'update', 1],
      [3, 'update', 1],
      [4, 'update', 1],
      [5, 'create', 0],
      [6, 'error', 0],
      [7, 'unchanged', 1],
      [8, 'error', 0],
      [9, 'update', 2]
    ])
    expect(rows[4]!.errors[0]!.message).toBe('repeats row 5 (same e-mail)')

    const record = await app.call<ImportRecord>('imports.commit', { sessionId: preview.sessionId })
    expect(record.counts).toEqual(summary.counts)
    expect(record).toMatchObject({ state: 'committed', local: 1, pushed: 0, connectionId: 'xc' })

    const after = await app.db.all<Record<string, unknown>>(
      'SELECT remote_id, connection_id, name, email, phone, phone_prefix, status, city, tags_json, import_state FROM leads ORDER BY id'
    )
    expect(after.slice(0, 5)).toEqual([
      expect.objectContaining({ remote_id: 'u-1', status: 'CLOSED', tags_json: '["vip","hot"]', import_state: null }),
      expect.objectContaining({ remote_id: 'u-4', city: 'Leeds', phone: '+44 7400 123456' }),
      expect.objectContaining({ remote_id: 'cb-2', name: 'Bo Updated', email: 'bo@example.com' }),
      expect.objectContaining({ remote_id: 'cb-5', tags_json: '["vip","hot"]' }),
      expect.objectContaining({ remote_id: '3', status: 'OPEN', name: 'Cy' })
    ])
    expect(after[5]).toMatchObject({
      connection_id: 'xc',
      name: 'Eve',
      status: 'OPEN',
      city: 'Oslo',
      import_state: 'local'
    })
    expect(after[5]!.remote_id).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('sends updates of platform leads through the outbox, as edits; created leads are not queued', async () => {
    const preview = await open()
    await analyze(app, preview, options('xc'))
    await app.call('imports.commit', { sessionId: preview.sessionId })
    const queued = await app.db.all<{ remote_id: string; state: string; patch_json: string }>(
      'SELECT l.remote_id, o.state, o.patch_json FROM outbox o JOIN leads l ON l.id = o.lead_id ORDER BY o.id'
    )
    // Two rows reach u-1: their edits merge into one queued edit, as two edits by hand would. The
    // e-mail and phone they were matched by are not rewritten, and city is not a field the platforms
    // take edits of (changed in the cache only), so Di's lead queues nothing.
    expect(queued).toEqual([
      { remote_id: 'u-1', state: 'pending', patch_json: '{"status":"CLOSED","tags":["vip","hot"]}' },
      { remote_id: 'cb-2', state: 'pending', patch_json: '{"name":"Bo Updated"}' },
      { remote_id: 'cb-5', state: 'pending', patch_json: '{"tags":["vip","hot"]}' }
    ])
  })

  it.each([
    ['create', { create: 1, update: 0, unchanged: 0, ignored: 5 }],
    ['update', { create: 0, update: 4, unchanged: 1, ignored: 1 }]
  ] as const)('mode %s', async (mode, counts) => {
    const preview = await open()
    const summary = await analyze(app, preview, options('xc', { mode }))
    expect(summary.counts).toMatchObject(counts)
    const record = await app.call<ImportRecord>('imports.commit', { sessionId: preview.sessionId })
    expect(record.counts).toMatchObject(counts)
    const created = await app.db.get<{ n: number }>('SELECT count(*) AS n FROM leads WHERE import_id = ?', [record.id])
    expect(created!.n).toBe(counts.create)
  })

  it('matches only by the keys asked for', async () => {
    const preview = await open()
    const summary = await analyze(
      app,
      preview,
      options('xc', { matchBy: { remoteId: true, email: false, phone: false } })
    )
    // Without e-mail, Bo, Cy and Ana's rows are new leads, and Eve twice is no repeat; without phone, Di's row is too.
    expect(summary.counts).toMatchObject({ update: 1, create: 6, duplicatesInFile: 0, errors: 1 })
    await app.call('imports.close', { sessionId: preview.sessionId })
  })
})

describe('fixing the grid before committing', () => {
  beforeEach(seed)

  it('fix a cell, skip a row, only problems listed; the rejected rows as CSV with their reasons', async () => {
    const preview = await open()
    await analyze(app, preview, options('xc'))
    const problems = await grid(preview, true)
    expect(problems.map((r) => r.row)).toEqual([6, 8])
    expect(problems[1]!.errors).toEqual([{ column: 3, message: 'is not an e-mail address (the part before @)' }])

    const fixed = await app.call<{ row: GridRow; counts: ImportSummary['counts'] }>('imports.fix', {
      sessionId: preview.sessionId,
      row: 8,
      column: 3,
      value: 'fixed@example.com'
    })
    expect(fixed.row).toMatchObject({ action: 'create', errors: [], fixed: [3] })
    expect(fixed.counts).toMatchObject({ create: 2, errors: 1 })

    const skipped = await app.call<{ row: GridRow; counts: ImportSummary['counts'] }>('imports.skip', {
      sessionId: preview.sessionId,
      row: 3,
      skip: true
    })
    expect(skipped.row).toMatchObject({ action: 'skipped', skipped: true })
    expect(skipped.counts).toMatchObject({ update: 3, skipped: 2, errors: 1 })

    const rejected = await app.call<{ csv: string; rows: number; fileName: string }>('imports.rejected', {
      sessionId: preview.sessionId
    })
    expect(rejected.rows).toBe(2)
    expect(rejected.fileName).toBe('leads - rejected rows.csv')
    expect(rejected.csv).toContain('3,skipped,,,Bo Updated,BO@EXAMPLE.COM')
    expect(rejected.csv).toContain('6,Row repeats row 5 (same e-mail),,,Eve again')

    const record = await app.call<ImportRecord>('imports.commit', { sessionId: preview.sessionId })
    expect(record.counts).toMatchObject({ create: 2, update: 3, skipped: 2 })
    expect(await app.db.get('SELECT name FROM leads WHERE email = ?', ['fixed@example.com'])).toEqual({
      name: 'Broken'
    })
    expect(await app.db.get("SELECT name FROM leads WHERE remote_id = 'cb-2'")).toEqual({ name: 'Bo' })
  })

  it('makes formula-like cells of the rejected rows inert for spreadsheets', async () => {
    const preview = await open('Name,Email\n=HYPERLINK("http://x"),not-an-email\n')
    await analyze(app, preview, options('xc'))
    const rejected = await app.call<{ csv: string }>('imports.rejected', { sessionId: preview.sessionId })
    expect(rejected.csv).toContain(`"'=HYPERLINK(""http://x"")"`)
    await app.call('imports.close', { sessionId: preview.sessionId })
  })
})

describe('revert', () => {
  beforeEach(seed)

  it('restores the leads it updated and removes the ones it created: the cache is as it was', async () => {
    const before = await snapshot()
    const preview = await open()
    await analyze(app, preview, options('xc'))
    const record = await app.call<ImportRecord>('imports.commit', { sessionId: preview.sessionId })
    expect(await snapshot()).not.toEqual(before)

    const result = await app.call<{ restored: number; removed: number; keptNewer: number; record: ImportRecord }>(
      'imports.revert',
      { importId: record.id }
    )
    // Four leads: u-1 was reached by two rows.
    expect(result).toMatchObject({ restored: 4, removed: 1, keptNewer: 0, keptPushed: 0 })
    expect(result.record).toMatchObject({ state: 'reverted', local: 0 })
    expect(await snapshot()).toEqual(before)
    const history = await app.call<ImportRecord[]>('imports.history')
    expect(history[0]).toMatchObject({ id: record.id, state: 'reverted' })
    await expect(app.call('imports.revert', { importId: record.id })).rejects.toMatchObject({ code: 'CONFLICT' })
  })

  it('keeps what was changed again after the import', async () => {
    const preview = await open()
    await analyze(app, preview, options('xc'))
    const record = await app.call<ImportRecord>('imports.commit', { sessionId: preview.sessionId })
    const bo = await app.db.get<{ id: number }>("SELECT id FROM leads WHERE remote_id = 'cb-2'")
    await app.call('leads.update', { ids: [bo!.id], patch: { name: 'Bo Renamed' } })
    const result = await app.call<{ keptNewer: number; restored: number }>('imports.revert', { importId: record.id })
    expect(result).toMatchObject({ keptNewer: 1, restored: 3 })
    expect(await app.db.get("SELECT name FROM leads WHERE remote_id = 'cb-2'")).toEqual({ name: 'Bo Renamed' })
    expect(await app.db.get("SELECT status FROM leads WHERE remote_id = 'u-1'")).toEqual({ status: 'OPEN' })
  })
})

describe('all or nothing', () => {
  beforeEach(seed)

  it('a cancelled commit leaves nothing behind', async () => {
    const file = `${app.dataDir}/many.csv`
    await writeLeadCsv(file, 8_000)
    const preview = await openFile(app, file)
    await analyze(app, preview, options('xc'))
    const before = await snapshot()
    const imports = await app.call<ImportRecord[]>('imports.history')
    expect(await commitCancelledMidway(preview)).toBe(true)
    expect(await snapshot()).toEqual(before)
    expect(await app.call('imports.history')).toEqual(imports)
    expect(await app.db.get('SELECT count(*) AS n FROM import_changes')).toEqual({ n: 0 })
  })

  it('checking the rows writes nothing', async () => {
    const before = await snapshot()
    const preview = await open()
    await analyze(app, preview, options('xc'))
    expect(await snapshot()).toEqual(before)
    expect(await app.call('imports.history')).toEqual([])
    await app.call('imports.close', { sessionId: preview.sessionId })
  })

  it("leaves the writer's page cache as it found it", async () => {
    const cacheSize = (): Promise<unknown> => app.db.write((tx) => tx.get('PRAGMA cache_size'))
    const before = await cacheSize()
    const preview = await open()
    await analyze(app, preview, options('xc'))
    await app.call<ImportRecord>('imports.commit', { sessionId: preview.sessionId })
    expect(await cacheSize()).toEqual(before)
  })

  it('keeps the checked rows on disk for the commit only while the file is open', async () => {
    const preview = await open()
    // Other tests' files may still be open: this session's only.
    const staged = async (id = preview.sessionId): Promise<string[]> =>
      (await readdir(join(app.dataDir, 'imports', 'staged'))).filter((name) => name.startsWith(`${id}-`))
    await analyze(app, preview, options('xc'))
    const first = await staged()
    expect(first).toHaveLength(1)
    // A check with other options replaces the rows the last one kept.
    await analyze(app, preview, options('xc', { mode: 'create' }))
    const second = await staged()
    expect(second).toHaveLength(1)
    expect(second).not.toEqual(first)
    await app.call<ImportRecord>('imports.commit', { sessionId: preview.sessionId })
    expect(await staged()).toEqual([])

    const again = await open()
    await analyze(app, again, options('xc'))
    expect(await staged(again.sessionId)).toHaveLength(1)
    await app.call('imports.close', { sessionId: again.sessionId })
    expect(await staged(again.sessionId)).toEqual([])
  })
})

describe('a large import builds the leads indexes again', () => {
  beforeEach(seed)

  const indexes = (): Promise<{ name: string; sql: string }[]> =>
    app.db.all("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads' ORDER BY name")
  const stats = (): Promise<unknown[]> =>
    app.db.all("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'leads' ORDER BY idx")

  it("drops the indexes while its task runs (the lookups' kept when asked), then builds each from its own SQL, statistics as they were", async () => {
    await app.db.write((tx) => tx.exec('ANALYZE'))
    const before = await indexes()
    const statsBefore = await stats()
    expect(statsBefore.length).toBeGreaterThan(10)
    for (const keepLookups of [false, true]) {
      let during: string[] = []
      let checks = 0
      await app.db.write((tx) =>
        withLeadIndexesRebuilt(
          tx,
          keepLookups,
          async (built, of) => {
            expect(built).toBe(checks++)
            expect(of).toBe(before.filter((i) => i.sql !== null).length - during.length)
          },
          async () => {
            during = (
              await tx.all<{ name: string }>(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads' AND sql IS NOT NULL ORDER BY name"
              )
            ).map((r) => r.name)
          }
        )
      )
      expect(during).toEqual(keepLookups ? ['leads_by_email_nocase', 'leads_by_phone_key'] : [])
      expect(checks).toBe(before.filter((i) => i.sql !== null).length - during.length)
      expect(await indexes()).toEqual(before)
      expect(await stats()).toEqual(statsBefore)
    }
  })

  it(`after creating ${REBUILD_MIN_ROWS.toLocaleString('en')} leads or more: the same schema, every index whole and used`, async () => {
    await app.db.write((tx) => tx.exec('ANALYZE'))
    const before = await indexes()
    const statsBefore = await stats()
    const file = `${app.dataDir}/large.csv`
    await writeLeadCsv(file, REBUILD_MIN_ROWS + 500)
    const preview = await openFile(app, file)
    const summary = await analyze(app, preview, options('xc'))
    expect(summary.counts.create).toBeGreaterThanOrEqual(REBUILD_MIN_ROWS)
    const record = await app.call<ImportRecord>('imports.commit', { sessionId: preview.sessionId })
    expect(record.counts.create).toBe(summary.counts.create)
    expect(await indexes()).toEqual(before)
    expect(await stats()).toEqual(statsBefore)
    expect(await app.db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
    const total = await app.db.get<{ n: number }>('SELECT count(*) AS n FROM leads')
    expect(total!.n).toBe(summary.counts.create + 5)
    // Each rebuilt index holds every lead it should (integrity_check compares them with the table).
    expect(
      await app.db.get("SELECT count(*) AS n FROM leads INDEXED BY leads_sort_name WHERE sort_name >= ''")
    ).toEqual({
      n: total!.n
    })
    const plan = await app.db.all<{ detail: string }>('EXPLAIN QUERY PLAN SELECT id FROM leads WHERE email = ? ', [
      'someone@example.com'
    ])
    expect(plan.map((p) => p.detail).join(' ')).toContain('leads_by_email')
  })

  it('cancelled, leaves the indexes and the leads as they were', async () => {
    const before = await indexes()
    const leadsBefore = await snapshot()
    const file = `${app.dataDir}/large.csv`
    await writeLeadCsv(file, REBUILD_MIN_ROWS + 500)
    const preview = await openFile(app, file)
    await analyze(app, preview, options('xc'))
    await commitCancelledMidway(preview)
    expect(await indexes()).toEqual(before)
    expect(await snapshot()).toEqual(leadsBefore)
  })
})

describe('mapping presets', () => {
  beforeEach(seed)

  it('are offered again when the same header row comes back', async () => {
    const first = await open('Mail,Full name,Stage\nx@example.com,X,new\n')
    const mapping = [
      { column: 0, target: 'email' as const },
      { column: 1, target: 'name' as const },
      { column: 2, target: 'status' as const }
    ]
    expect(first.preset).toBeNull()
    const saved = await app.call<ImportPreset>('imports.savePreset', {
      sessionId: first.sessionId,
      name: 'Trade fair list',
      mapping,
      options: options('cb', { defaultCountry: 'DE' })
    })
    await app.call('imports.close', { sessionId: first.sessionId })
    // Same headers, other case and spacing, other rows.
    const again = await open('MAIL, full name ,stage\ny@example.com,Y,won\n')
    expect(again.preset).toEqual({ id: saved.id, name: 'Trade fair list' })
    expect(again.mapping).toEqual(mapping)
    expect(again.options).toMatchObject({ connectionId: 'cb', defaultCountry: 'DE' })
    await app.call('imports.close', { sessionId: again.sessionId })
    const other = await open('Email,Name\nz@example.com,Z\n')
    expect(other.preset).toBeNull()
    await app.call('imports.close', { sessionId: other.sessionId })
  })
})
