// What other folders may use of the dashboard: its handlers (compose.ts) and the store, which the
// bench times.
export { dashboardHandlers } from './handlers'
export { baseQuery, readDashboard } from './store'
