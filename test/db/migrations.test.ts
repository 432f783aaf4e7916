import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Connection, Database } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'
import { tempDir } from '../helpers/temp-dir'

let dir: { path: string; cleanup: () => Promise<void> }
let file: string
beforeEach(async () => {
  dir = await tempDir()
  file = join(dir.path, 'leads.sqlite')
})
afterEach(() => dir.cleanup())

async function openAt(version: number): Promise<Connection> {
  const conn = await Connection.open(file)
  await conn.exec('PRAGMA foreign_keys = ON')
  await migrate(conn, MIGRATIONS.slice(0, version))
  return conn
}

async function names(conn: Connection, type: string): Promise<string[]> {
  const rows = await conn.all<{ name: string }>('SELECT name FROM sqlite_master WHERE type = ? ORDER BY name', [type])
  return rows.map((r) => r.name)
}

const NOW = '2026-11-21T10:00:00.000Z'
async function seedConnection(conn: Connection, id = 'c1'): Promise<void> {
  await conn.run(
    `INSERT INTO connections (id, platform, name, base_url, created_at, updated_at) VALUES (?, 'chatzuri', 'Z', 'http://x', ?, ?)`,
    [id, NOW, NOW]
  )
}
async function seedLead(conn: Connection, remoteId: string, name: string, tags: string[]): Promise<void> {
  await conn.run(
    `INSERT INTO leads (connection_id, remote_id, name, tags_json, raw_json, synced_at) VALUES ('c1', ?, ?, ?, '{}', ?)`,
    [remoteId, name, JSON.stringify(tags), NOW]
  )
}

describe('migration 1: core tables', () => {
  it('creates connections, leads, tags, chats and settings with their constraints', async () => {
    const conn = await openAt(1)
    expect(await names(conn, 'table')).toEqual(
      expect.arrayContaining(['connections', 'leads', 'lead_tags', 'chats', 'settings'])
    )
    expect((await conn.get<{ user_version: number }>('PRAGMA user_version'))?.user_version).toBe(1)
    await expect(
      conn.run(
        `INSERT INTO connections (id, platform, name, base_url, created_at, updated_at) VALUES ('x', 'myspace', 'n', 'u', ?, ?)`,
        [NOW, NOW]
      )
    ).rejects.toThrow(/CHECK/)
    await seedConnection(conn)
    await seedLead(conn, 'r1', 'Ana', ['vip', 'hot'])
    await expect(seedLead(conn, 'r1', 'Twice', [])).rejects.toThrow(/UNIQUE/)
    expect(await conn.all('SELECT tag FROM lead_tags ORDER BY tag')).toEqual([{ tag: 'hot' }, { tag: 'vip' }])
    await conn.run(`UPDATE leads SET tags_json = '["cold"]' WHERE remote_id = 'r1'`)
    expect(await conn.all('SELECT tag FROM lead_tags')).toEqual([{ tag: 'cold' }])
    await conn.run(`DELETE FROM connections WHERE id = 'c1'`)
    expect(await conn.get('SELECT count(*) AS n FROM leads')).toEqual({ n: 0 })
    expect(await conn.get('SELECT count(*) AS n FROM lead_tags')).toEqual({ n: 0 })
    await conn.close()
  })

  it('lists a connection newest first from an index, not a scan', async () => {
    const conn = await openAt(1)
    const plan = await conn.all<{ detail: string }>(
      `EXPLAIN QUERY PLAN SELECT id FROM leads WHERE connection_id = 'c1' ORDER BY remote_updated_at DESC LIMIT 50`
    )
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX leads_by_connection_updated/)
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE/)
    await conn.close()
  })
})

describe('migration 2: full-text search', () => {
  it('indexes rows that existed before it and follows later inserts, updates and deletes', async () => {
    const conn = await openAt(1)
    await seedConnection(conn)
    await seedLead(conn, 'r1', 'Amira الزهراء', ['vip'])
    await conn.close()

    const upgraded = await openAt(2)
    const match = (q: string): Promise<unknown[]> =>
      upgraded.all('SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?', [q])
    expect(await match('amira')).toHaveLength(1)
    expect(await match('الزهراء')).toHaveLength(1)
    await seedLead(upgraded, 'r2', 'Zoë Kruger', [])
    expect(await match('zoe')).toHaveLength(1) // diacritics folded
    await upgraded.run(`UPDATE leads SET name = 'Chen 陈' WHERE remote_id = 'r2'`)
    expect(await match('zoe')).toHaveLength(0)
    expect(await match('chen')).toHaveLength(1)
    await upgraded.run(`DELETE FROM leads WHERE remote_id = 'r2'`)
    expect(await match('chen')).toHaveLength(0)
    await upgraded.close()
  })
})

