import type { Database } from '../db'

/** The settings table: one JSON value per key. Readers check the shape of what they get back. */
export class SettingsStore {
  constructor(private readonly db: Database) {}

  async get(key: string): Promise<unknown> {
    const row = await this.db.get<{ value_json: string }>('SELECT value_json FROM settings WHERE key = ?', [key])
    return row === undefined ? undefined : JSON.parse(row.value_json)
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.db.write((tx) =>
      tx.run(
        'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
        [key, JSON.stringify(value)]
      )
    )
  }
}
