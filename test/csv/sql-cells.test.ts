import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Database } from '../../src/main/db/database'
import { pageQuery } from '../../src/main/csv/sql-cells'
import type { ExportPlan } from '../../src/main/csv/export-run'
import { compileScope, compileSelection } from '../../src/main/csv/selection'
import { tempDir } from '../helpers/temp-dir'
import {
  ALL_COLUMNS,
  ALL_OPTIONS,
  dbFile,
  exportToBuffer,
  firstDifference,
  hostileLeads,
  insertConnection,
  insertLeads,
  referenceExport
} from './helpers'

// Excel dates are local time: a zone with DST, so a wrong conversion shows.
const previousTz = process.env.TZ
process.env.TZ = 'Europe/Berlin'

let dir: Awaited<ReturnType<typeof tempDir>>
let db: Database

beforeAll(async () => {
  dir = await tempDir()
  db = await Database.open(dbFile(dir.path))
  await insertConnection(db)
  await insertLeads(db, hostileLeads())
  // NUL characters, which end a cell's text in both encoders: leading, inside, after spaces, after a trigger.
  await insertLeads(
    db,
    ['\0=1+1', 'ab\0cd"e', '  \0=1', '=1\0+1', "'\0=x"].map((value, i) => ({
      remote_id: `nul-${i}`,
      name: value,
      email: value,
      last_message_text: value
    }))
  )
  // Enough plain leads for several pages, so page boundaries and their order are exercised too.
  await insertLeads(
    db,
    Array.from({ length: 2500 }, (_, i) => ({
      remote_id: `plain-${i}`,
      name: `Lead ${i}`,
      email: `lead${i}@example.com`,
      status: i % 2 ? 'OPEN' : 'CLOSED',
      remote_updated_at: `2023-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`
    }))
  )
})

afterAll(async () => {
  await db.close()
  await dir.cleanup()
  if (previousTz === undefined) delete process.env.TZ
  else process.env.TZ = previousTz
})

const plan = (options: ExportPlan['options'], query = {}): ExportPlan => ({
  selection: compileSelection(query),
  columns: ALL_COLUMNS,
  options
})

describe('the export built inside SQLite', () => {
  it.each(ALL_OPTIONS.map((o) => ({ ...o, name: `${o.format}, ${JSON.stringify(o.delimiter)}, guard ${o.guard}` })))(
    'equals the TypeScript encoder byte for byte on the hostile corpus ($name)',
    async ({ format, delimiter, guard }) => {
      const options = { format, delimiter, guard }
      const { file, chunks } = await exportToBuffer(db, plan(options))
      const expected = await referenceExport(db, plan(options))
      expect(firstDifference(file, expected)).toBeNull()
      expect(chunks).toBeGreaterThanOrEqual(3) // the header, then pages
    }
  )

  it.each([1, 2, 3])('builds the same bytes with its pages spread over %i connections', async (readers) => {
    const options = ALL_OPTIONS[0]!
    const { file, chunks } = await exportToBuffer(db, plan(options), readers)
    expect(firstDifference(file, await referenceExport(db, plan(options)))).toBeNull()
    expect(chunks).toBeGreaterThan(readers) // the header, then a page from every connection in turn
  })

  it('guards text in a number column as the encoder does (no affinity turns a bound into a number)', async () => {
    // An INTEGER column keeps text that is not a number as text; a comparison with '0' would turn
    // '0' into 0 and let '+abc' or '' pass as starting with a digit.
    const odd = ['+abc', '', "'=x", ' =1', '-x', '12abc', '!a', '=1', 'abc', '٣']
    await insertLeads(
      db,
      odd.map((value, i) => ({ remote_id: `affinity-${i}`, website_visits: value, name: value }))
    )
    try {
      for (const guard of [true, false]) {
        const options = { format: 'plain', delimiter: ',', guard } as const
        const { file } = await exportToBuffer(db, plan(options))
        expect(firstDifference(file, await referenceExport(db, plan(options)))).toBeNull()
      }
      const stored = await db.all<{ t: string }>(
        "SELECT typeof(website_visits) AS t FROM leads WHERE remote_id LIKE 'affinity-%'"
      )
      expect(stored.filter((r) => r.t === 'text')).toHaveLength(odd.length)
    } finally {
      await db.write((tx) => tx.run("DELETE FROM leads WHERE remote_id LIKE 'affinity-%'"))
    }
  })

  it('writes only the selected leads, in the view order, and a header alone when nothing matches', async () => {
    const options = ALL_OPTIONS[0]!
    const ids = (await db.all<{ id: number }>("SELECT id FROM leads WHERE status = 'OPEN' ORDER BY random() LIMIT 40"))
      .map((r) => r.id)
      .concat([999_999])
    const selected: ExportPlan = {
      selection: compileScope({ query: { filters: { status: ['OPEN'] } }, selection: { kind: 'ids', ids } }),
      columns: ALL_COLUMNS,
      options
    }
    const { file } = await exportToBuffer(db, selected)
    expect(firstDifference(file, await referenceExport(db, selected))).toBeNull()
    expect(file.toString('utf8').split('\r\n')).toHaveLength(1 + 40 + 1)

    const none = plan(options, { filters: { status: ['REVIEW'] } })
    const empty = await exportToBuffer(db, none)
    expect(firstDifference(empty.file, await referenceExport(db, none))).toBeNull()
    expect(empty.progress.at(-1)).toEqual({ rows: 0, total: 0 })
  })

  it('reads each page by a position range of the snapshot, without sorting it again', async () => {
    await db.write(async (tx) => {
      await tx.exec('CREATE TEMP TABLE IF NOT EXISTS export_rows (pos INTEGER PRIMARY KEY, lead_id INTEGER NOT NULL)')
    })
    const { sql, params } = pageQuery(ALL_COLUMNS, ALL_OPTIONS[0]!, 'temp.export_rows')
    // The writer connection owns that temp table; its plan is the one every export connection gets.
    const plans = await db.write((tx) => tx.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, [...params, 1, 10]))
    const details = plans.map((p) => p.detail).join('\n')
    expect(details).toMatch(/SEARCH t USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/)
    expect(details).toMatch(/SEARCH l USING INTEGER PRIMARY KEY \(rowid=\?\)/)
    expect(details).not.toMatch(/TEMP B-TREE/)
  })
})
