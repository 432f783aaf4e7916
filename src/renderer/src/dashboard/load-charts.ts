import { lazy } from 'react'
import type * as Charts from './DashboardCharts'

/** The chart chunk; import() hands back the same module however often it is called. */
export const loadCharts = (): Promise<typeof Charts> => import('./DashboardCharts')

export const LazyDashboardCharts = lazy(loadCharts)
