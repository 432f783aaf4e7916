import type { Database, SqlValue } from '../../src/main/db'

export type Statement = { sql: string; params: readonly SqlValue[] }

/** Runs `fn` with every statement it reads through `db` recorded, so the shell (or a plan check) can run the same ones. */
export async function recording(db: Database, fn: () => Promise<unknown>): Promise<Statement[]> {
  const seen: Statement[] = []
  const { all, get } = db
  db.all = <T>(sql: string, params: readonly SqlValue[] = []) => {
    seen.push({ sql, params })
    return all.call(db, sql, params) as Promise<T[]> // the same call, its type parameter passed through
  }
  db.get = <T>(sql: string, params: readonly SqlValue[] = []) => {
    seen.push({ sql, params })
    return get.call(db, sql, params) as Promise<T | undefined> // as above
  }
  try {
    await fn()
  } finally {
    db.all = all
    db.get = get
  }
  return seen
}
