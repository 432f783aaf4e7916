import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SORTABLE_COLUMNS, leadQuerySchema, type LeadQueryInput } from '../../src/shared/contract'
import { Connection, Database } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'
import { afterRow, compileLeadQuery } from '../../src/main/leads/query'
import { makeLeads, seedDatabase } from '../helpers/lead-seed'
import { tempDir } from '../helpers/temp-dir'

let seeded: Awaited<ReturnType<typeof seedDatabase>>
beforeAll(async () => {
  seeded = await seedDatabase(makeLeads(300))
  // The planner decides with statistics, as it does in the app after `PRAGMA optimize`.
  await seeded.db.write((tx) => tx.exec('ANALYZE'))
})
afterAll(() => seeded.cleanup())

async function planOf(sql: string, params: unknown[]): Promise<string> {
  const rows = await seeded.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params as never)
  return rows.map((r) => r.detail).join(' | ')
}

/** A first page and a next page of one sort, as the table reads them. */
async function pagePlans(input: LeadQueryInput): Promise<string[]> {
  const q = compileLeadQuery(leadQuerySchema.parse(input))
  const cursor = q.keys.map((k) =>
    k.endsWith('rowid') || k === 'l.id' || k.includes('status') || k.includes('visits') ? 1 : 'm'
  )
  const after = afterRow(q, cursor)
  const before = afterRow(q, cursor, true)
  return [
    await planOf(`SELECT l.id FROM ${q.from} WHERE ${q.where} ORDER BY ${q.orderBy} LIMIT 100`, q.params),
    await planOf(`SELECT l.id FROM ${q.from} WHERE ${q.where} ORDER BY ${q.reverseOrderBy} LIMIT 100`, q.params),
    await planOf(`SELECT l.id FROM ${q.from} WHERE ${q.where} AND ${after.sql} ORDER BY ${q.orderBy} LIMIT 100`, [
      ...q.params,
      ...after.params
    ]),
    await planOf(
      `SELECT l.id FROM ${q.from} WHERE ${q.where} AND ${before.sql} ORDER BY ${q.reverseOrderBy} LIMIT 100`,
      [...q.params, ...before.params]
    )
  ]
}

describe('migration 6: sort keys', () => {
  it('adds the generated sort keys to a cache that already has leads, and they follow later writes', async () => {
    const dir = await tempDir()
    const conn = await Connection.open(join(dir.path, 'old.sqlite'))
    await migrate(
      conn,
      MIGRATIONS.filter((m) => m.version <= 3)
    )
    await conn.run(
      `INSERT INTO connections (id, platform, name, base_url, created_at, updated_at) VALUES ('c', 'express-chat', 'C', 'u', 'n', 'n')`
    )
    await conn.run(
      `INSERT INTO leads (connection_id, remote_id, email, phone, status, raw_json, synced_at)
       VALUES ('c', 'r1', 'Ana@X.org', '555', 'REVIEW', '{"lastSeenAt":"2025-01-02T03:04:05.006Z"}', 'n'),
              ('c', 'r2', NULL, NULL, NULL, '{"lastSeen":"2025-01-02 03:04:05.006Z"}', 'n'),
              ('c', 'r3', NULL, NULL, 'OPEN', 'not json', 'n')`
    )
    await migrate(
      conn,
      MIGRATIONS.filter((m) => m.version <= 6)
    )
    const rows = await conn.all(
      'SELECT remote_id, sort_name, sort_email, sort_status, sort_last_seen, sort_visits FROM leads ORDER BY remote_id'
    )
    expect(rows).toEqual([
      {
        remote_id: 'r1',
        sort_name: 'ana@x.org',
        sort_email: 'ana@x.org',
        sort_status: 3,
        sort_last_seen: '2025-01-02T03:04:05.006Z',
        sort_visits: -1
      },
      {
        remote_id: 'r2',
        sort_name: '',
        sort_email: '',
        sort_status: 7,
        sort_last_seen: '2025-01-02T03:04:05.006Z',
        sort_visits: -1
      },
      { remote_id: 'r3', sort_name: '', sort_email: '', sort_status: 1, sort_last_seen: '', sort_visits: -1 }
    ])
    await conn.run(`UPDATE leads SET name = 'Zed', website_visits = 4 WHERE remote_id = 'r2'`)
    expect(await conn.get(`SELECT sort_name, sort_visits FROM leads WHERE remote_id = 'r2'`)).toEqual({
      sort_name: 'zed',
      sort_visits: 4
    })
    expect(await conn.all(`SELECT remote_id FROM leads INDEXED BY leads_sort_name ORDER BY sort_name, id`)).toEqual([
      { remote_id: 'r3' },
      { remote_id: 'r1' },
      { remote_id: 'r2' }
    ])
    await conn.close()
    await dir.cleanup()
  })

  for (const column of SORTABLE_COLUMNS) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`reads ${column} ${dir} from an index: first page, last page and keyset pages never sort or scan`, async () => {
        for (const plan of await pagePlans({ sort: [{ column, dir }] })) {
          expect(plan).not.toMatch(/TEMP B-TREE/)
          expect(plan).toMatch(/USING (COVERING )?INDEX/)
          expect(plan).not.toMatch(/SCAN l(?! USING)/)
        }
      })
    }
  }

  it('serves "status is X, newest first" and "this connection, newest first" from one index each', async () => {
    for (const filters of [{ status: ['OPEN' as const] }, { connection: ['conn-a'] }]) {
      for (const plan of await pagePlans({ filters, sort: [{ column: 'updated', dir: 'desc' }] })) {
        expect(plan).not.toMatch(/TEMP B-TREE/)
        expect(plan).toMatch(/SEARCH l USING (COVERING )?INDEX leads_(sort_status|by_connection_sort_updated)/)
      }
    }
  })
})

describe('migration order', () => {
  it('refuses versions that do not increase, and accepts reserved gaps', async () => {
    const dir = await tempDir()
    const conn = await Connection.open(join(dir.path, 'x.sqlite'))
    const m = (version: number) => ({ version, name: `m${version}`, up: `CREATE TABLE t${version} (x)` })
    await expect(migrate(conn, [m(1), m(1)])).rejects.toThrow(/must increase/)
    expect(await migrate(conn, [m(1), m(3)])).toBe(3)
    await conn.close()
    const db = await Database.open(join(dir.path, 'y.sqlite'))
    expect((await db.get<{ user_version: number }>('PRAGMA user_version'))?.user_version).toBe(
      MIGRATIONS.at(-1)!.version
    )
    await db.close()
    await dir.cleanup()
  })
})
