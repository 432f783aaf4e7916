// The keys (platform id, e-mail, phone) of the rows an import's check has read so far, so a later
// row repeating one is reported: kept in a scratch database on disk, not in memory, so a check
// holds a batch of keys whatever the size of the file (a million rows' keys were ~200 MB of maps).
import { openScratch, sqlJson, type Connection } from '../../db'

/** A key as the check compares it: its kind (index into DUPLICATE_KEYS) and its text. */
export type SeenKey = readonly [kind: number, key: string]

/** Page cache of the scratch database: the keys' B-tree beyond it stays in the OS's file cache. */
const SCRATCH_CACHE_KIB = 16 * 1024

export class SeenKeys {
  private constructor(private readonly db: Connection) {}

  static async open(): Promise<SeenKeys> {
    const db = await openScratch(SCRATCH_CACHE_KIB)
    try {
      await db.exec(
        `CREATE TABLE seen_keys (kind INTEGER NOT NULL, key TEXT NOT NULL, row INTEGER NOT NULL,
           PRIMARY KEY (kind, key)) WITHOUT ROWID`
      )
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
    const rows = await this.db.all<{ i: number; row: number }>(
      `SELECT j.key AS i, s.row AS row FROM json_each(?) j
         JOIN seen_keys s ON s.kind = j.value ->> 0 AND s.key = j.value ->> 1`,
      [sqlJson(keys)]
    )
    for (const { i, row } of rows) found.set(i, row)
    return found
  }

  /** Records keys first seen on `row`; each must be new (the caller checked with `earlier`). */
  async add(entries: readonly (readonly [kind: number, key: string, row: number])[]): Promise<void> {
    if (entries.length === 0) return
    await this.db.run(
      `INSERT INTO seen_keys (kind, key, row) SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)`,
      [sqlJson(entries)]
    )
  }

  close(): Promise<void> {
    return this.db.close()
  }
}
