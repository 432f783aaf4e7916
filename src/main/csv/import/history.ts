import type { ImportCounts, ImportRecord } from '../../../shared/contract'
import type { Tx } from '../../db'

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
