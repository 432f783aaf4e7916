import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import Papa from 'papaparse'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BULK_MAX_IDS, type BulkSelectionInput, type ExportProgress } from '../../src/shared/contract'
import { unguardCell } from '../../src/shared/csv/cells'
import { headerOf, type ExportColumnId } from '../../src/shared/csv/columns'
import { runExport } from '../../src/main/csv/export-run'
import { compileSelection } from '../../src/main/csv/selection'
import { startTestApp, type TestApp } from '../helpers/app'
import { tempDir } from '../helpers/temp-dir'
import { firstDifference, hostileLeads, insertConnection, insertLeads, referenceExport } from './helpers'

let app: TestApp
let out: Awaited<ReturnType<typeof tempDir>>
let events: ExportProgress[] = []
let unsubscribe: () => void
/** What the save dialog answers, test by test: the one part of the desktop path that needs a window. */
let saveDialog: ((suggested: string) => Promise<string | null>) | null = null

const COLUMNS: ExportColumnId[] = [
  'remoteId',
  'name',
  'email',
  'phonePrefix',
  'phone',
  'status',
  'tags',
  'notes',
  'attributes',
  'lastMessageText',
  'updatedAt',
  'raw',
  'attribute:plan'
]

beforeAll(async () => {
  app = await startTestApp({
    chooseSaveFile: (suggested) => {
      if (!saveDialog) throw new Error('this test did not expect the save dialog')
      return saveDialog(suggested)
    }
  })
  out = await tempDir('lead-manager-export-')
  await insertConnection(app.db)
  await insertLeads(app.db, hostileLeads())
  await insertLeads(
    app.db,
    Array.from({ length: 3000 }, (_, i) => ({
      remote_id: `plain-${i}`,
      name: `Lead ${i}`,
      email: `lead${i}@example.com`,
      status: i % 3 ? 'OPEN' : 'CLOSED',
      tags_json: JSON.stringify(i % 2 ? ['a, b', 'vip'] : []),
      remote_updated_at: `2023-01-01T00:${String(i % 60).padStart(2, '0')}:00.000Z`
    }))
  )
  unsubscribe = app.events.subscribe((name, payload) => {
    if (name === 'export.progress') events.push(payload as ExportProgress)
  })
})

afterAll(async () => {
  unsubscribe()
  await app.dispose()
  await out.cleanup()
})

afterEach(() => {
  events = []
  saveDialog = null
})

/** The save dialog answers with `path`. */
function dialogChooses(path: string | null): string[] {
  const offered: string[] = []
  saveDialog = async (suggested) => {
    offered.push(suggested)
    return path
  }
  return offered
}

async function startFileExport(
  input: Partial<{ query: object; selection: BulkSelectionInput; columns: ExportColumnId[]; guard: boolean }> = {}
): Promise<{ started: boolean; exportId: string | null; fileName: string }> {
  return app.call('export.start', {
    scope: { query: input.query ?? {}, ...(input.selection ? { selection: input.selection } : {}) },
    columns: input.columns ?? COLUMNS,
    options: { format: 'plain', delimiter: ',', guard: input.guard ?? true },
    target: 'file',
    fileName: 'leads'
  })
}

const filesIn = async (dir: string): Promise<string[]> => (await readdir(dir)).sort()

