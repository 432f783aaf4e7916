import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { insertFromJsonRows } from '../../src/main/db'
import { Connection, Database } from '../../src/main/db/database'
import { tempDir } from '../helpers/temp-dir'

// runCached/allCached keep a statement compiled across calls and transactions (a sync's upsert runs
// thousands of times); insertFromJsonRows with several parts writes rows made ready apart in one
// statement, in the order given.

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

const INSERT_3 = insertFromJsonRows('t', ['name', 'n'], '', ['at'], 3)

it('writes the parts in order, each part in its own order, with the bound columns', async () => {
  const parts = [
    JSON.stringify([
      ['a', 1],
      ['b', 2]
    ]),
    JSON.stringify([['c', 3]]),
    JSON.stringify([
      ['d', 4],
      ['e', 5]
    ])
  ]
  const { changes } = await db.write((tx) => tx.runCached(INSERT_3, [...parts, 'now']))
  expect(changes).toBe(5)
  expect(await db.all('SELECT id, name, n, at FROM t ORDER BY id')).toEqual([
    { id: 1, name: 'a', n: 1, at: 'now' },
    { id: 2, name: 'b', n: 2, at: 'now' },
    { id: 3, name: 'c', n: 3, at: 'now' },
    { id: 4, name: 'd', n: 4, at: 'now' },
    { id: 5, name: 'e', n: 5, at: 'now' }
  ])
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
