import { baseQuery, readDashboard } from '../src/main/dashboard'
import { Database } from '../src/main/db'
import { dashboardInputSchema, type DashboardInput } from '../src/shared/contract'
import { median } from './frame/stats'

const INPUTS: Record<string, DashboardInput> = {
  'opening view (all time, month, platform)': { query: {} },
  'last 30 days by day, status filter': { query: { filters: { status: ['OPEN', 'INPROGRESS'] } }, range: { preset: '30d' }, interval: 'day' },
  'search (grouped from the leads)': { query: { search: 'zebra' } }
}
async function main() {
  let t = performance.now()
  const db = await Database.open(process.argv[2]!)
  console.log(`open + migrations ${((performance.now() - t) / 1000).toFixed(0)} s; leads`, await db.get('SELECT count(*) AS n FROM leads'), await db.get('SELECT count(*) AS n FROM lead_created_counts'))
  const now = new Date('2026-03-01T00:00:00.000Z')
  for (const [name, input] of Object.entries(INPUTS)) {
    const p = dashboardInputSchema.parse(input)
    const base = baseQuery(p.query, p.range, now)
    const samples: number[] = []
    for (let i = 0; i < 4; i++) {
      t = performance.now()
      await readDashboard(db, { base, interval: p.interval, stackBy: p.stackBy }, now)
      samples.push(performance.now() - t)
    }
    console.log(`${name}: ${samples.map((s) => s.toFixed(0)).join(', ')} ms (median of last 3: ${median(samples.slice(1)).toFixed(0)})`)
  }
  await db.close()
}
void main()