describe('exporting to the file picked in the save dialog', () => {
  it('writes the file under the chosen name, with progress from the count to done', async () => {
    const target = join(out.path, 'all leads.csv')
    const offered = dialogChooses(target)
    const reply = await startFileExport()
    expect(offered).toEqual(['leads.csv'])
    expect(reply).toMatchObject({ started: true, fileName: 'all leads.csv' })
    const final = await app.csv.settled(reply.exportId!)
    const total = (await app.db.get<{ n: number }>('SELECT count(*) AS n FROM leads'))!.n
    expect(final).toMatchObject({ phase: 'done', rows: total, total, fraction: 1, message: null })

    const file = await readFile(target)
    const plan = {
      selection: compileSelection({}),
      columns: COLUMNS,
      options: { format: 'plain', delimiter: ',', guard: true } as const
    }
    expect(firstDifference(file, await referenceExport(app.db, plan))).toBeNull()
    expect(await filesIn(out.path)).toEqual(['all leads.csv'])

    const mine = events.filter((e) => e.exportId === reply.exportId)
    expect(mine[0]!.phase).toBe('counting')
    expect(mine.at(-1)!.phase).toBe('done')
    const writing = mine.filter((e) => e.phase === 'writing')
    expect(writing.length).toBeGreaterThan(0)
    writing.forEach((e, i) => {
      expect(e.total).toBe(total)
      if (i > 0) expect(e.rows).toBeGreaterThanOrEqual(writing[i - 1]!.rows)
    })
  })

  it('parses back with papaparse into every lead’s values, in the view’s order', async () => {
    const target = join(out.path, 'read back.csv')
    dialogChooses(target)
    const reply = await startFileExport()
    await app.csv.settled(reply.exportId!)
    const parsed = Papa.parse<string[]>(await readFile(target, 'utf8'), { skipEmptyLines: false })
    expect(parsed.errors).toEqual([])
    const [header, ...rows] = parsed.data
    expect(header).toEqual(COLUMNS.map(headerOf))
    expect(rows.at(-1)).toEqual(['']) // the file ends with a line break
    rows.pop()

    const leads = await app.db.all<Record<string, string>>(
      'SELECT * FROM leads ORDER BY remote_updated_at DESC, id DESC'
    )
    expect(rows).toHaveLength(leads.length)
    rows.forEach((row, i) => {
      const lead = leads[i]!
      const cell = (id: ExportColumnId): string => unguardCell(row[COLUMNS.indexOf(id)]!)
      const text = (value: string | undefined): string => value ?? ''
      expect(cell('remoteId')).toBe(lead.remote_id)
      expect(cell('name')).toBe(text(lead.name))
      expect(cell('email')).toBe(text(lead.email))
      expect(cell('phonePrefix')).toBe(text(lead.phone_prefix))
      expect(cell('phone')).toBe(text(lead.phone))
      expect(cell('status')).toBe(text(lead.status))
      expect(JSON.parse(cell('tags'))).toEqual(JSON.parse(lead.tags_json!))
      expect(JSON.parse(cell('notes'))).toEqual(JSON.parse(lead.notes_json!))
      expect(JSON.parse(cell('attributes'))).toEqual(JSON.parse(lead.attributes_json!))
      expect(JSON.parse(cell('raw'))).toEqual(JSON.parse(lead.raw_json!))
      expect(cell('lastMessageText')).toBe(text(lead.last_message_text))
      expect(cell('updatedAt')).toBe(text(lead.remote_updated_at))
      const plan = (JSON.parse(lead.attributes_json!) as { key: string; value: string }[]).find((a) => a.key === 'plan')
      expect(cell('attribute:plan')).toBe(plan?.value ?? '')
    })
  })

  it('exports exactly the selected ids, in the view’s order, even those the view’s filter now hides', async () => {
    const open = await app.db.all<{ id: number }>(
      "SELECT id FROM leads WHERE status = 'OPEN' ORDER BY remote_updated_at DESC, id DESC"
    )
    const ids = open.filter((_, i) => i % 7 === 0).map((r) => r.id)
    // Picked under another filter: the selection outlives filter changes, and so does its export.
    const closed = (await app.db.get<{ id: number }>("SELECT id FROM leads WHERE status = 'CLOSED'"))!.id
    const target = join(out.path, 'selection.csv')
    dialogChooses(target)
    const reply = await startFileExport({
      query: { filters: { status: ['OPEN'] } },
      selection: { kind: 'ids', ids: [...ids].reverse().concat(closed) },
      columns: ['remoteId']
    })
    expect(await app.csv.settled(reply.exportId!)).toMatchObject({ phase: 'done', rows: ids.length + 1 })
    const lines = (await readFile(target, 'utf8')).trimEnd().split('\n')
    const expected = await app.db.all<{ remote_id: string }>(
      `SELECT remote_id FROM leads WHERE id IN (${[...ids, closed].join(',')}) ORDER BY remote_updated_at DESC, id DESC`
    )
    expect(lines).toEqual(['"Platform ID"', ...expected.map((r) => `"${r.remote_id.replace(/"/g, '""')}"`)])
  })

  it('exports "all that match" a filter, minus the unticked leads, as the query (no ids cross)', async () => {
    const matching = await app.db.all<{ id: number; email: string }>(
      "SELECT id, email FROM leads WHERE status = 'CLOSED' ORDER BY sort_name ASC, id ASC"
    )
    const except = matching.filter((_, i) => i % 5 === 0).map((r) => r.id)
    const target = join(out.path, 'all that match.csv')
    dialogChooses(target)
    const reply = await startFileExport({
      // The table now shows every status, sorted by name; the selection was made under "Closed".
      query: { sort: [{ column: 'name', dir: 'asc' }] },
      selection: { kind: 'query', query: { filters: { status: ['CLOSED'] } }, except },
      columns: ['email']
    })
    await app.csv.settled(reply.exportId!)
    const rows = Papa.parse<string[]>(await readFile(target, 'utf8'), { skipEmptyLines: true }).data
    const skipped = new Set(except)
    expect(rows[0]).toEqual(['Email'])
    expect(rows.slice(1).map((r) => unguardCell(r[0]!))).toEqual(
      matching.filter((r) => !skipped.has(r.id)).map((r) => r.email ?? '')
    )
  })

  it('refuses a hand-picked selection longer than the bulk edit takes: a large one goes as its query', async () => {
    const ids = Array.from({ length: BULK_MAX_IDS + 1 }, (_, i) => i + 1)
    await expect(startFileExport({ selection: { kind: 'ids', ids } })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('follows the view’s sort: the file is in the order the table shows', async () => {
    const target = join(out.path, 'sorted.csv')
    dialogChooses(target)
    const reply = await startFileExport({
      query: { filters: { status: ['OPEN'] }, sort: [{ column: 'name', dir: 'desc' }] },
      columns: ['remoteId', 'name']
    })
    await app.csv.settled(reply.exportId!)
    const rows = Papa.parse<string[]>(await readFile(target, 'utf8'), { skipEmptyLines: true }).data.slice(1)
    // The order worked out here, from the stored sort key: name descending (UTF-8 bytes), then id.
    const leads = await app.db.all<{ id: number; remote_id: string; sort_name: string; status: string | null }>(
      'SELECT id, remote_id, sort_name, status FROM leads'
    )
    const expected = leads
      .filter((l) => l.status === 'OPEN')
      .sort((a, b) => Buffer.compare(Buffer.from(b.sort_name), Buffer.from(a.sort_name)) || b.id - a.id)
      .map((l) => l.remote_id)
    expect(expected.length).toBeGreaterThan(1000)
    expect(rows.map(([remoteId]) => unguardCell(remoteId!))).toEqual(expected)
  })

  it('starts nothing when the dialog is closed without a choice', async () => {
    dialogChooses(null)
    const before = await filesIn(out.path)
    expect(await startFileExport()).toEqual({
      started: false,
      exportId: null,
      fileName: 'leads.csv',
      downloadUrl: null
    })
    expect(events).toEqual([])
    expect(await filesIn(out.path)).toEqual(before)
  })

  it('refuses a file target where there is no save dialog (browser mode)', async () => {
    const browserApp = await startTestApp()
    try {
      const reply = await browserApp.dispatch('export.start', {
        scope: { query: {} },
        columns: ['name'],
        options: { format: 'plain', delimiter: ',', guard: true },
        target: 'file',
        fileName: 'leads'
      })
      expect(reply).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } })
    } finally {
      await browserApp.dispose()
    }
  })

  it('leaves no file, not even a partial one, when cancelled midway', async () => {
    const dir = await tempDir('lead-manager-cancel-')
    const target = join(dir.path, 'cancelled.csv')
    dialogChooses(target)
    // Cancel as soon as the first page is on disk: deterministic, whatever the machine's speed.
    let seenPartial: string[] = []
    const stop = app.events.subscribe((name, payload) => {
      const progress = payload as ExportProgress
      if (name === 'export.progress' && progress.phase === 'writing' && progress.rows > 0) {
        stop()
        void readdir(dir.path).then((files) => (seenPartial = files))
        expect(app.csv.cancel(progress.exportId)).toBe(true)
      }
    })
    const reply = await startFileExport()
    const final = await app.csv.settled(reply.exportId!)
    expect(final!.phase).toBe('cancelled')
    expect(final!.rows).toBeGreaterThan(0)
    expect(final!.rows).toBeLessThan(final!.total!)
    expect(seenPartial).toHaveLength(1) // the hidden temp file existed while it ran...
    expect(seenPartial[0]).toMatch(/^\.cancelled\.csv\.[0-9a-f]{12}\.part$/)
    expect(await filesIn(dir.path)).toEqual([]) // ...and nothing is left
    expect(app.csv.cancel(reply.exportId!)).toBe(false)
    await dir.cleanup()
  })

  it('leaves no file, and says why, when the export fails midway', async () => {
    const dir = await tempDir('lead-manager-fail-')
    const target = join(dir.path, 'failed.csv')
    // A lead whose attributes are not JSON, deep in the order: pages before it are written first.
    await insertLeads(app.db, [
      { remote_id: 'broken', attributes_json: '[{"key": "plan",', remote_updated_at: '2000-01-01T00:00:00.000Z' }
    ])
    dialogChooses(target)
    const reply = await startFileExport({ columns: ['name', 'attribute:plan'] })
    const final = await app.csv.settled(reply.exportId!)
    expect(final!.phase).toBe('failed')
    expect(final!.rows).toBeGreaterThan(0)
    expect(final!.message).toMatch(/^The export failed: .*JSON/)
    expect(await filesIn(dir.path)).toEqual([])
    await app.db.write((tx) => tx.run("DELETE FROM leads WHERE remote_id = 'broken'"))
    await dir.cleanup()
  })

  it('exports the leads as they were when it started, while a sync writes', async () => {
    await insertLeads(
      app.db,
      Array.from({ length: 20_000 }, (_, i) => ({ remote_id: `more-${i}`, name: `More ${i}` }))
    )
    const before = await app.db.all<{ remote_id: string }>(
      'SELECT remote_id FROM leads ORDER BY remote_updated_at DESC, id DESC'
    )
    const chunks: Buffer[] = []
    let pages = 0
    await runExport(
      app.db,
      {
        selection: compileSelection({}),
        columns: ['remoteId', 'name'],
        options: { format: 'plain', delimiter: ',', guard: true }
      },
      async (chunk) => {
        chunks.push(chunk)
        // After the first page, and before the export reads the third: a sync deletes and rewrites leads.
        if (++pages === 2) {
          await app.db.write(async (tx) => {
            await tx.run("DELETE FROM leads WHERE remote_id LIKE 'more-1%' OR remote_id LIKE 'plain-1%'")
            await tx.run("UPDATE leads SET name = 'changed', remote_updated_at = '2030-01-01T00:00:00.000Z'")
          })
        }
      },
      { signal: new AbortController().signal, onProgress: () => undefined }
    )
    expect(pages).toBeGreaterThan(3)
    const rows = Papa.parse<string[]>(Buffer.concat(chunks).toString('utf8'), { skipEmptyLines: true }).data.slice(1)
    expect(rows.map(([remoteId]) => unguardCell(remoteId!))).toEqual(before.map((r) => r.remote_id))
    expect(rows.some(([, name]) => name === 'changed')).toBe(false)
    await app.db.write((tx) => tx.run("DELETE FROM leads WHERE remote_id LIKE 'more-%'"))
  }, 120_000) // 20,000 leads written, then rewritten, through the search index's triggers: slow on a loaded machine
})

