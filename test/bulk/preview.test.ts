import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  PLATFORMS,
  bulkSelectionSchema,
  type BulkAction,
  type BulkSelectionInput,
  type LeadStatus,
  type Platform
} from '../../src/shared/contract'
import type { Database } from '../../src/main/db/database'
import { applyBulkEdit, previewCounts } from '../../src/main/leads'
import { makeLeads, seedDatabase } from '../helpers/lead-seed'
import { recording } from '../../bench/frame/recording'

/*
 * The preview reads the kept counts when they can answer (a query on counted filters, a status or
 * a note) and the leads otherwise. Either way it must equal a count of the leads themselves, here
 * written by hand in SQL, and stay equal after edits, syncs and an archived connection.
 */

const NOW = new Date('2026-01-20T15:00:00.000Z')
let db: Database
let cleanup: () => Promise<void>
beforeAll(async () => {
  ;({ db, cleanup } = await seedDatabase(makeLeads(2000, 31)))
})
afterAll(() => cleanup())

type Counts = Record<Platform, { selected: number; unchanged: number }>

async function preview(selection: BulkSelectionInput, action: BulkAction): Promise<Counts> {
  const counts = await previewCounts(db, bulkSelectionSchema.parse(selection), action, NOW)
  return Object.fromEntries(counts.map((c) => [c.platform, { selected: c.selected, unchanged: c.unchanged }])) as Counts // keyed by every platform, as PLATFORMS lists them
}

/** The leads of live connections that `where` (over `l`) matches: per platform, and how many have `same`. */
async function direct(where: string, same: string, except: readonly number[] = []): Promise<Counts> {
  const rows = await db.all<{ platform: Platform; selected: number; unchanged: number }>(
    `SELECT c.platform, count(*) AS selected, total(${same}) AS unchanged
     FROM leads l JOIN connections c ON c.id = l.connection_id
     WHERE c.archived = 0 AND (${where}) AND l.id NOT IN (${except.join(',') || '0'}) GROUP BY c.platform`
  )
  const out = {} as Counts // filled for every platform just below
  for (const p of PLATFORMS) {
    const r = rows.find((x) => x.platform === p)
    out[p] = { selected: r?.selected ?? 0, unchanged: r?.unchanged ?? 0 }
  }
  return out
}

