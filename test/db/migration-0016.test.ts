import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { Connection } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'
import { tempDir } from '../helpers/temp-dir'

let dir: { path: string; cleanup: () => Promise<void> }
let conn: Connection
beforeEach(async () => {
  dir = await tempDir()
  conn = await Connection.open(join(dir.path, 'v.sqlite'))
  await conn.exec('PRAGMA foreign_keys = ON')
  await migrate(
    conn,
    MIGRATIONS.filter((m) => m.version <= 16)
  )
})
afterEach(async () => {
  await conn.close()
  await dir.cleanup()
})

const plan = async (sql: string): Promise<string> =>
  (await conn.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)).map((p) => p.detail).join(' | ')

it('migration 16 keeps when a lead’s conversations were read, forgets it with the lead, and reads both by key', async () => {
  await conn.run(
    `INSERT INTO connections (id, platform, name, base_url, created_at, updated_at)
     VALUES ('c1', 'chatbot-com', 'cb', 'http://127.0.0.1:9', 'n', 'n')`
  )
  await conn.run(
    `INSERT INTO leads (id, connection_id, remote_id, kind, raw_json, synced_at) VALUES (1, 'c1', 'u1', 'lead', '{}', 'n')`
  )
  await conn.run("INSERT INTO conversation_fetches (lead_id, fetched_at) VALUES (1, '2026-11-27T06:00:00.000Z')")
  await conn.run("INSERT INTO chats (lead_id, remote_id, raw_json) VALUES (1, 'x', '{}')")
  await expect(conn.run("INSERT INTO conversation_fetches (lead_id, fetched_at) VALUES (2, 'n')")).rejects.toThrow(
    /FOREIGN KEY/
  )

  expect(await plan('SELECT fetched_at FROM conversation_fetches WHERE lead_id = 1')).toMatch(
    /SEARCH conversation_fetches USING INTEGER PRIMARY KEY \(rowid=\?\)/
  )
  expect(await plan('SELECT remote_id FROM chats WHERE lead_id = 1')).toMatch(/SEARCH chats USING (COVERING )?INDEX/)

  await conn.run('DELETE FROM leads WHERE id = 1')
  expect(await conn.get('SELECT count(*) AS n FROM conversation_fetches')).toEqual({ n: 0 })
  expect(await conn.get('SELECT count(*) AS n FROM chats')).toEqual({ n: 0 })
})