describe('export presets', () => {
  it('saves, replaces by name, lists sorted, deletes, and remembers the last export', async () => {
    const options = { format: 'excel', delimiter: ';', guard: true } as const
    await app.call('export.savePreset', { name: 'Weekly', columns: ['name', 'email'], options })
    await app.call('export.savePreset', { name: 'All fields', columns: ['raw'], options })
    const saved = await app.call('export.savePreset', { name: 'Weekly', columns: ['email'], options })
    expect(saved).toEqual([
      { name: 'All fields', columns: ['raw'], options },
      { name: 'Weekly', columns: ['email'], options }
    ])
    await app.call('export.deletePreset', { name: 'All fields' })
    await expect(app.call('export.deletePreset', { name: 'All fields' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const listed = await app.call<{ presets: unknown[]; last: unknown }>('export.presets', {})
    expect(listed.presets).toEqual([{ name: 'Weekly', columns: ['email'], options }])
    // The last export.start above (the one that failed) asked for these.
    expect(listed.last).toEqual({
      columns: ['name', 'attribute:plan'],
      options: { format: 'plain', delimiter: ',', guard: true }
    })
  })

  it('lists the attribute keys found among the matching leads', async () => {
    const all = await app.call<{ keys: string[]; truncated: boolean }>('export.attributeKeys', { query: {} })
    expect(all).toEqual({ keys: ['=danger', 'plan'], truncated: false })
    const none = await app.call('export.attributeKeys', { query: { filters: { status: ['CLOSED'] } } })
    expect(none).toEqual({ keys: [], truncated: false })
  })
})
