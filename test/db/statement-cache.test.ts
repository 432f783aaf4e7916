import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { Connection, Database } from '../../src/main/db/database'
import { tempDir } from '../helpers/temp-dir'

// runCached/allCached keep a statement compiled across calls and transactions (a sync's upsert runs
// a thousand times per million leads).

let dir: { path: string; cleanup: () => Promise<void> }
let db: Database
beforeEach(async () => {
  dir = await tempDir()
  db = await Database.open(join(dir.path, 'leads.sqlite'))
  await db.write((tx) => tx.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n INTEGER, at TEXT)'))
})
afterEach(async () => {
  await db.close()
  await dir.cleanup()
})

it('runs a kept statement again with new values, across transactions and after a rollback', async () => {
  const insert = 'INSERT INTO t (name, n) VALUES (?, ?)'
  await db.write((tx) => tx.runCached(insert, ['a', 1]))
  await expect(
    db.write(async (tx) => {
      await tx.runCached(insert, ['b', 2])
      await tx.runCached(insert, ['a', 3]) // UNIQUE: fails, the transaction is rolled back
    })
  ).rejects.toThrow(/UNIQUE/)
  await db.write((tx) => tx.runCached(insert, ['c', 4]))
  expect(await db.write((tx) => tx.allCached('SELECT name, n FROM t WHERE n >= ? ORDER BY n', [0]))).toEqual([
    { name: 'a', n: 1 },
    { name: 'c', n: 4 }
  ])
  expect(await db.write((tx) => tx.allCached('SELECT name FROM t WHERE n >= ? ORDER BY n', [4]))).toEqual([
    { name: 'c' }
  ])
})

it('reports a statement that does not compile each time, and keeps none of it', async () => {
  await expect(db.write((tx) => tx.runCached('INSERT INTO missing VALUES (?)', [1]))).rejects.toThrow(/no such table/)
  await expect(db.write((tx) => tx.runCached('INSERT INTO missing VALUES (?)', [1]))).rejects.toThrow(/no such table/)
  await db.write((tx) => tx.exec('CREATE TABLE missing (x)'))
  await db.write((tx) => tx.runCached('INSERT INTO missing VALUES (?)', [1]))
  expect(await db.get('SELECT count(*) AS n FROM missing')).toEqual({ n: 1 })
})

it('closes a connection holding kept statements (SQLite refuses to while any is unfinalized)', async () => {
  const conn = await Connection.open(join(dir.path, 'other.sqlite'))
  await conn.exec('CREATE TABLE x (v)')
  await conn.runCached('INSERT INTO x VALUES (?)', [1])
  await conn.allCached('SELECT v FROM x WHERE v = ?', [1])
  await expect(conn.close()).resolves.toBeUndefined()
})
