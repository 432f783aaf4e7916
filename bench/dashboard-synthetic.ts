// The dashboard's aggregates timed on a synthetic cache, for when the synced bench cache of
// `npm run bench` (a real first sync of 1,000,000 leads) is not built yet:
//   npx tsx bench/dashboard-synthetic.ts [leads] [dir]
// It fills a real cache file at the current schema with the test seed generator's leads (every
// trigger of the migrations runs), then times readDashboard the way bench/rows/dashboard.ts does.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { baseQuery, readDashboard } from '../src/main/dashboard'
import { Database, insertMany, type SqlValue } from '../src/main/db'
import { dashboardInputSchema, type DashboardInput } from '../src/shared/contract'
import { SEED_CONNECTIONS, makeLeads } from '../test/helpers/lead-seed'
import { median, p95 } from './frame/stats'

const total = Number(process.argv[2] ?? 1_000_000)
const dir = process.argv[3] ?? '/tmp/dashboard-synthetic'
const file = join(dir, `leads-${total}.sqlite`)

async function fill(db: Database): Promise<void> {
  const NOW = '2026-03-01T00:00:00.000Z'
  await db.write(async (tx) => {
    for (const c of SEED_CONNECTIONS) {
      await tx.run(
        'INSERT INTO connections (id, platform, name, base_url, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
        [c.id, c.platform, c.name, 'http://x', NOW, NOW]
      )
    }
  })
  const chunk = 50_000
  for (let start = 0; start < total; start += chunk) {
    const leads = makeLeads(Math.min(chunk, total - start), 1000 + start).map((l) => ({ ...l, id: l.id + start }))
    await db.write(async (tx) => {
      const rows = leads.map((l): SqlValue[] => [
        l.id,
        l.connection,
        `r${l.id}`,
        l.kind,
        l.name,
        l.email,
        l.phone,
        l.status,
        l.agent,
        JSON.stringify(l.tags),
        l.lastMessageText,
        l.lastMessageAt,
        l.websiteVisits,
        l.createdAt,
        l.updatedAt,
        '{}',
        NOW
      ])
      await insertMany(
        tx,
        `INSERT INTO leads (id, connection_id, remote_id, kind, name, email, phone, status, agent, tags_json,
          last_message_text, last_message_at, website_visits, remote_created_at, remote_updated_at, raw_json, synced_at)`,
        17,
        rows
      )
      for (const l of leads) {
        if (!l.outbox) continue
        await tx.run(
          `INSERT INTO outbox (lead_id, connection_id, op, patch_json, base_json, state, created_at, updated_at)
           VALUES (?, ?, 'update', '{}', '{}', ?, ?, ?)`,
          [l.id, l.connection, l.outbox, NOW, NOW]
        )
      }
    })
    process.stderr.write(`filled ${start + leads.length}\n`)
  }
}

const INPUTS: Record<string, DashboardInput> = {
  'all time, by month': { query: {} },
  'last 30 days, by day': { query: {}, range: { preset: '30d' }, interval: 'day' },
  'status + platform filter': { query: { filters: { status: ['OPEN', 'INPROGRESS'], platform: ['express-chat'] } } }
}

async function main(): Promise<void> {
  const fresh = !existsSync(file)
  if (fresh) await import('node:fs').then((fs) => fs.mkdirSync(dir, { recursive: true }))
  const db = await Database.open(file)
  if (fresh) await fill(db)
  const now = new Date('2026-03-01T00:00:00.000Z')
  for (const [name, input] of Object.entries(INPUTS)) {
    const parsed = dashboardInputSchema.parse(input)
    const base = baseQuery(parsed.query, parsed.range, now)
    const samples: number[] = []
    for (let i = 0; i < 7; i++) {
      const started = performance.now()
      await readDashboard(db, { base, interval: parsed.interval, stackBy: parsed.stackBy }, now)
      samples.push(performance.now() - started)
    }
    console.log(`${name}: median ${median(samples).toFixed(0)} ms, p95 ${p95(samples).toFixed(0)} ms`)
  }
  await db.close()
}

void main()
