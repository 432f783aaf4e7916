// The import's own tables (imports, import_changes): the history, what a commit records and what a
// revert reads back. All of the import's SQL on them is here.
import type { ImportCounts, ImportOptions, ImportRecord } from '../../../shared/contract'
import { insertMany, type Tx } from '../../db'

interface ImportRow {
  id: number
  file_name: string
  connection_id: string | null
  mode: ImportRecord['mode']
  state: ImportRecord['state']
  counts_json: string
  created_at: string
  reverted_at: string | null
  local: number | null
  pushed: number | null
}

type Reader = Pick<Tx, 'all'>

const SELECT = `
  SELECT i.*,
    (SELECT count(*) FROM leads l WHERE l.import_id = i.id AND l.import_state IN ('local', 'pushing')) AS local,
    (SELECT count(*) FROM leads l WHERE l.import_id = i.id AND l.import_state = 'pushed') AS pushed
  FROM imports i`

function toRecord(row: ImportRow): ImportRecord {
  return {
    id: row.id,
    fileName: row.file_name,
    connectionId: row.connection_id,
    mode: row.mode,
    state: row.state,
    counts: JSON.parse(row.counts_json) as ImportCounts,
    createdAt: row.created_at,
    revertedAt: row.reverted_at,
    local: row.local ?? 0,
    pushed: row.pushed ?? 0
  }
}

export async function listImports(db: Reader, limit = 200): Promise<ImportRecord[]> {
  const rows = await db.all<ImportRow>(`${SELECT} ORDER BY i.id DESC LIMIT ?`, [limit])
  return rows.map(toRecord)
}

export async function findImport(db: Reader, id: number): Promise<ImportRecord | null> {
  const [row] = await db.all<ImportRow>(`${SELECT} WHERE i.id = ?`, [id])
  return row ? toRecord(row) : null
}

/** A new import, committed in the same transaction as its leads; its counts come at the end. */
export async function insertImport(
  tx: Tx,
  file: { name: string; size: number },
  connectionId: string,
  mode: ImportOptions['mode'],
  mappingJson: string,
  at: string
): Promise<number> {
  const { lastID } = await tx.run(
    `INSERT INTO imports (file_name, file_size, connection_id, mode, state, counts_json, mapping_json, created_at)
     VALUES (?, ?, ?, ?, 'committed', '{}', ?, ?)`,
    [file.name, file.size, connectionId, mode, mappingJson, at]
  )
  return lastID
}

export async function setImportCounts(tx: Tx, importId: number, counts: ImportCounts): Promise<void> {
  await tx.run('UPDATE imports SET counts_json = ? WHERE id = ?', [JSON.stringify(counts), importId])
}

/** Before- and after-images of the leads an import updated (JSON objects of the changed fields). */
export async function recordImportChanges(
  tx: Tx,
  importId: number,
  changes: readonly { leadId: number; before: string; after: string }[]
): Promise<void> {
  // A lead two rows reach keeps its first before-image; the after-image takes the latest values.
  await insertMany(
    tx,
    'INSERT INTO import_changes (import_id, lead_id, before_json, after_json)',
    4,
    changes.map((c) => [importId, c.leadId, c.before, c.after]),
    `ON CONFLICT (import_id, lead_id) DO UPDATE SET
       before_json = json_patch(excluded.before_json, import_changes.before_json),
       after_json = json_patch(import_changes.after_json, excluded.after_json)`
  )
}

export interface ImportChangeRow {
  lead_id: number
  before_json: string
  after_json: string
}

/** The changes of an import after lead `after`, in lead order, `limit` at a time. */
export function importChangesAfter(
  db: Reader,
  importId: number,
  after: number,
  limit: number
): Promise<ImportChangeRow[]> {
  return db.all<ImportChangeRow>(
    'SELECT lead_id, before_json, after_json FROM import_changes WHERE import_id = ? AND lead_id > ? ORDER BY lead_id LIMIT ?',
    [importId, after, limit]
  )
}

export async function markReverted(tx: Tx, importId: number, at: string, resultJson: string): Promise<void> {
  await tx.run("UPDATE imports SET state = 'reverted', reverted_at = ?, revert_json = ? WHERE id = ?", [
    at,
    resultJson,
    importId
  ])
}

/**
 * Runs `task` with a page cache of `kib` KiB, then puts back the size the writer had (its own
 * setting, not SQLite's default): an import writes every index of a growing table at random places,
 * and spilling pages to the WAL and reading them back is what it otherwise spends its time on.
 */
export async function withPageCache<T>(tx: Tx, kib: number, task: () => Promise<T>): Promise<T> {
  const before = await tx.get<{ cache_size: number }>('PRAGMA cache_size')
  await setPageCache(tx, kib)
  try {
    return await task()
  } finally {
    if (before) await tx.exec(`PRAGMA cache_size = ${Math.trunc(before.cache_size)}`)
  }
}

/** Sets the writer's page cache for the rest of a `withPageCache` task (which puts it back). */
export async function setPageCache(tx: Tx, kib: number): Promise<void> {
  await tx.exec(`PRAGMA cache_size = -${Math.floor(kib)}`)
}
