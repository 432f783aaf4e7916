import { join } from 'node:path'
import type { BulkAction } from '../../src/shared/contract'
import { Database, WRITER_PRAGMAS } from '../../src/main/db/database'
import { applyBulkEdit } from '../../src/main/leads'
import { startPeak } from '../frame/rss'
import { runShell } from '../frame/shell'
import type { Bench, BenchContext, Measurement } from '../frame/types'

/** Each edit takes its own range of lead ids, so no edit meets another's outbox rows. */
const EDITS = [
  { what: 'status change', size: 10_000, action: { kind: 'setStatus', status: 'CLOSED' } },
  { what: 'status change', size: 100_000, action: { kind: 'setStatus', status: 'CLOSED' } },
  { what: 'add tag', size: 10_000, action: { kind: 'addTags', tags: ['bench-tag'] } },
  { what: 'add tag', size: 100_000, action: { kind: 'addTags', tags: ['bench-tag'] } }
] as const satisfies readonly { what: string; size: number; action: BulkAction }[]

/** The leads an edit takes: its size, or a quarter of a smaller cache (`--leads 2000`), so every edit has leads. */
const sizeOf = (e: (typeof EDITS)[number], leads: number): number => Math.min(e.size, Math.floor(leads / EDITS.length))

const label = (e: (typeof EDITS)[number]): string => `bulk.edit: ${e.what}, ${e.size.toLocaleString('en')} leads`
/**
 * A second bulk edit on the leads of the first one (10,000 status changes), whose outbox edits still
 * wait: it merges into them (one push per lead) instead of adding rows.
 */
const STACKED = 'bulk.edit: add tag stacked on the 10,000 leads of the status change'
const STACKED_TAG = 'bench-stacked'

/** The shell's version of the stacked edit: merge into the waiting rows, a new row for the others. */
function shellStacked(size: number, bulkId: number): string {
  const after = `json_insert(l.tags_json, '$[#]', '${STACKED_TAG}')`
  return `
    BEGIN IMMEDIATE;
    CREATE TEMP TABLE sel AS SELECT l.id AS id FROM leads l WHERE l.id IN (SELECT id FROM leads ORDER BY id LIMIT ${size})
      AND NOT EXISTS (SELECT 1 FROM lead_tags t WHERE t.lead_id = l.id AND t.tag = '${STACKED_TAG}');
    INSERT INTO bulk_edits (id, action_json, summary, field, created_at) VALUES (${bulkId}, '{}', 'bench', 'tags', 'now');
    INSERT INTO bulk_edit_leads (bulk_id, lead_id, before_json, after_json)
      SELECT ${bulkId}, l.id, l.tags_json, ${after} FROM leads l JOIN sel ON sel.id = l.id;
    INSERT INTO outbox (lead_id, connection_id, op, patch_json, base_json, state, created_at, updated_at)
      SELECT l.id, l.connection_id, 'update', json_object('tags', json(${after})), json_object('tags', json(l.tags_json)),
        CASE c.platform WHEN 'chatzuri' THEN 'local-only' ELSE 'pending' END, 'now', 'now'
      FROM leads l JOIN sel ON sel.id = l.id JOIN connections c ON c.id = l.connection_id
      WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.lead_id = l.id AND o.state IN ('pending', 'local-only'));
    UPDATE outbox SET patch_json = json_set(outbox.patch_json, '$.tags', json(${after})),
        base_json = json_set(outbox.base_json, '$.tags', json(l.tags_json)), updated_at = 'now'
      FROM leads l WHERE l.id = outbox.lead_id AND l.id IN (SELECT id FROM sel) AND outbox.state IN ('pending', 'local-only')
        AND outbox.patch_json -> '$.tags' IS NULL;
    UPDATE leads SET tags_json = json_insert(tags_json, '$[#]', '${STACKED_TAG}') WHERE id IN (SELECT id FROM sel);
    DROP TABLE sel;
    COMMIT;`
}

/**
 * The same edit as SQL the shell runs in one transaction: the leads, one outbox row each (local
 * for Chatzuri) and the undo rows, with the same triggers (tags, full-text, counts) firing.
 */
function shellEdit(e: (typeof EDITS)[number], size: number, offset: number, bulkId: number): string {
  const sel = `SELECT id FROM leads ORDER BY id LIMIT ${size} OFFSET ${offset}`
  const isTag = e.action.kind === 'addTags'
  const column = isTag ? 'tags_json' : 'status'
  const after = isTag ? `json_insert(l.tags_json, '$[#]', 'bench-tag')` : `'CLOSED'`
  const changes = isTag
    ? `NOT EXISTS (SELECT 1 FROM lead_tags t WHERE t.lead_id = l.id AND t.tag = 'bench-tag')`
    : `l.status IS NOT 'CLOSED'`
  const before = isTag ? 'l.tags_json' : 'json_quote(l.status)'
  const field = isTag ? 'tags' : 'status'
  return `
    BEGIN IMMEDIATE;
    CREATE TEMP TABLE sel AS SELECT l.id AS id FROM leads l WHERE l.id IN (${sel}) AND ${changes};
    INSERT INTO bulk_edits (id, action_json, summary, field, created_at) VALUES (${bulkId}, '{}', 'bench', '${field}', 'now');
    INSERT INTO bulk_edit_leads (bulk_id, lead_id, before_json, after_json)
      SELECT ${bulkId}, l.id, ${before}, ${isTag ? after : `'"CLOSED"'`} FROM leads l JOIN sel ON sel.id = l.id;
    INSERT INTO outbox (lead_id, connection_id, op, patch_json, base_json, state, created_at, updated_at)
      SELECT l.id, l.connection_id, 'update', json_object('${field}', ${isTag ? `json(${after})` : `'CLOSED'`}),
        json_object('${field}', ${isTag ? 'json(l.tags_json)' : 'l.status'}),
        CASE c.platform WHEN 'chatzuri' THEN 'local-only' ELSE 'pending' END, 'now', 'now'
      FROM leads l JOIN sel ON sel.id = l.id JOIN connections c ON c.id = l.connection_id;
    UPDATE leads SET ${column} = ${after.replace(/l\./g, '')} WHERE id IN (SELECT id FROM sel);
    DROP TABLE sel;
    COMMIT;`
}

