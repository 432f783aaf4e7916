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
  await migrate(
    conn,
    MIGRATIONS.filter((m) => m.version <= 9)
  )
})
afterEach(async () => {
  await conn.close()
  await dir.cleanup()
})

describe('migration 9: saved views', () => {
  it('stores views with a unique id and lists them in the user’s order from an index', async () => {
    await conn.run(
      `INSERT INTO views (id, name, query_json, position, created_at, updated_at) VALUES ('a', 'A', '{}', 1, 'n', 'n'), ('b', 'B', '{}', 0, 'n', 'n')`
    )
    await expect(
      conn.run(
        `INSERT INTO views (id, name, query_json, position, created_at, updated_at) VALUES ('a', 'X', '{}', 2, 'n', 'n')`
      )
    ).rejects.toThrow(/UNIQUE/)
    expect(await conn.all('SELECT id FROM views ORDER BY position')).toEqual([{ id: 'b' }, { id: 'a' }])
    const plan = await conn.all<{ detail: string }>('EXPLAIN QUERY PLAN SELECT id, name FROM views ORDER BY position')
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX views_by_position/)
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE/)
  })
})
