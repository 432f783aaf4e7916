/**
 * What these need of a connection, declared here: database.ts and migrate.ts use this file, and a
 * type imported back from either would tie them in a cycle. A Tx (database.ts) is one.
 */
interface SchemaConnection {
  get<T>(sql: string, params?: readonly string[]): Promise<T | undefined>
  all<T>(sql: string, params?: readonly string[]): Promise<T[]>
  run(sql: string, params?: readonly string[]): Promise<unknown>
  exec(sql: string): Promise<void>
}

/**
 * Indexes a large write drops and builds again afterwards, kept in `deferred_indexes` (migration
 * 17) in the transaction that drops them: a lead inserted into a dozen indexes costs a random page
 * in each, which at a million leads no page cache holds, while building an index reads the table
 * once and sorts. Unlike the import's (leads/imported-store.ts), a sync's write spans many commits,
 * so the list outlives a transaction and a killed process: whatever is listed is built again later
 * (the writer once its syncs end, the next start, or before any migration).
 */

/** `table`'s indexes but its constraints' (which have no CREATE statement) and those in `keep`. */
export async function droppableIndexes(
  tx: Pick<SchemaConnection, 'all'>,
  table: string,
  keep: ReadonlySet<string>
): Promise<{ name: string; sql: string }[]> {
  const indexes = await tx.all<{ name: string; sql: string }>(
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
    [table]
  )
  return indexes.filter((index) => !keep.has(index.name))
}

/** Drops an index named by sqlite_master, quoted: nothing a platform, a file or a caller sent. */
export function dropIndex(tx: Pick<SchemaConnection, 'exec'>, name: string): Promise<void> {
  return tx.exec(`DROP INDEX "${name.replace(/"/g, '""')}"`)
}

/** Drops `table`'s droppable indexes (droppableIndexes) and lists them; returns how many. */
export async function deferIndexes(tx: SchemaConnection, table: string, keep: ReadonlySet<string>): Promise<number> {
  const dropped = await droppableIndexes(tx, table, keep)
  for (const { name, sql } of dropped) {
    await tx.run('INSERT OR REPLACE INTO deferred_indexes (name, sql) VALUES (?, ?)', [name, sql])
    await dropIndex(tx, name)
  }
  return dropped.length
}

/** How many listed indexes wait to be built. */
export async function deferredIndexCount(db: Pick<SchemaConnection, 'get'>): Promise<number> {
  return (await db.get<{ n: number }>('SELECT count(*) AS n FROM deferred_indexes'))?.n ?? 0
}

/** Builds one listed index (the caller's transaction is its own: seconds at a million rows); false when none is listed. */
export async function buildDeferredIndex(tx: SchemaConnection): Promise<boolean> {
  const next = await tx.get<{ name: string; sql: string }>(
    'SELECT name, sql FROM deferred_indexes ORDER BY name LIMIT 1'
  )
  if (!next) return false
  await buildListed(tx, next)
  await tx.run('DELETE FROM deferred_indexes WHERE name = ?', [next.name])
  return true
}

/**
 * Every listed index, in the migration's transaction before its steps: a migration is written for
 * the schema as its predecessors left it, indexes included.
 */
export async function buildDeferredIndexesForMigration(conn: Omit<SchemaConnection, 'run'>): Promise<void> {
  if (!(await conn.get("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'deferred_indexes'"))) return
  for (const listed of await conn.all<{ name: string; sql: string }>('SELECT name, sql FROM deferred_indexes')) {
    await buildListed(conn, listed)
  }
  await conn.exec('DELETE FROM deferred_indexes')
}

async function buildListed(
  conn: Pick<SchemaConnection, 'get' | 'exec'>,
  { name, sql }: { name: string; sql: string }
): Promise<void> {
  // Built and unlisted in one transaction, so only a schema changed by hand has it already.
  const present = await conn.get(
    `SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = '${name.replace(/'/g, "''")}'`
  )
  if (!present) await conn.exec(sql)
}