interface Ours {
  seconds: number[]
  changed: number[]
  stacked: { seconds: number; changed: number; merged: number }
  peak: number | null
}

/** The stacked edit on the first edit's leads; `merged` counts the leads whose waiting edit took it. */
async function stackedEdit(db: Database, size: number): Promise<Ours['stacked']> {
  const rows = await db.all<{ id: number }>('SELECT id FROM leads ORDER BY id LIMIT ?', [size])
  const waiting = async (): Promise<number> =>
    (await db.get<{ n: number }>(
      "SELECT count(*) AS n FROM outbox WHERE state IN ('pending', 'local-only') AND lead_id <= ?",
      [rows.at(-1)?.id ?? 0]
    ))!.n
  const before = await waiting()
  const started = performance.now()
  const result = await db.write((tx) =>
    applyBulkEdit(
      tx,
      rows.map((r) => r.id),
      { kind: 'addTags', tags: [STACKED_TAG] },
      new Date().toISOString()
    )
  )
  const seconds = (performance.now() - started) / 1000
  // Rows added by the stacked edit are the leads it changed that had no waiting edit to join.
  const merged = result.changed - ((await waiting()) - before)
  return { seconds, changed: result.changed, merged }
}

async function ours(ctx: BenchContext): Promise<Ours> {
  const dir = await ctx.cacheCopy('bulk-ours')
  const db = await Database.open(join(dir, 'leads.sqlite'))
  const seconds: number[] = []
  const changed: number[] = []
  try {
    const peak = startPeak()
    let offset = 0
    for (const e of EDITS) {
      const size = sizeOf(e, ctx.options.leads)
      const rows = await db.all<{ id: number }>('SELECT id FROM leads ORDER BY id LIMIT ? OFFSET ?', [size, offset])
      offset += size
      const started = performance.now()
      const result = await db.write((tx) =>
        applyBulkEdit(
          tx,
          rows.map((r) => r.id),
          e.action,
          new Date().toISOString()
        )
      )
      seconds.push((performance.now() - started) / 1000)
      changed.push(result.changed)
    }
    const stacked = await stackedEdit(db, sizeOf(EDITS[0], ctx.options.leads))
    return { seconds, changed, stacked, peak: peak() }
  } finally {
    await db.close()
  }
}

const bench: Bench = {
  name: 'bulk',
  operations: [...EDITS.map(label), STACKED],
  needs: ['cache', 'shell'],
  async run(ctx) {
    const mine = await ours(ctx)

    const shellDir = await ctx.cacheCopy('bulk-shell')
    const shell = (await ctx.shell()).path
    const shellSeconds: number[] = []
    let offset = 0
    for (const [i, e] of EDITS.entries()) {
      const run = await runShell(
        shell,
        join(shellDir, 'leads.sqlite'),
        `${WRITER_PRAGMAS}
${shellEdit(e, sizeOf(e, ctx.options.leads), offset, 900_000 + i)}`
      )
      offset += sizeOf(e, ctx.options.leads)
      shellSeconds.push(run.seconds)
    }
    const stackedShell = await runShell(
      shell,
      join(shellDir, 'leads.sqlite'),
      `${WRITER_PRAGMAS}
${shellStacked(sizeOf(EDITS[0], ctx.options.leads), 900_000 + EDITS.length)}`
    )

    const rows: Measurement[] = EDITS.map((e, i) => ({
      operation: label(e),
      ours: mine.changed[i]! / mine.seconds[i]!,
      baseline: mine.changed[i]! / shellSeconds[i]!,
      baselineIs: 'sqlite3 shell, the same rows written by SQL in one transaction',
      unit: 'leads/s',
      peakRssMB: mine.peak,
      goals: [{ on: 'ratio', op: '>=', value: 0.5 }],
      notes: [
        `${label(e)}: ${mine.changed[i]} leads changed in ${mine.seconds[i]!.toFixed(2)} s (shell ${shellSeconds[i]!.toFixed(2)} s, ` +
          'process start included); leads, outbox rows, undo rows, tag and full-text upkeep in one transaction'
      ]
    }))

    const st = mine.stacked
    rows.push({
      operation: STACKED,
      ours: st.changed / st.seconds,
      baseline: st.changed / stackedShell.seconds,
      baselineIs: 'sqlite3 shell, the same merge by SQL in one transaction',
      unit: 'leads/s',
      peakRssMB: mine.peak,
      goals: [{ on: 'ratio', op: '>=', value: 0.5 }],
      notes: [
        `${STACKED}: ${st.changed} leads changed in ${st.seconds.toFixed(2)} s (shell ${stackedShell.seconds.toFixed(2)} s), ` +
          `${st.merged} of them merged into their waiting edit (set-based, bulk-store.ts queueEdits), the rest queued anew`
      ]
    })
    return rows
  }
}
export default bench
