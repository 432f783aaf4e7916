import { buildDeferredIndexesForMigration } from './deferred-indexes'

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

/** What migrating needs of a connection; declared here so migrate.ts and database.ts don't import each other. */
export interface MigrationConnection {
  get<T>(sql: string): Promise<T | undefined>
  all<T>(sql: string): Promise<T[]>
  exec(sql: string): Promise<void>
}

/** The schema version a list of migrations brings a database to. */
export function latestVersion(migrations: readonly Migration[]): number {
  return Math.max(0, ...migrations.map((m) => m.version))
}

/** Applies every pending migration in one transaction; versions only ever increase. */
export async function migrate(conn: MigrationConnection, migrations: readonly Migration[]): Promise<number> {
  const sorted = [...migrations].sort((a, b) => a.version - b.version)
  // Numbers are reserved per piece of work in progress, so a branch may have gaps (1, 2, 3, 6):
  // versions must only increase. Merged, the list is 1..n again.
  sorted.forEach((m, i) => {
    const previous = i === 0 ? 0 : sorted[i - 1]!.version
    if (m.version <= previous) throw new Error(`migration versions must increase; found ${m.version} after ${previous}`)
  })
  const row = await conn.get<{ user_version: number }>('PRAGMA user_version')
  const current = row?.user_version ?? 0
  const latest = latestVersion(sorted)
  if (current > latest) throw new DatabaseTooNew(current, latest)
  const pending = sorted.filter((m) => m.version > current)
  if (pending.length === 0) return current
  await conn.exec('BEGIN IMMEDIATE')
  try {
    await buildDeferredIndexesForMigration(conn)
    for (const m of pending) {
      await conn.exec(m.up)
    }
    await conn.exec(`PRAGMA user_version = ${latest}`)
    await conn.exec('COMMIT')
  } catch (err) {
    await conn.exec('ROLLBACK').catch(() => undefined)
    throw new Error(
      `migration failed, database left at version ${current}: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err
      }
    )
  }
  return latest
}
