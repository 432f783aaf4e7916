import { join } from 'node:path'
import { leadQuerySchema } from '../../src/shared/contract'
import { Database } from '../../src/main/db/database'
import { previewCounts } from '../../src/main/leads'
import { repeat } from '../frame/stats'
import type { Bench } from '../frame/types'

const PREVIEW = 'bulk.preview: status change, leads of one status'

/**
 * The preview of "set status CLOSED" on every OPEN lead (counts per platform, nothing written), on
 * a copy of the cache no edit has touched. A group of its own, apart from the bulk edits: it shares
 * nothing with them but the cache, and `--only bulk.preview` then runs no edit.
 */
const bench: Bench = {
  name: 'bulk.preview',
  operations: [PREVIEW],
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
    try {
      const samples = await repeat(ctx.options.repeats, async () => {
        const started = performance.now()
        const counts = await previewCounts(db, selection, { kind: 'setStatus', status: 'CLOSED' }, new Date())
        selected = counts.reduce((n, c) => n + c.selected, 0)
        return performance.now() - started
      })
      return [
        {
          operation: PREVIEW,
          ours: 0,
          samples,
          baseline: null,
          baselineIs: null,
          unit: 'ms',
          peakRssMB: null,
          goals: [{ on: 'ours', op: '<', value: 200 }],
          notes: [`${PREVIEW}: ${selected.toLocaleString('en')} leads selected (the goal is for 100,000)`]
        }
      ]
    } finally {
      await db.close()
    }
  }
}
export default bench
