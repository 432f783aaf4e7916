import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXPORT_FIELD_IDS } from '../../src/shared/csv/columns'
import type { ImportPreview, ImportRecord, ImportSummary } from '../../src/shared/contract'
import type { RunningSandbox } from '../../src/main/sandbox'
import { startTestApp, type TestApp } from '../helpers/app'
import { ourExport, type ExportedLead } from '../helpers/our-export'
import { connectAll, startTestSandbox, syncAndWait } from '../helpers/workspace'
import { openBytes, openFile } from './helpers'

/*
 * Our export, imported with the options it is recognised with, gives the same leads back field by
 * field, tags, notes and attributes included: into the cache it came from (nothing to do; edits
 * made since are undone) and into an empty one (every lead created again, locally).
 */

const FIELDS = `l.name, l.email, l.phone, l.phone_prefix, l.status, l.agent, l.tags_json, l.notes_json,
  l.attributes_json, l.kind, l.city, l.country, l.last_message_text, l.last_message_at, l.remote_created_at,
  l.remote_updated_at`

let sandbox: RunningSandbox
let app: TestApp
let exported: ExportedLead[]
let file: string

async function leadsOf(target: TestApp): Promise<ExportedLead[]> {
  return target.db.all<ExportedLead>(
    `SELECT ${FIELDS}, c.name AS connection_name, c.platform, l.connection_id, l.remote_id
     FROM leads l JOIN connections c ON c.id = l.connection_id ORDER BY l.connection_id, l.remote_id`
  )
}

const CONTENT = FIELDS.split(',').map((f) => f.trim().replace(/^l\./, '')) as (keyof ExportedLead)[]

/**
 * A lead's content, without where it lives (connection and platform id). An empty text and no
 * text are one empty cell in a CSV file, so they compare equal (a platform sends both).
 */
function content(l: ExportedLead): Record<string, unknown> {
  return Object.fromEntries(CONTENT.map((key) => [key, l[key] === '' ? null : l[key]]))
}

async function importOurs(
  target: TestApp,
  connectionId: string
): Promise<{ preview: ImportPreview; record: ImportRecord; summary: ImportSummary }> {
  const preview = await openBytes(target, file, 'Leads export.csv')
  expect(preview.recognized).toBe('Lead Manager export')
  expect(preview.options).toMatchObject({
    verbatim: true,
    emptyClears: true,
    matchBy: { remoteId: true, email: false, phone: false }
  })
  const summary = await target.call<ImportSummary>('imports.analyze', {
    sessionId: preview.sessionId,
    mapping: preview.mapping,
    options: { ...preview.options, connectionId }
  })
  const record = await target.call<ImportRecord>('imports.commit', { sessionId: preview.sessionId })
  return { preview, record, summary }
}

beforeAll(async () => {
  sandbox = await startTestSandbox({ leads: 600, chats: 60 })
  // The save dialog of the real export answers with a file in the app's own directory.
  app = await startTestApp({ chooseSaveFile: async (suggested) => join(app.dataDir, suggested) })
  await connectAll(app, sandbox)
  await syncAndWait(app)
  exported = await leadsOf(app)
  // One column per attribute key too, as the export's column chooser offers.
  const keys = [
    ...new Set(exported.flatMap((l) => (JSON.parse(l.attributes_json) as { key: string }[]).map((a) => a.key)))
  ]
  file = ourExport(exported, keys.slice(0, 3))
}, 120_000)
afterAll(async () => {
  await app?.dispose()
  await sandbox?.close()
})

