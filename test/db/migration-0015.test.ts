import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
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
    MIGRATIONS.filter((m) => m.version <= 15)
  )
})
afterEach(async () => {
  await conn.close()
  await dir.cleanup()
})

const detail = async (sql: string): Promise<string> =>
  (await conn.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)).map((p) => p.detail).join(' | ')

describe('migration 15: bulk edits', () => {
  it('keeps a bulk edit with its leads, forgets them with it, and reads them for undo by key', async () => {
    await conn.run(
      "INSERT INTO bulk_edits (id, action_json, summary, field, created_at) VALUES (1, '{}', 'Set status: OPEN', 'status', 'n')"
    )
    await conn.run(
      `INSERT INTO bulk_edit_leads (bulk_id, lead_id, before_json, after_json) VALUES (1, 10, '"CLOSED"', '"OPEN"'), (1, 11, 'null', '"OPEN"')`
    )
    await expect(
      conn.run(`INSERT INTO bulk_edit_leads (bulk_id, lead_id, before_json, after_json) VALUES (1, 10, '1', '2')`)
    ).rejects.toThrow(/UNIQUE|PRIMARY KEY/)
    await expect(
      conn.run(`INSERT INTO bulk_edit_leads (bulk_id, lead_id, before_json, after_json) VALUES (9, 10, '1', '2')`)
    ).rejects.toThrow(/FOREIGN KEY/)

    // Undo pages through one edit's leads by key: no scan, no sort.
    const undo = await detail(
      'SELECT lead_id FROM bulk_edit_leads WHERE bulk_id = 1 AND lead_id > 0 ORDER BY lead_id LIMIT 500'
    )
    expect(undo).toMatch(/SEARCH bulk_edit_leads USING PRIMARY KEY \(bulk_id=\? AND lead_id>\?\)/)
    expect(undo).not.toMatch(/TEMP B-TREE/)
    const history = await detail('SELECT * FROM bulk_edits ORDER BY id DESC LIMIT 50')
    expect(history).not.toMatch(/TEMP B-TREE/)

    await conn.run('DELETE FROM bulk_edits WHERE id <= 1')
    expect(await conn.all('SELECT * FROM bulk_edit_leads')).toEqual([])
  })
})
