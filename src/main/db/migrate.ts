import type { Connection } from './database'

export interface Migration {
  version: number
  name: string
  up: string
}

/** A database saved by a newer version of the app: opening it would risk its data, so it is left as it is. */
export class DatabaseTooNew extends Error {
  constructor(
    readonly version: number,
    readonly known: number
  ) {
    super(
      `The database was saved by a newer version of Lead Manager (schema version ${version}; this one knows up to ` +
        `${known}). Update Lead Manager to open it; nothing in it was changed.`
    )
    this.name = 'DatabaseTooNew'
  }
}

/** Applies every pending migration in one transaction; versions only ever increase. */
export async function migrate(conn: Connection, migrations: readonly Migration[]): Promise<number> {
  const sorted = [...migrations].sort((a, b) => a.version - b.version)
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 1..n; found ${m.version} at ${i + 1}`)
  })
  const row = await conn.get<{ user_version: number }>('PRAGMA user_version')
  const current = row?.user_version ?? 0
  const latest = sorted.length
  if (current > latest) throw new DatabaseTooNew(current, latest)
  const pending = sorted.filter((m) => m.version > current)
  if (pending.length === 0) return current
  await conn.exec('BEGIN IMMEDIATE')
  try {
    for (const m of pending) {
      await conn.exec(m.up)
    }
    await conn.exec(`PRAGMA user_version = ${latest}`)
    await conn.exec('COMMIT')
  } catch (err) {
    await conn.exec('ROLLBACK').catch(() => undefined)
    throw new Error(`migration failed, database left at version ${current}: ${(err as Error).message}`, {
      cause: err
    })
  }
  return latest
}