/** Each case: a selection, an action, and the same selection and "already so" written by hand. */
const CASES: { name: string; selection: BulkSelectionInput; action: BulkAction; where: string; same: string }[] = [
  {
    name: 'every OPEN lead, closed',
    selection: { kind: 'query', query: { filters: { status: ['OPEN'] } } },
    action: { kind: 'setStatus', status: 'CLOSED' },
    where: "l.status = 'OPEN'",
    same: "l.status IS 'CLOSED'"
  },
  {
    name: 'all leads (unknown and missing statuses too), closed',
    selection: { kind: 'query', query: {} },
    action: { kind: 'setStatus', status: 'CLOSED' },
    where: '1',
    same: "l.status IS 'CLOSED'"
  },
  {
    name: 'two statuses of one platform, set to one of them',
    selection: { kind: 'query', query: { filters: { status: ['OPEN', 'REVIEW'], platform: ['express-chat'] } } },
    action: { kind: 'setStatus', status: 'REVIEW' },
    where: "l.status IN ('OPEN', 'REVIEW') AND c.platform = 'express-chat'",
    same: "l.status IS 'REVIEW'"
  },
  {
    name: 'an agent (any case) with an email, opened',
    selection: { kind: 'query', query: { filters: { agent: ['ana', null], hasEmail: true } } },
    action: { kind: 'setStatus', status: 'OPEN' },
    where: "(lower(l.agent) = 'ana' OR ifnull(l.agent, '') = '') AND ifnull(l.email, '') <> ''",
    same: "l.status IS 'OPEN'"
  },
  {
    name: 'chats without a phone of one connection, a note',
    selection: { kind: 'query', query: { filters: { kind: 'chat', hasPhone: false, connection: ['conn-a'] } } },
    action: { kind: 'addNote', note: { title: 'Called', description: '' } },
    where: "l.kind = 'chat' AND ifnull(l.phone, '') = '' AND l.connection_id = 'conn-a'",
    same: '0'
  },
  {
    name: 'a tag filter (not counted), closed',
    selection: { kind: 'query', query: { filters: { tags: { mode: 'any', values: ['vip'] } } } },
    action: { kind: 'setStatus', status: 'CLOSED' },
    where: "EXISTS (SELECT 1 FROM json_each(l.tags_json) WHERE value = 'vip')",
    same: "l.status IS 'CLOSED'"
  },
  {
    name: 'OPEN leads, a tag added (read from the leads)',
    selection: { kind: 'query', query: { filters: { status: ['OPEN'] } } },
    action: { kind: 'addTags', tags: ['hot'] },
    where: "l.status = 'OPEN'",
    same: "EXISTS (SELECT 1 FROM json_each(l.tags_json) WHERE value = 'hot')"
  },
  {
    name: 'one platform with an email, two tags added (one of them new)',
    selection: { kind: 'query', query: { filters: { platform: ['express-chat'], hasEmail: true } } },
    action: { kind: 'addTags', tags: ['vip', 'trade-show-2026', 'vip'] },
    where: "c.platform = 'express-chat' AND ifnull(l.email, '') <> ''",
    same: "EXISTS (SELECT 1 FROM json_each(l.tags_json) WHERE value = 'vip') AND EXISTS (SELECT 1 FROM json_each(l.tags_json) WHERE value = 'trade-show-2026')"
  },
  {
    name: "one platform, two tags some leads have both of (read from the platform's index)",
    selection: { kind: 'query', query: { filters: { platform: ['express-chat'] } } },
    action: { kind: 'addTags', tags: ['hot', 'vip'] },
    where: "c.platform = 'express-chat'",
    same: "EXISTS (SELECT 1 FROM json_each(l.tags_json) WHERE value = 'vip') AND EXISTS (SELECT 1 FROM json_each(l.tags_json) WHERE value = 'hot')"
  },
  {
    name: 'four statuses with an email, a tag added (read from the status index)',
    selection: {
      kind: 'query',
      query: { filters: { status: ['OPEN', 'CLOSED', 'REVIEW', 'ONHOLD'], hasEmail: true } }
    },
    action: { kind: 'addTags', tags: ['expo'] },
    where: "l.status IN ('OPEN', 'CLOSED', 'REVIEW', 'ONHOLD') AND ifnull(l.email, '') <> ''",
    same: "EXISTS (SELECT 1 FROM json_each(l.tags_json) WHERE value = 'expo')"
  },
  {
    name: 'an agent or none, of two statuses, a tag added',
    selection: { kind: 'query', query: { filters: { agent: ['ana', null], status: ['OPEN', 'CLOSED'] } } },
    action: { kind: 'addTags', tags: ['expo'] },
    where: "(lower(l.agent) = 'ana' OR ifnull(l.agent, '') = '') AND l.status IN ('OPEN', 'CLOSED')",
    same: "EXISTS (SELECT 1 FROM json_each(l.tags_json) WHERE value = 'expo')"
  },
  {
    name: 'all leads, two tags some leads have both of',
    selection: { kind: 'query', query: {} },
    action: { kind: 'addTags', tags: ['hot', 'vip'] },
    where: '1',
    same: "EXISTS (SELECT 1 FROM json_each(l.tags_json) WHERE value = 'vip') AND EXISTS (SELECT 1 FROM json_each(l.tags_json) WHERE value = 'hot')"
  },
  {
    name: 'all leads, a tag fewer leads have than are selected',
    selection: { kind: 'query', query: {} },
    action: { kind: 'addTags', tags: ['vip'] },
    where: '1',
    same: "EXISTS (SELECT 1 FROM json_each(l.tags_json) WHERE value = 'vip')"
  }
]

async function expectExact(): Promise<void> {
  for (const c of CASES) {
    expect(await preview(c.selection, c.action), c.name).toEqual(await direct(c.where, c.same))
  }
}

