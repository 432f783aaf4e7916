import type { Database } from '../db'
import type { CompiledSelection } from './export-run'

/** More keys than anyone picks columns from; the chooser says when there were more. */
const MAX_KEYS = 300

/** The distinct custom attribute keys among the leads a selection matches, sorted. */
export async function attributeKeys(
  db: Database,
  selection: Pick<CompiledSelection, 'from' | 'where' | 'params'>
): Promise<{ keys: string[]; truncated: boolean }> {
  // A scan of every matching lead: on a private connection, so the table's queries do not wait behind it.
  const conn = await db.openReader()
  try {
    const rows = await conn.all<{ key: string }>(
      `SELECT DISTINCT j.value ->> '$.key' AS key
       FROM leads AS l, json_each(l.attributes_json) AS j
       WHERE l.id IN (SELECT l.id FROM ${selection.from} WHERE ${selection.where})
         AND l.attributes_json <> '[]' AND key IS NOT NULL AND key <> ''
       ORDER BY key LIMIT ${MAX_KEYS + 1}`,
      selection.params
    )
    return { keys: rows.slice(0, MAX_KEYS).map((r) => String(r.key)), truncated: rows.length > MAX_KEYS }
  } finally {
    await conn.close()
  }
}
