import type { Handlers } from '../../shared/contract'
import type { Clock } from '../clock'
import type { Database } from '../db'
import { baseQuery, readDashboard } from './store'

type DashboardHandlers = Pick<Handlers, 'dashboard.summary'>

export function dashboardHandlers({ db, clock }: { db: Database; clock: Clock }): DashboardHandlers {
  return {
    'dashboard.summary': async ({ query, range, interval, stackBy }) => {
      const now = new Date(clock.now())
      const base = baseQuery(query, range, now)
      const counts = await readDashboard(db, { base, interval, stackBy }, now)
      return { now: now.toISOString(), base, ...counts }
    }
  }
}
