import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { leadQuerySchema } from '../../src/shared/contract'
import type { Database } from '../../src/main/db/database'
import { countedSql } from '../../src/main/leads/query'
import { upsertLeads } from '../../src/main/leads/upsert'
import type { NormalizedLead } from '../../src/main/providers/connector'
import { makeLeads, rng, seedDatabase } from '../helpers/lead-seed'

let db: Database
let cleanup: () => Promise<void>
beforeAll(async () => {
  ;({ db, cleanup } = await seedDatabase(makeLeads(400, 3)))
})
afterAll(() => cleanup())

/** The kept counts minus a fresh count: every row should be zero. */
async function drift(): Promise<unknown[]> {
  return db.all(`
    SELECT * FROM (
      SELECT connection_id, kind, sort_status, sort_agent, has_email, has_phone, sum(n) AS n FROM (
        SELECT connection_id, kind, sort_status, sort_agent, has_email, has_phone, n FROM lead_counts
        UNION ALL
        SELECT connection_id, kind, sort_status, sort_agent, sort_email <> '', ifnull(phone, '') <> '', -1 FROM leads
      ) GROUP BY 1, 2, 3, 4, 5, 6
    ) WHERE n <> 0
    UNION ALL
    SELECT tag, NULL, NULL, NULL, NULL, NULL, sum(n) FROM (
      SELECT tag, n FROM tag_counts UNION ALL SELECT tag, -1 FROM lead_tags
    ) GROUP BY tag HAVING sum(n) <> 0`)
}

function normalized(remoteId: string, random: () => number): NormalizedLead {
  return {
    remoteId,
    kind: random() < 0.5 ? 'lead' : 'chat',
    name: 'Synced',
    email: random() < 0.5 ? null : 'x@y.z',
    phone: random() < 0.5 ? null : '123',
    phonePrefix: null,
    status: random() < 0.5 ? 'OPEN' : 'CLOSED',
    agent: random() < 0.5 ? null : 'Zoe',
    picture: null,
    city: null,
    country: null,
    gender: null,
    tags: random() < 0.5 ? [] : ['synced', 'vip'],
    notes: [],
    attributes: [],
    lastMessageText: null,
    lastMessageAt: null,
    lastMessageBy: null,
    websiteVisits: null,
    createdAt: null,
    updatedAt: null,
    raw: { n: random() }
  }
}

describe('migration 7: kept lead and tag counts', () => {
  it('starts exact on a cache that already has leads', async () => {
    expect(await drift()).toEqual([])
    expect((await db.get<{ n: number }>('SELECT sum(n) AS n FROM lead_counts'))?.n).toBe(400)
  })

  it('stays exact through edits, syncs, deletes and a removed connection, whoever writes', async () => {
    const random = rng(99)
    for (let round = 0; round < 30; round++) {
      await db
        .write(async (tx) => {
          const id = 1 + Math.floor(random() * 400)
          switch (round % 6) {
            case 0:
              await tx.run(`UPDATE leads SET status = ?, agent = ? WHERE id = ?`, [
                random() < 0.5 ? 'REVIEW' : null,
                random() < 0.5 ? 'Bob' : null,
                id
              ])
              break
            case 1:
              await tx.run(`UPDATE leads SET email = ?, phone = ?, kind = 'chat' WHERE id % 7 = ?`, [
                random() < 0.5 ? '' : 'a@b.c',
                random() < 0.5 ? null : '1',
                round % 7
              ])
              break
            case 2:
              await tx.run(`UPDATE leads SET tags_json = ? WHERE id % 5 = ?`, [
                JSON.stringify(random() < 0.5 ? ['vip', 'new'] : []),
                round % 5
              ])
              break
            case 3:
              await tx.run(`DELETE FROM leads WHERE id = ?`, [id])
              break
            case 4: {
              // A sync page: new records and changed ones, through the real upsert.
              const page = Array.from({ length: 20 }, (_, i) => normalized(`sync-${(round * 7 + i) % 30}`, random))
              await upsertLeads(tx, 'conn-a', page, '2026-01-01T00:00:00.000Z')
              break
            }
            case 5:
              // Leads moving between connections, one statement each.
              for (const r of await tx.all<{ id: number }>(`SELECT id FROM leads WHERE id % 11 = ?`, [round % 11])) {
                await tx.run(
                  `UPDATE leads SET connection_id = 'conn-d', remote_id = remote_id || '-moved-' || ? WHERE id = ?`,
                  [round, r.id]
                )
              }
          }
        })
        .catch((err: unknown) => {
          throw new Error(`round ${round}: ${String(err)}`)
        })
      expect(await drift(), `round ${round}`).toEqual([])
    }
    await db.write((tx) => tx.run(`DELETE FROM connections WHERE id = 'conn-b'`))
    expect(await drift()).toEqual([])
  })

  it('answers a count over counted filters from lead_counts alone', async () => {
    const { sql, params } = countedSql(
      leadQuerySchema.parse({ filters: { status: ['OPEN'], platform: ['express-chat'], kind: 'lead', hasEmail: true } })
        .filters
    )
    const plan = (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params))
      .map((r) => r.detail)
      .join(' | ')
    expect(plan).toMatch(/(SEARCH|SCAN) k\b/)
    expect(plan).not.toMatch(/\bleads\b|TEMP B-TREE/)
  })
})

describe('migration 8: search prefixes', () => {
  it('indexes one- and two-letter prefixes, so a first page of "p" reads a page of hits', async () => {
    const sql = (await db.get<{ sql: string }>(`SELECT sql FROM sqlite_master WHERE name = 'leads_fts'`))!.sql
    expect(sql).toMatch(/prefix\s*=\s*'1 2'/)
    const hits = await db.all<{ id: number }>(
      `SELECT rowid AS id FROM leads_fts WHERE leads_fts MATCH '"p"*' ORDER BY rowid DESC LIMIT 5`
    )
    expect(hits.length).toBe(5)
    const plan = (
      await db.all<{ detail: string }>(
        `EXPLAIN QUERY PLAN SELECT rowid FROM leads_fts WHERE leads_fts MATCH '"p"*' ORDER BY rowid DESC LIMIT 5`
      )
    )
      .map((r) => r.detail)
      .join(' | ')
    expect(plan).toMatch(/VIRTUAL TABLE INDEX/)
    expect(plan).not.toMatch(/TEMP B-TREE/)
  })

  it('still follows every write to leads (the triggers of migration 2 find the new table)', async () => {
    await db.write((tx) =>
      tx.run(`UPDATE leads SET name = 'Xylophonist Person' WHERE id = (SELECT min(id) FROM leads)`)
    )
    expect(await db.all(`SELECT rowid FROM leads_fts WHERE leads_fts MATCH '"xy"*'`)).toHaveLength(1)
    await db.write((tx) => tx.run(`DELETE FROM leads WHERE name = 'Xylophonist Person'`))
    expect(await db.all(`SELECT rowid FROM leads_fts WHERE leads_fts MATCH '"xy"*'`)).toHaveLength(0)
  })
})