describe('our export, imported again', () => {
  it('covers the odd values: formulas, unicode, stray spaces, notes, attributes, empty fields', () => {
    expect(exported.length).toBeGreaterThan(500)
    expect(exported.some((l) => /^[=+@-]/.test(l.name ?? ''))).toBe(true)
    expect(exported.some((l) => /\p{Script=Arabic}|\p{Script=Devanagari}|\p{Script=Han}/u.test(l.name ?? ''))).toBe(
      true
    )
    expect(exported.some((l) => l.name !== null && l.name !== l.name.trim())).toBe(true)
    expect(exported.some((l) => l.notes_json !== '[]')).toBe(true)
    expect(exported.some((l) => l.attributes_json !== '[]')).toBe(true)
    expect(exported.some((l) => l.tags_json !== '[]')).toBe(true)
    expect(exported.some((l) => l.email === null)).toBe(true)
    expect(new Set(exported.map((l) => l.platform))).toEqual(new Set(['express-chat', 'chatbot-com', 'chatzuri']))
  })

  it('into the cache it came from: every lead unchanged, nothing written', async () => {
    const { summary, record } = await importOurs(
      app,
      exported.find((l) => l.platform === 'express-chat')!.connection_id
    )
    expect(summary.counts).toMatchObject({
      rows: exported.length,
      unchanged: exported.length,
      create: 0,
      update: 0,
      errors: 0
    })
    expect(record.counts.unchanged).toBe(exported.length)
    expect(await leadsOf(app)).toEqual(exported)
  })

  it('into the same cache after edits: the edited leads get their exported values back', async () => {
    const edited = exported.filter((l) => l.kind === 'lead').slice(0, 30)
    const ids = await app.db.all<{ id: number }>(
      `SELECT id FROM leads WHERE remote_id IN (${edited.map(() => '?').join(',')})`,
      edited.map((l) => l.remote_id)
    )
    await app.call('leads.update', {
      ids: ids.map((r) => r.id),
      patch: { status: 'DEPENDANCY', tags: ['changed'], notes: [{ title: 't', description: 'd' }], name: 'Renamed' }
    })
    expect(await leadsOf(app)).not.toEqual(exported)
    const { summary } = await importOurs(app, edited[0]!.connection_id)
    expect(summary.counts).toMatchObject({
      update: edited.length,
      unchanged: exported.length - edited.length,
      errors: 0
    })
    expect(await leadsOf(app)).toEqual(exported)
  })

  it('into an empty cache: every lead created again, field by field the same', async () => {
    const other = await startTestApp()
    try {
      const [destination] = await connectAll(other, sandbox)
      const { record } = await importOurs(other, destination!.id)
      expect(record.counts).toMatchObject({ create: exported.length, errors: 0, skipped: 0 })
      const created = await other.db.all<ExportedLead & { import_state: string }>(
        `SELECT ${FIELDS}, l.import_state FROM leads l WHERE l.import_id = ? ORDER BY l.id`,
        [record.id]
      )
      expect(created.every((l) => l.import_state === 'local')).toBe(true)
      // In file order, which is the order they were exported in.
      expect(created.map(content)).toEqual(exported.map(content))
    } finally {
      await other.dispose()
    }
  })

  it('the file the exporter itself writes, every column, imported into an empty cache: the same leads', async () => {
    const reply = await app.call<{ started: boolean; exportId: string | null; fileName: string }>('export.start', {
      scope: { query: {} },
      columns: [...EXPORT_FIELD_IDS],
      options: { format: 'plain', delimiter: ',', guard: true },
      target: 'file',
      fileName: 'Leads export'
    })
    expect(reply.started).toBe(true)
    expect(await app.csv.settled(reply.exportId!)).toMatchObject({ phase: 'done', rows: exported.length })
    const other = await startTestApp()
    try {
      const [destination] = await connectAll(other, sandbox)
      const preview = await openFile(other, join(app.dataDir, reply.fileName), reply.fileName)
      expect(preview.recognized).toBe('Lead Manager export')
      const summary = await other.call<ImportSummary>('imports.analyze', {
        sessionId: preview.sessionId,
        mapping: preview.mapping,
        options: { ...preview.options, connectionId: destination!.id }
      })
      expect(summary.counts).toMatchObject({ rows: exported.length, create: exported.length, errors: 0 })
      const record = await other.call<ImportRecord>('imports.commit', { sessionId: preview.sessionId })
      const created = await other.db.all<ExportedLead>(
        `SELECT ${FIELDS} FROM leads l WHERE l.import_id = ? ORDER BY l.id`,
        [record.id]
      )
      const byContent = (a: Record<string, unknown>, b: Record<string, unknown>): number =>
        JSON.stringify(a) < JSON.stringify(b) ? -1 : 1
      // The exporter orders leads its own way: compared as sets of leads, field by field.
      expect(created.map(content).sort(byContent)).toEqual(exported.map(content).sort(byContent))
    } finally {
      await other.dispose()
    }
  })
})
