import { join } from 'node:path'
import { leadQuerySchema, type BulkAction } from '../../src/shared/contract'
import { Database } from '../../src/main/db/database'
import { previewCounts } from '../../src/main/leads'
import { repeat } from '../frame/stats'
import type { Bench } from '../frame/types'

const PREVIEW = 'bulk.preview: status change, leads of one status'
const NEW_TAG = 'bulk.preview: add a new tag, leads of one status'
const HELD_TAG = 'bulk.preview: add a tag some of them have, leads of one status'

/**
 * The preview of "set status CLOSED", of "add a tag no lead has" and of "add the data's most used
 * tag" on every OPEN lead (counts per platform, nothing written), on a copy of the cache no edit
 * has touched. A group of its own, apart from the bulk edits: it shares
 * nothing with them but the cache, and `--only bulk.preview` then runs no edit.
 */
const bench: Bench = {
  name: 'bulk.preview',
  operations: [PREVIEW, NEW_TAG, HELD_TAG],
  needs: ['cache'],
  async run(ctx) {
    const dir = await ctx.cacheCopy('bulk-preview')
    const db = await Database.open(join(dir, 'leads.sqlite'))
    const selection = {
      kind: 'query' as const,
      query: leadQuerySchema.parse({ filters: { status: ['OPEN'] } }),
      except: []
    }
    let selected = 0
    const measure = async (action: BulkAction): Promise<number[]> =>
      repeat(ctx.options.repeats, async () => {
        const started = performance.now()
        const counts = await previewCounts(db, selection, action, new Date())
        selected = counts.reduce((n, c) => n + c.selected, 0)
        return performance.now() - started
      })
    try {
      const common = await db.get<{ tag: string; n: number }>('SELECT tag, n FROM tag_counts ORDER BY n DESC LIMIT 1')
      const cases: { operation: string; action: BulkAction; note: string }[] = [
        { operation: PREVIEW, action: { kind: 'setStatus', status: 'CLOSED' }, note: 'set status CLOSED' },
        { operation: NEW_TAG, action: { kind: 'addTags', tags: ['bench-new-tag'] }, note: 'add a tag no lead has' },
        {
          operation: HELD_TAG,
          action: { kind: 'addTags', tags: [common?.tag ?? 'vip'] },
          note: `add the most used tag (${(common?.n ?? 0).toLocaleString('en')} leads have it)`
        }
      ]
      const rows = []
      for (const c of cases) {
        const samples = await measure(c.action)
        rows.push({
          operation: c.operation,
          ours: 0,
          samples,
          baseline: null,
          baselineIs: null,
          unit: 'ms',
          peakRssMB: null,
          goals: [{ on: 'ours' as const, op: '<' as const, value: 200 }],
          notes: [
            `${c.operation}: ${c.note}; ${selected.toLocaleString('en')} leads selected (the goal is for 100,000)`
          ]
        })
      }
      return rows
    } finally {
      await db.close()
    }
  }
}
export default bench
