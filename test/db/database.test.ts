import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { Connection, Database, insertMany } from '../../src/main/db/database'
import { tempDir } from '../helpers/temp-dir'

let dir: { path: string; cleanup: () => Promise<void> }
let db: Database
beforeEach(async () => {
  dir = await tempDir()
  db = await Database.open(join(dir.path, 'leads.sqlite'))
  await db.write((tx) => tx.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)'))
})
afterEach(async () => {
  await db.close()
  await dir.cleanup()
})

it('queues writes so concurrent transactions never interleave', async () => {
  // Each transaction reads the max key, yields to the event loop, then writes max + 1. Interleaved,
  // two would read the same max and one insert would fail on the primary key.
  const bump = (): Promise<void> =>
    db.write(async (tx) => {
      const row = await tx.get<{ k: number | null }>('SELECT max(k) AS k FROM t')
      await new Promise((resolve) => setTimeout(resolve, 1))
      await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', [(row?.k ?? 0) + 1, 'x'])
    })
  await Promise.all(Array.from({ length: 40 }, bump))
  expect(await db.get('SELECT count(*) AS n, max(k) AS k FROM t')).toEqual({ n: 40, k: 40 })
})

it('rolls a failed transaction back whole and keeps going', async () => {
  await expect(
    db.write(async (tx) => {
      await tx.run("INSERT INTO t (k, v) VALUES (1, 'a')")
      throw new Error('boom')
    })
  ).rejects.toThrow('boom')
  await db.write((tx) => tx.run("INSERT INTO t (k, v) VALUES (2, 'b')"))
  expect(await db.all('SELECT k FROM t')).toEqual([{ k: 2 }])
})

it('reads never see another caller’s uncommitted rows', async () => {
  let seenInside: unknown
  await db.write(async (tx) => {
    await tx.run("INSERT INTO t (k, v) VALUES (1, 'a')")
    seenInside = await db.get('SELECT count(*) AS n FROM t')
  })
  expect(seenInside).toEqual({ n: 0 })
  expect(await db.get('SELECT count(*) AS n FROM t')).toEqual({ n: 1 })
})

it('writes many rows as multi-row statements across the parameter limit', async () => {
  const rows = Array.from({ length: 25_000 }, (_, i) => [i + 1, `v${i}`])
  await db.write((tx) => insertMany(tx, 'INSERT INTO t (k, v)', 2, rows))
  expect(await db.get('SELECT count(*) AS n, sum(k) AS s FROM t')).toEqual({ n: 25_000, s: (25_000 * 25_001) / 2 })
})

it('opens readers on one snapshot, however fast another connection commits meanwhile', async () => {
  // Another connection (another program, say) commits an insert after another. Were the readers'
  // snapshots taken apart, commits would fall between them and they would count different rows.
  const other = await Connection.open(join(dir.path, 'leads.sqlite'))
  await other.exec('PRAGMA busy_timeout = 10000')
  let stop = false
  let k = 1000
  const inserting = (async () => {
    while (!stop) await other.run('INSERT INTO t (k, v) VALUES (?, ?)', [k++, 'x'])
  })()
  try {
    for (let round = 0; round < 10; round++) {
      const readers = await db.openSnapshotReaders(3)
      const counts: unknown[] = []
      for (const reader of readers) {
        // After a pause, so that commits since the snapshot would show were the transaction not held.
        await new Promise((resolve) => setTimeout(resolve, 2))
        counts.push(await reader.get('SELECT count(*) AS n FROM t'))
        await reader.exec('ROLLBACK')
        await reader.close()
      }
      expect(new Set(counts.map((c) => JSON.stringify(c))).size).toBe(1)
    }
  } finally {
    stop = true
    await inserting
    await other.close()
  }
  expect(k).toBeGreaterThan(1010)
})