describe('migration 3: sync checkpoints and outbox', () => {
  it('creates both tables; edits and checkpoints go with their connection', async () => {
    const conn = await openAt(3)
    expect(await names(conn, 'table')).toEqual(expect.arrayContaining(['sync_checkpoints', 'outbox']))
    await seedConnection(conn)
    await seedLead(conn, 'r1', 'Ana', [])
    await conn.run(
      `INSERT INTO sync_checkpoints (connection_id, stream, cursor_json, updated_at) VALUES ('c1', 'leads', '{}', ?)`,
      [NOW]
    )
    await conn.run(
      `INSERT INTO outbox (lead_id, connection_id, op, patch_json, base_json, state, created_at, updated_at)
       VALUES (1, 'c1', 'update', '{}', '{}', 'pending', ?, ?)`,
      [NOW, NOW]
    )
    await expect(
      conn.run(
        `INSERT INTO outbox (lead_id, connection_id, op, patch_json, base_json, state, created_at, updated_at)
         VALUES (1, 'c1', 'update', '{}', '{}', 'lost', ?, ?)`,
        [NOW, NOW]
      )
    ).rejects.toThrow(/CHECK/)
    await conn.run(`DELETE FROM connections WHERE id = 'c1'`)
    expect(
      await conn.get('SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM sync_checkpoints) AS n')
    ).toEqual({ n: 0 })
    await conn.close()
  })
})

describe('migration 4: superseded and discarded edits', () => {
  it('keeps every queued edit, accepts the two new states and still refuses unknown ones', async () => {
    const old = await openAt(3)
    await seedConnection(old)
    await seedLead(old, 'r1', 'Ana', [])
    await old.run(
      `INSERT INTO outbox (lead_id, connection_id, op, patch_json, base_json, state, attempts, created_at, updated_at)
       VALUES (1, 'c1', 'update', '{"status":"OPEN"}', '{"status":null}', 'failed', 3, ?, ?)`,
      [NOW, NOW]
    )
    await old.close()

    const conn = await openAt(4)
    expect(await conn.get('SELECT id, state, attempts, patch_json FROM outbox')).toEqual({
      id: 1,
      state: 'failed',
      attempts: 3,
      patch_json: '{"status":"OPEN"}'
    })
    for (const state of ['superseded', 'discarded']) {
      await conn.run(
        `INSERT INTO outbox (lead_id, connection_id, op, patch_json, base_json, state, created_at, updated_at)
         VALUES (1, 'c1', 'update', '{}', '{}', ?, ?, ?)`,
        [state, NOW, NOW]
      )
    }
    await expect(
      conn.run(
        `INSERT INTO outbox (lead_id, connection_id, op, patch_json, base_json, state, created_at, updated_at)
         VALUES (1, 'c1', 'update', '{}', '{}', 'lost', ?, ?)`,
        [NOW, NOW]
      )
    ).rejects.toThrow(/CHECK/)
    await conn.run(`DELETE FROM leads WHERE id = 1`)
    expect(await conn.get('SELECT count(*) AS n FROM outbox')).toEqual({ n: 0 })
    await conn.close()
  })

  it('finds the next edit to send and the open edits of a lead from indexes', async () => {
    const conn = await openAt(4)
    const plan = async (sql: string): Promise<string> =>
      (await conn.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)).map((p) => p.detail).join(' ')
    const next = await plan(
      `SELECT id FROM outbox WHERE connection_id = 'c1' AND state = 'pending' ORDER BY id LIMIT 1`
    )
    expect(next).toMatch(/USING (COVERING )?INDEX outbox_by_connection_state/)
    expect(next).not.toMatch(/TEMP B-TREE/)
    const open = await plan(
      `SELECT * FROM outbox WHERE lead_id IN (1, 2) AND state IN ('pending', 'sending', 'conflict', 'local-only', 'failed')`
    )
    expect(open).toMatch(/USING INDEX outbox_by_lead/)
    await conn.close()
  })
})

describe('upgrading', () => {
  it('opens a database of an older version and upgrades it, keeping its data', async () => {
    const old = await openAt(1)
    await seedConnection(old)
    await seedLead(old, 'r1', 'Old Lead', ['kept'])
    await old.close()

    const db = await Database.open(file)
    expect(await db.get('PRAGMA user_version')).toEqual({ user_version: MIGRATIONS.at(-1)!.version })
    expect(await db.get('SELECT name FROM leads')).toEqual({ name: 'Old Lead' })
    expect(await db.all(`SELECT rowid FROM leads_fts WHERE leads_fts MATCH 'old'`)).toHaveLength(1)
    expect(await db.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' })
    expect(await db.get('PRAGMA foreign_keys')).toEqual({ foreign_keys: 1 })
    await db.close()
  })

  it('applies pending migrations all or nothing', async () => {
    const old = await openAt(1)
    await old.close()
    const broken = [
      ...MIGRATIONS.slice(0, 2),
      { version: 3, name: 'broken', up: 'CREATE TABLE half (x); SELECT nonsense FROM nowhere;' }
    ]
    await expect(Database.open(file, broken)).rejects.toThrow(/left at version 1/)
    const conn = await Connection.open(file)
    expect(await conn.get('PRAGMA user_version')).toEqual({ user_version: 1 })
    expect(await names(conn, 'table')).not.toContain('half')
    expect(await names(conn, 'table')).not.toContain('leads_fts')
    await conn.close()
  })

  it('refuses a database from a newer version of the app', async () => {
    const conn = await Connection.open(file)
    await conn.exec('PRAGMA user_version = 99')
    await conn.close()
    await expect(Database.open(file)).rejects.toThrow(/newer version of Lead Manager/)
  })
})
