import { afterEach, describe, expect, it } from 'vitest'
import type { Database } from '../../src/main/db/database'
import { applyBulkEdit } from '../../src/main/leads'
import { makeLeads, seedDatabase } from '../helpers/lead-seed'

/*
 * A bulk edit stacked on leads that already have open outbox edits, on a real SQLite file: every
 * rule the outbox keeps for a single edit (outbox-rows.ts) holds for each lead of a bulk edit, so
 * stacked edits still make one push per lead and never send an older value over a newer one.
 */

const NOW = '2026-03-02T00:00:00.000Z'
let cleanup: (() => Promise<void>) | null = null
afterEach(async () => {
  await cleanup?.()
  cleanup = null
})

interface Row {
  id: number
  lead_id: number
  state: string
  patch: Record<string, unknown>
  base: Record<string, unknown>
  conflicts: unknown[] | null
  next_attempt_at: string | null
}

async function rowsOf(db: Database, leadId: number): Promise<Row[]> {
  const rows = await db.all<{
    id: number
    lead_id: number
    state: string
    patch_json: string
    base_json: string
    conflict_json: string | null
    next_attempt_at: string | null
  }>('SELECT * FROM outbox WHERE lead_id = ? ORDER BY id', [leadId])
  return rows.map((r) => ({
    id: r.id,
    lead_id: r.lead_id,
    state: r.state,
    patch: JSON.parse(r.patch_json) as Record<string, unknown>,
    base: JSON.parse(r.base_json) as Record<string, unknown>,
    conflicts: r.conflict_json ? (JSON.parse(r.conflict_json) as unknown[]) : null,
    next_attempt_at: r.next_attempt_at
  }))
}

async function setup(): Promise<{ db: Database; leadOf: (connection: string, n: number) => number }> {
  // No outbox rows from the seed: each case below makes its own.
  const leads = makeLeads(400, 11).map((l) => ({ ...l, outbox: null, status: 'OPEN', tags: [] }))
  const seeded = await seedDatabase(leads)
  cleanup = seeded.cleanup
  const byConnection = new Map<string, number[]>()
  for (const l of leads) byConnection.set(l.connection, [...(byConnection.get(l.connection) ?? []), l.id])
  return { db: seeded.db, leadOf: (connection, n) => byConnection.get(connection)![n]! }
}

async function queue(
  db: Database,
  leadId: number,
  row: { state: string; patch: object; base: object; conflicts?: object[]; nextAttemptAt?: string }
): Promise<number> {
  return db.write(async (tx) => {
    const lead = await tx.get<{ connection_id: string }>('SELECT connection_id FROM leads WHERE id = ?', [leadId])
    const result = await tx.run(
      `INSERT INTO outbox (lead_id, connection_id, op, patch_json, base_json, state, conflict_json, next_attempt_at,
         created_at, updated_at) VALUES (?, ?, 'update', ?, ?, ?, ?, ?, ?, ?)`,
      [
        leadId,
        lead!.connection_id,
        JSON.stringify(row.patch),
        JSON.stringify(row.base),
        row.state,
        row.conflicts ? JSON.stringify(row.conflicts) : null,
        row.nextAttemptAt ?? null,
        NOW,
        NOW
      ]
    )
    return result.lastID
  })
}

