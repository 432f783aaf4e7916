import type { Database, Tx } from '../db'

type Reader = Pick<Tx, 'get'>

async function read(db: Reader, key: string): Promise<unknown> {
  const row = await db.get<{ value_json: string }>('SELECT value_json FROM settings WHERE key = ?', [key])
  return row === undefined ? undefined : JSON.parse(row.value_json)
}

async function store(tx: Tx, key: string, value: unknown): Promise<void> {
  await tx.run(
    'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
    [key, JSON.stringify(value)]
  )
}

/** The settings table: one JSON value per key. Readers check the shape of what they get back. */
export class SettingsStore {
  constructor(private readonly db: Database) {}

  get(key: string): Promise<unknown> {
    return read(this.db, key)
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.db.write((tx) => store(tx, key, value))
  }

  /**
   * Reads `key`, lets `change` work out its next value, and writes it, in one write transaction: two
   * changes at once (two presets saved together) cannot lose one another. `change` returning
   * `undefined` leaves the value as it was.
   */
  update<T>(key: string, change: (current: unknown) => { next: unknown; result: T }): Promise<T> {
    return this.db.write(async (tx) => {
      const { next, result } = change(await read(tx, key))
      if (next !== undefined) await store(tx, key, next)
      return result
    })
  }
}
