// The keys (platform id, e-mail, phone) of the rows an import's check has read so far, so a later
// row repeating one is reported: kept in a scratch database on disk, not in memory, so a check
// holds a batch of keys whatever the size of the file (a million rows' keys were ~200 MB of maps).
import { openScratch, type Connection } from '../../db'

/** A key as the check compares it: its kind (index into DUPLICATE_KEYS) and its text. */
export type SeenKey = readonly [kind: number, key: string]

/**
 * Page cache of the scratch database. Keys are stored as 64-bit hashes in a rowid table (about 10
 * bytes each), so the keys of a million rows (3 million) fit in it and each lookup or insert stays
 * in memory; beyond that the B-tree spills to the OS's file cache, not to this process.
 */
const SCRATCH_CACHE_KIB = 32 * 1024

/**
 * A key's 64-bit hash (kind included) as a signed decimal integer, SQLite's rowid. Two different
 * keys share one with odds of about 1 in 30 million at a million keys; the row would then be
 * reported as a repeat, which the user sees and can fix or include, never merged silently.
 */
export function keyHash(kind: number, key: string): string {
  let h1 = 0xdeadbeef ^ kind
  let h2 = 0x41c6ce57 ^ kind
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return BigInt.asIntN(64, (BigInt(h1 >>> 0) << 32n) | BigInt(h2 >>> 0)).toString()
}

export class SeenKeys {
  private constructor(private readonly db: Connection) {}

  static async open(): Promise<SeenKeys> {
    const db = await openScratch(SCRATCH_CACHE_KIB)
    try {
      await db.exec('CREATE TABLE seen_keys (h INTEGER PRIMARY KEY, row INTEGER NOT NULL)')
    } catch (err) {
      await db.close()
      throw err
    }
    return new SeenKeys(db)
  }

  /** For each of `keys` already seen, its index in `keys` → the row that had it first. One statement per call. */
  async earlier(keys: readonly SeenKey[]): Promise<Map<number, number>> {
    const found = new Map<number, number>()
    if (keys.length === 0) return found
    // Integers only: the JSON array is written here, not by JSON.stringify (no 64-bit numbers there).
    const hashes = `[${keys.map(([kind, key]) => keyHash(kind, key)).join(',')}]`
    const rows = await this.db.all<{ i: number; row: number }>(
      'SELECT j.key AS i, s.row AS row FROM json_each(?) j JOIN seen_keys s ON s.h = j.value',
      [hashes]
    )
    for (const { i, row } of rows) found.set(i, row)
    return found
  }

  /** Records keys first seen on `row`; each must be new (the caller checked with `earlier`). */
  async add(entries: readonly (readonly [kind: number, key: string, row: number])[]): Promise<void> {
    if (entries.length === 0) return
    const pairs = `[${entries.map(([kind, key, row]) => `[${keyHash(kind, key)},${row}]`).join(',')}]`
    await this.db.run('INSERT INTO seen_keys (h, row) SELECT value ->> 0, value ->> 1 FROM json_each(?)', [pairs])
  }

  close(): Promise<void> {
    return this.db.close()
  }
}
