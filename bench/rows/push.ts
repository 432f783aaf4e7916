import { PLATFORMS, type Platform } from '../../src/shared/contract/model'
import { pushInChild } from '../frame/push'
import type { PushFigures } from '../frame/push-worker'
import { startSandboxProcess, writeTarget, type SandboxProcess } from '../frame/sandbox'
import type { Bench, BenchContext, Measurement } from '../frame/types'

/**
 * Edits queued and pushed: 10,000 from 100,000 leads up, as the issue asks; a tenth of the leads
 * on a small cache (`--leads 2000`: 200), which keeps the bench's own test short.
 */
const editsFor = (leads: number): number => Math.min(10_000, Math.max(100, Math.floor(leads / 10)))
/**
 * The rate limit "on": requests per second the sandbox takes per platform, the rest get 429 +
 * Retry-After. Below what the push reaches unlimited on this machine kind (~25/s per platform), so
 * the limit is met and honoured, not just present.
 */
const RATE = 20

const label = (limit: 'off' | 'on'): string =>
  `push.outbox: queued edits, rate limit ${limit === 'off' ? 'off' : `${RATE}/s`}`

interface Run {
  figures: PushFigures
  /** CPU seconds the sandbox process spent answering (null where not measurable). */
  sandboxCpu: number | null
  /** Leads the sandbox wrote more than once, and leads it wrote at all. */
  writtenTwice: number
  writtenLeads: number
  writes: number
}

/** One push: a fresh copy of the cache, the sandbox back to its seeded state with the limit set. */
async function run(ctx: BenchContext, sandbox: SandboxProcess, rate: number): Promise<Run> {
  await sandbox.reset()
  for (const platform of PLATFORMS) await sandbox.setFaults(platform, { rate })
  const dataDir = await ctx.cacheCopy(`push-rate-${rate}`)
  const cpuBefore = sandbox.cpu()
  const figures = await pushInChild(ctx.options.root, {
    dataDir,
    accounts: sandbox.accounts,
    admin: sandbox.admin,
    edits: editsFor(ctx.options.leads)
  })
  const cpuAfter = sandbox.cpu()
  const writes = await sandbox.writes()
  const perLead = new Map<string, number>()
  for (const w of writes) perLead.set(writeTarget(w), (perLead.get(writeTarget(w)) ?? 0) + 1)
  return {
    figures,
    sandboxCpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
    writes: writes.length,
    writtenLeads: perLead.size,
    writtenTwice: [...perLead.values()].filter((n) => n > 1).length
  }
}

const total = (counts: Record<Platform, number>): number => PLATFORMS.reduce((n, p) => n + counts[p], 0)

function row(limit: 'off' | 'on', r: Run): Measurement {
  const f = r.figures
  const onceEach = r.writtenTwice === 0 && r.writtenLeads === f.delivered && r.writes === f.delivered
  return {
    operation: label(limit),
    ours: f.delivered / f.seconds,
    baseline: null,
    baselineIs: null,
    unit: 'pushes/s',
    peakRssMB: f.peakRssMB,
    // The issue sets no figure to reach; the notes say whether every edit went out, each lead once.
    notes: [
      `${label(limit)}: ${f.delivered.toLocaleString('en')} of ${f.queued.toLocaleString('en')} queued edits delivered ` +
        `in ${f.seconds.toFixed(1)} s (${f.rounds} push${f.rounds === 1 ? '' : 'es'} started, ${f.failed} failed, ` +
        `${f.waiting} still waiting); ${total(f.requests).toLocaleString('en')} requests ` +
        `(express-chat ${f.requests['express-chat']}, ChatBot.com ${f.requests['chatbot-com']}), ` +
        `${total(f.limited).toLocaleString('en')} answered 429; ` +
        `${onceEach ? 'each lead written once' : `NOT each lead once: ${r.writes} writes to ${r.writtenLeads} leads, ${r.writtenTwice} written twice or more`}; ` +
        `CPU: Lead Manager ${f.appCpuSeconds.toFixed(1)} s, sandbox ${r.sandboxCpu?.toFixed(1) ?? '?'} s; ` +
        'the rest of the wall time is waiting (round trips, the one write queue, a shared machine). No shell baseline: the sqlite3 shell cannot push to a platform.'
    ]
  }
}

const bench: Bench = {
  name: 'push.outbox',
  operations: [label('off'), label('on')],
  needs: ['cache'],
  async run(ctx) {
    await ctx.cache()
    const sandbox = await startSandboxProcess(ctx.options.root, ctx.options.seed, ctx.options.leads)
    try {
      const off = await run(ctx, sandbox, 0)
      const on = await run(ctx, sandbox, RATE)
      for (const [limit, r] of [
        ['off', off],
        ['on', on]
      ] as const) {
        if (r.figures.delivered !== r.figures.queued || r.writtenTwice > 0 || r.writes !== r.figures.delivered) {
          ctx.log(`push.outbox: rate limit ${limit}: not every edit went out exactly once (see the notes)`)
        }
      }
      return [row('off', off), row('on', on)]
    } finally {
      await sandbox.stop()
    }
  }
}
export default bench
