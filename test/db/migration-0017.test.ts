import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { Connection } from '../../src/main/db/database'
import { buildDeferredIndex, deferIndexes, deferredIndexCount } from '../../src/main/db/deferred-indexes'
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
    MIGRATIONS.filter((m) => m.version <= 17)
  )
})
afterEach(async () => {
  await conn.close()
  await dir.cleanup()
})

const indexes = (): Promise<{ name: string; sql: string }[]> =>
  conn.all(
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads' AND sql IS NOT NULL ORDER BY name"
  )

it('migration 17 lists dropped indexes with their own CREATE statements; building one puts it back as it was', async () => {
  const before = await indexes()
  await conn.exec('BEGIN')
  expect(await deferIndexes(conn, 'leads', new Set(['leads_sort_name']))).toBe(before.length - 1)
  await conn.exec('COMMIT')
  expect((await indexes()).map((i) => i.name)).toEqual(['leads_sort_name'])
  expect(await deferredIndexCount(conn)).toBe(before.length - 1)
  // The constraint's index is never listed: every upsert reads it.
  expect(await conn.get("SELECT 1 AS kept FROM sqlite_master WHERE name = 'sqlite_autoindex_leads_1'")).toEqual({
    kept: 1
  })

  expect(await buildDeferredIndex(conn)).toBe(true)
  expect(await deferredIndexCount(conn)).toBe(before.length - 2)
  while (await buildDeferredIndex(conn));
  expect(await indexes()).toEqual(before)
  expect(await deferredIndexCount(conn)).toBe(0)
})

it('a migration runs on the schema its predecessors left: listed indexes are built first, in its transaction', async () => {
  const before = await indexes()
  await deferIndexes(conn, 'leads', new Set())
  expect(await indexes()).toEqual([])
  // A later migration that takes an index for granted.
  const next = { version: 18, name: 'uses an index', up: 'DROP INDEX leads_sort_tags;' }
  expect(await migrate(conn, [...MIGRATIONS.filter((m) => m.version <= 17), next])).toBe(18)
  expect(await indexes()).toEqual(before.filter((i) => i.name !== 'leads_sort_tags'))
  expect(await deferredIndexCount(conn)).toBe(0)
})
