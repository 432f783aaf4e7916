import { randomUUID } from 'node:crypto'
import { leadQuerySchema, type LeadQuery, type View } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { Database, Tx } from '../db'

interface ViewRecord {
  id: string
  name: string
  query_json: string
  position: number
}

/** A stored query read back through the schema: one saved by an older version still opens. */
function parseQuery(json: string): LeadQuery {
  let raw: unknown = {}
  try {
    raw = JSON.parse(json)
  } catch {
    // Unreadable JSON: the view opens as the default query rather than not at all.
  }
  const parsed = leadQuerySchema.safeParse(raw)
  return parsed.success ? parsed.data : leadQuerySchema.parse({})
}

const toView = (r: ViewRecord): View => ({
  id: r.id,
  kind: 'saved',
  name: r.name,
  query: parseQuery(r.query_json),
  connectionId: null
})

/** The id of the view each connection has by itself. */
export const connectionViewId = (connectionId: string): string => `connection:${connectionId}`

export async function listViews(db: Database): Promise<View[]> {
  const saved = await db.all<ViewRecord>('SELECT id, name, query_json, position FROM views ORDER BY position')
  const connections = await db.all<{ id: string; name: string }>(
    'SELECT id, name FROM connections WHERE archived = 0 ORDER BY name, rowid'
  )
  return [
    ...saved.map(toView),
    ...connections.map((c): View => ({
      id: connectionViewId(c.id),
      kind: 'connection',
      name: c.name,
      query: leadQuerySchema.parse({ filters: { connection: [c.id] } }),
      connectionId: c.id
    }))
  ]
}

export async function findView(db: Database, id: string): Promise<View> {
  const view = (await listViews(db)).find((v) => v.id === id)
  if (!view) throw new AppError('NOT_FOUND', 'That view no longer exists.')
  return view
}

export async function createView(tx: Tx, name: string, query: LeadQuery, now: string): Promise<View> {
  const id = randomUUID()
  const last = await tx.get<{ p: number | null }>('SELECT max(position) AS p FROM views')
  const position = (last?.p ?? -1) + 1
  await tx.run('INSERT INTO views (id, name, query_json, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', [
    id,
    name,
    JSON.stringify(query),
    position,
    now,
    now
  ])
  return { id, kind: 'saved', name, query, connectionId: null }
}

async function savedRecord(tx: Tx, id: string): Promise<ViewRecord> {
  const row = await tx.get<ViewRecord>('SELECT id, name, query_json, position FROM views WHERE id = ?', [id])
  if (row) return row
  if (id.startsWith('connection:')) {
    throw new AppError('READ_ONLY', 'A connection’s own view cannot be changed; duplicate it to make one you can.')
  }
  throw new AppError('NOT_FOUND', 'That view no longer exists.')
}

export async function updateView(
  tx: Tx,
  id: string,
  changes: { name?: string; query?: LeadQuery },
  now: string
): Promise<View> {
  const row = await savedRecord(tx, id)
  const next: ViewRecord = {
    ...row,
    name: changes.name ?? row.name,
    query_json: changes.query ? JSON.stringify(changes.query) : row.query_json
  }
  await tx.run('UPDATE views SET name = ?, query_json = ?, updated_at = ? WHERE id = ?', [
    next.name,
    next.query_json,
    now,
    id
  ])
  return toView(next)
}

export async function deleteView(tx: Tx, id: string): Promise<void> {
  await savedRecord(tx, id)
  await tx.run('DELETE FROM views WHERE id = ?', [id])
}

/** Saved views in the given order; any not named keep their relative order after those named. */
export async function reorderViews(tx: Tx, ids: readonly string[]): Promise<void> {
  const current = await tx.all<{ id: string }>('SELECT id FROM views ORDER BY position')
  const known = new Set(current.map((r) => r.id))
  const unknown = ids.filter((id) => !known.has(id))
  if (unknown.length) throw new AppError('NOT_FOUND', `No saved view with id ${unknown[0]}.`)
  const named = [...new Set(ids)]
  const order = [...named, ...current.map((r) => r.id).filter((id) => !named.includes(id))]
  for (const [position, id] of order.entries()) {
    await tx.run('UPDATE views SET position = ? WHERE id = ?', [position, id])
  }
}

/** A name not yet taken: "Open leads (copy)", "Open leads (copy 2)", … */
export async function copyName(db: Database, base: string): Promise<string> {
  const taken = new Set((await listViews(db)).map((v) => v.name))
  for (let i = 1; ; i++) {
    const name = `${base} (copy${i > 1 ? ` ${i}` : ''})`.slice(0, 256)
    if (!taken.has(name)) return name
  }
}
