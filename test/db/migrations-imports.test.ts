import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Connection } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'
import { PHONE_KEY_SQL } from '../../src/main/csv/import/lead-store'
import { phoneKey } from '../../src/main/csv/import/values/phone'
import { tempDir } from '../helpers/temp-dir'

let dir: { path: string; cleanup: () => Promise<void> }
let conn: Connection
beforeEach(async () => {
  dir = await tempDir()
  conn = await Connection.open(join(dir.path, 'leads.sqlite'))
  await conn.exec('PRAGMA foreign_keys = ON')
})
afterEach(async () => {
  await conn.close()
  await dir.cleanup()
})

const NOW = '2026-11-21T10:00:00.000Z'
const upTo = (version: number): typeof MIGRATIONS => MIGRATIONS.filter((m) => m.version <= version)

async function plan(sql: string, params: string[] = []): Promise<string> {
  const rows = await conn.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params)
  return rows.map((r) => r.detail).join(' | ')
}

async function seed(): Promise<void> {
  await conn.run(
    `INSERT INTO connections (id, platform, name, base_url, created_at, updated_at) VALUES ('c1', 'express-chat', 'X', 'http://x', ?, ?)`,
    [NOW, NOW]
  )
  const leads: [string, string | null, string | null, string | null][] = [
    ['r1', 'Ana@Example.com', '98765 43210', '91'],
    ['r2', 'bo@example.com', '+44 (0)7400-123.456', null],
    ['r3', null, '0612345678', '39']
  ]
  for (const [remote, email, phone, prefix] of leads) {
    await conn.run(
      `INSERT INTO leads (connection_id, remote_id, email, phone, phone_prefix, raw_json, synced_at) VALUES ('c1', ?, ?, ?, ?, '{}', ?)`,
      [remote, email, phone, prefix, NOW]
    )
  }
}

describe('migrations 12 and 13: CSV imports', () => {
  it('upgrade a cache with leads: existing leads are not imported ones, and the duplicate lookups find them', async () => {
    await migrate(conn, upTo(6))
    await seed()
    await migrate(conn, upTo(13))
    expect(await conn.get('PRAGMA user_version')).toEqual({ user_version: 13 })
    const tables = await conn.all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'import%' ORDER BY name"
    )
    expect(tables.map((t) => t.name)).toEqual(['import_changes', 'import_presets', 'imports'])
    expect(await conn.all('SELECT remote_id, import_id, import_state FROM leads ORDER BY id')).toEqual([
      { remote_id: 'r1', import_id: null, import_state: null },
      { remote_id: 'r2', import_id: null, import_state: null },
      { remote_id: 'r3', import_id: null, import_state: null }
    ])
    const byEmail = await conn.all('SELECT remote_id FROM leads WHERE email COLLATE NOCASE IN (?)', ['ana@example.com'])
    expect(byEmail).toEqual([{ remote_id: 'r1' }])
    // The index expression and its JavaScript twin agree on every stored form of a number.
    const keys = await conn.all<{ remote_id: string; phone: string; phone_prefix: string | null; key: string }>(
      `SELECT remote_id, phone, phone_prefix, ${PHONE_KEY_SQL} AS key FROM leads ORDER BY id`
    )
    expect(keys.map((k) => k.key)).toEqual(['919876543210', '4407400123456', '39612345678'])
    for (const k of keys) expect(phoneKey(k.phone, k.phone_prefix)).toBe(k.key)
  })

  it('refuses an unknown import state', async () => {
    await migrate(conn, upTo(13))
    await seed()
    await expect(conn.run("UPDATE leads SET import_state = 'lost' WHERE remote_id = 'r1'")).rejects.toThrow(/CHECK/)
  })

  it('serves the importer and its history from indexes, not scans', async () => {
    await migrate(conn, upTo(13))
    await seed()
    expect(await plan('SELECT id FROM leads l WHERE l.email COLLATE NOCASE IN (?, ?)', ['a', 'b'])).toMatch(
      /USING (COVERING )?INDEX leads_by_email_nocase/
    )
    expect(
      await plan(`SELECT id FROM leads l WHERE l.phone IS NOT NULL AND ${PHONE_KEY_SQL} IN (?, ?)`, ['1', '2'])
    ).toMatch(/USING INDEX leads_by_phone_key/)
    expect(
      await plan("SELECT id FROM leads WHERE import_id = ? AND import_state IN ('local', 'pushing')", ['1'])
    ).toMatch(/USING (COVERING )?INDEX leads_by_import/)
    expect(await plan('SELECT * FROM import_presets WHERE header_key = ?', ['x'])).toMatch(
      /USING INDEX import_presets_by_header/
    )
    expect(
      await plan('SELECT lead_id FROM import_changes WHERE import_id = ? AND lead_id > ? ORDER BY lead_id', ['1', '0'])
    ).toMatch(/SEARCH import_changes USING PRIMARY KEY/)
    expect(await plan('SELECT id FROM leads l WHERE l.email COLLATE NOCASE IN (?, ?)', ['a', 'b'])).not.toMatch(/SCAN/)
  })
})