describe('a bulk edit stacked on open outbox edits', () => {
  it('merges into the waiting edit, takes the field out of older ones, and keeps what the platform holds as base', async () => {
    const { db, leadOf } = await setup()
    const fresh = leadOf('conn-a', 0)
    const tagged = leadOf('conn-a', 1)
    const sameField = leadOf('conn-c', 0)
    const inFlight = leadOf('conn-a', 2)
    const conflictAndWaiting = leadOf('conn-d', 0)
    const onlyConflict = leadOf('conn-d', 1)
    const failed = leadOf('conn-c', 1)
    const local = leadOf('conn-b', 0)
    const closed = leadOf('conn-a', 3)
    await db.write((tx) => tx.run("UPDATE leads SET status = 'CLOSED' WHERE id = ?", [closed]))

    await queue(db, tagged, { state: 'pending', patch: { tags: ['x'] }, base: { tags: [] } })
    const sameFieldRow = await queue(db, sameField, {
      state: 'pending',
      patch: { status: 'ONHOLD' },
      base: { status: 'REVIEW' }
    })
    const sending = await queue(db, inFlight, {
      state: 'sending',
      patch: { status: 'ONHOLD' },
      base: { status: 'REVIEW' }
    })
    const conflictRow = await queue(db, conflictAndWaiting, {
      state: 'conflict',
      patch: { status: 'ONHOLD', tags: ['a'] },
      base: { status: 'REVIEW', tags: [] },
      conflicts: [{ field: 'status', local: 'ONHOLD', base: 'REVIEW', remote: 'DEPENDANCY' }]
    })
    const waitingRow = await queue(db, conflictAndWaiting, {
      state: 'pending',
      patch: { agent: 'Ana' },
      base: { agent: null }
    })
    const lonely = await queue(db, onlyConflict, {
      state: 'conflict',
      patch: { status: 'ONHOLD' },
      base: { status: 'REVIEW' },
      conflicts: [{ field: 'status', local: 'ONHOLD', base: 'REVIEW', remote: 'DEPENDANCY' }],
      nextAttemptAt: NOW
    })
    const failedRow = await queue(db, failed, {
      state: 'failed',
      patch: { status: 'ONHOLD' },
      base: { status: 'REVIEW' }
    })
    const localRow = await queue(db, local, { state: 'local-only', patch: { tags: ['z'] }, base: { tags: [] } })

    const ids = [fresh, tagged, sameField, inFlight, conflictAndWaiting, onlyConflict, failed, local, closed]
    const result = await db.write((tx) => applyBulkEdit(tx, ids, { kind: 'setStatus', status: 'CLOSED' }, NOW))
    expect(result).toMatchObject({ changed: 8, unchanged: 1, queued: 7, localOnly: 1 })

    // A lead without open edits gets a new one, from its own value.
    expect(await rowsOf(db, fresh)).toMatchObject([
      { state: 'pending', patch: { status: 'CLOSED' }, base: { status: 'OPEN' } }
    ])
    // Merged into the waiting edit: one push carries both fields.
    expect(await rowsOf(db, tagged)).toMatchObject([
      { state: 'pending', patch: { tags: ['x'], status: 'CLOSED' }, base: { tags: [], status: 'OPEN' } }
    ])
    // The waiting edit of the same field: the newer value wins, the base stays what the platform holds.
    expect(await rowsOf(db, sameField)).toEqual([
      expect.objectContaining({
        id: sameFieldRow,
        state: 'pending',
        patch: { status: 'CLOSED' },
        base: { status: 'REVIEW' }
      })
    ])
    // Never merged into an edit being sent: a new edit follows it, from the base the platform holds.
    expect(await rowsOf(db, inFlight)).toEqual([
      expect.objectContaining({ id: sending, state: 'sending', patch: { status: 'ONHOLD' } }),
      expect.objectContaining({ state: 'pending', patch: { status: 'CLOSED' }, base: { status: 'REVIEW' } })
    ])
    // The conflicting field is taken out of the conflict, which goes back to wait with its other
    // field; the new value joins the waiting edit, from the value the platform showed.
    expect(await rowsOf(db, conflictAndWaiting)).toEqual([
      expect.objectContaining({
        id: conflictRow,
        state: 'pending',
        patch: { tags: ['a'] },
        base: { tags: [] },
        conflicts: null
      }),
      expect.objectContaining({
        id: waitingRow,
        state: 'pending',
        patch: { agent: 'Ana', status: 'CLOSED' },
        base: { agent: null, status: 'DEPENDANCY' }
      })
    ])
    // A conflict left with nothing is superseded, and no longer scheduled.
    expect(await rowsOf(db, onlyConflict)).toEqual([
      expect.objectContaining({ id: lonely, state: 'superseded', patch: {}, conflicts: null, next_attempt_at: null }),
      expect.objectContaining({ state: 'pending', patch: { status: 'CLOSED' }, base: { status: 'DEPENDANCY' } })
    ])
    expect(await rowsOf(db, failed)).toEqual([
      expect.objectContaining({ id: failedRow, state: 'superseded', patch: {} }),
      expect.objectContaining({ state: 'pending', patch: { status: 'CLOSED' }, base: { status: 'REVIEW' } })
    ])
    // Chatzuri stays local, merged into its local edit.
    expect(await rowsOf(db, local)).toEqual([
      expect.objectContaining({ id: localRow, state: 'local-only', patch: { tags: ['z'], status: 'CLOSED' } })
    ])
    expect(await rowsOf(db, closed)).toEqual([])
  })

  it('a second bulk edit of many leads with waiting edits leaves one open edit per lead, with both fields', async () => {
    const { db } = await setup()
    const ids = (await db.all<{ id: number }>('SELECT id FROM leads ORDER BY id')).map((r) => r.id)
    await db.write((tx) => applyBulkEdit(tx, ids, { kind: 'addTags', tags: ['expo'] }, NOW))
    await db.write((tx) => applyBulkEdit(tx, ids, { kind: 'setStatus', status: 'CLOSED' }, NOW))
    await db.write((tx) => applyBulkEdit(tx, ids, { kind: 'addTags', tags: ['vip'] }, NOW))
    const open = await db.all<{ lead_id: number; n: number; patch_json: string; base_json: string }>(
      `SELECT lead_id, count(*) AS n, max(patch_json) AS patch_json, max(base_json) AS base_json FROM outbox
       WHERE state IN ('pending', 'local-only') GROUP BY lead_id`
    )
    expect(open).toHaveLength(ids.length)
    for (const row of open) {
      expect(row.n).toBe(1)
      expect(JSON.parse(row.patch_json)).toEqual({ tags: ['expo', 'vip'], status: 'CLOSED' })
      expect(JSON.parse(row.base_json)).toEqual({ tags: [], status: 'OPEN' })
    }
  })
})
