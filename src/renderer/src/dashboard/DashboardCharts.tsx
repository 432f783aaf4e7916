import { AgentsChart, FreshnessChart, FunnelChart, TagsChart, Tiles, TimelineChart, type ChartProps } from './charts'
import styles from './Dashboard.module.css'

/**
 * The tiles and charts: recharts and the d3 parts it draws with are most of the renderer's code, so
 * this module is its own chunk (see load-charts.ts), read when the dashboard opens, not at start.
 */
export default function DashboardCharts({ dashboard, open, busy }: ChartProps & { busy: boolean }): React.JSX.Element {
  return (
    <>
      <Tiles dashboard={dashboard} open={open} />
      <div className={styles.grid} aria-busy={busy}>
        <TimelineChart dashboard={dashboard} open={open} />
        <FunnelChart dashboard={dashboard} open={open} />
        <AgentsChart dashboard={dashboard} open={open} />
        <TagsChart dashboard={dashboard} open={open} />
        <FreshnessChart dashboard={dashboard} open={open} />
      </div>
    </>
  )
}