describe('bulk preview counts', () => {
  it('equal a count of the leads for every kind of selection', async () => {
    await expectExact()
    const all = await preview({ kind: 'query', query: {} }, { kind: 'setStatus', status: 'CLOSED' })
    expect(Object.values(all).reduce((n, p) => n + p.selected, 0)).toBe(2000)
    // Not vacuous: each platform has leads already closed and leads to close.
    for (const p of Object.values(all)) expect(p.unchanged).toBeGreaterThan(0)
  })

  it('take off the unticked leads the query matches, and only those', async () => {
    const open = await db.all<{ id: number }>("SELECT id FROM leads WHERE status = 'OPEN' ORDER BY id LIMIT 6")
    const closed = await db.all<{ id: number }>("SELECT id FROM leads WHERE status = 'CLOSED' ORDER BY id LIMIT 3")
    // Unticked: OPEN leads (taken off), CLOSED ones the query does not match (no effect), a repeat, and an unknown id.
    const except = [...open.map((r) => r.id), ...closed.map((r) => r.id), open[0]!.id, 999_999]
    for (const action of [
      { kind: 'setStatus', status: 'OPEN' },
      { kind: 'setStatus', status: 'CLOSED' },
      { kind: 'addNote', note: { title: 'x', description: '' } },
      { kind: 'addTags', tags: ['vip'] }
    ] satisfies BulkAction[]) {
      const same =
        action.kind === 'setStatus'
          ? `l.status IS '${action.status}'`
          : action.kind === 'addTags'
            ? "EXISTS (SELECT 1 FROM json_each(l.tags_json) WHERE value = 'vip')"
            : '0'
      const seen = await preview({ kind: 'query', query: { filters: { status: ['OPEN'] } }, except }, action)
      expect(seen).toEqual(await direct("l.status = 'OPEN'", same, except))
    }
    const seen = await preview(
      { kind: 'query', query: { filters: { status: ['OPEN'] } }, except },
      { kind: 'setStatus', status: 'OPEN' }
    )
    const whole = await preview(
      { kind: 'query', query: { filters: { status: ['OPEN'] } } },
      { kind: 'setStatus', status: 'OPEN' }
    )
    const sum = (c: Counts): number => Object.values(c).reduce((n, p) => n + p.selected, 0)
    expect(sum(whole) - sum(seen)).toBe(6)
  })

  it('stay exact after a bulk edit, a sync-like write, and with a connection archived', async () => {
    const ids = await db.all<{ id: number }>("SELECT id FROM leads WHERE status IN ('OPEN', 'weird') LIMIT 150")
    await db.write((tx) =>
      applyBulkEdit(
        tx,
        ids.map((r) => r.id),
        { kind: 'setStatus', status: 'CLOSED' },
        NOW.toISOString()
      )
    )
    await expectExact()
    // What a sync does: rows written straight, statuses in and out of the known ones, agents, phones.
    await db.write(async (tx) => {
      await tx.run("UPDATE leads SET status = 'OPEN', agent = 'ANA' WHERE id % 9 = 0")
      await tx.run('UPDATE leads SET status = NULL, phone = NULL WHERE id % 13 = 0')
      await tx.run('DELETE FROM leads WHERE id % 17 = 0')
    })
    await expectExact()
    await db.write((tx) => tx.run("UPDATE connections SET archived = 1 WHERE id = 'conn-c'"))
    await expectExact()
    const all = await preview({ kind: 'query', query: {} }, { kind: 'setStatus', status: 'CLOSED' })
    expect(all['chatbot-com'].selected).toBe(0)
  })

  it("read tags being added from the selection's index, or from the tag's, whichever reads less", async () => {
    // The statement that counts leads already tagged, and the first step of its plan.
    const driver = async (selection: BulkSelectionInput, tags: string[]): Promise<string> => {
      const reads = await recording(db, () => preview(selection, { kind: 'addTags', tags }))
      const counting = reads.filter((r) => /count\(\*\) AS unchanged/.test(r.sql) && /lead_tags/.test(r.sql))
      expect(counting).toHaveLength(1)
      const plan = await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${counting[0]!.sql}`, counting[0]!.params)
      return plan[0]!.detail
    }
    // Half the leads by status, a tag on about a quarter of them all: walk the status index.
    const half = { status: ['OPEN', 'CLOSED', 'REVIEW', 'ONHOLD'] satisfies LeadStatus[] }
    expect(await driver({ kind: 'query', query: { filters: half } }, ['hot'])).toMatch(
      /^SEARCH l USING INDEX leads_sort_status/
    )
    // Every lead selected, no filter with an index: the tag's leads, one row each.
    expect(await driver({ kind: 'query', query: {} }, ['hot'])).toMatch(
      /^SEARCH t USING COVERING INDEX lead_tags_by_tag/
    )
  })
})
