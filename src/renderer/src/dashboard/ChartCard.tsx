import { useId, useRef, useState } from 'react'
import { formatCount } from '../lib/format'
import styles from './Dashboard.module.css'
import { downloadCsv, downloadPng } from './export'
import { csvRows, hrefOf, type Cell, type ChartData } from './model'

function NumberLink({ cell, open }: { cell: Cell; open(cell: Cell): void }): React.JSX.Element {
  const href = hrefOf(cell)
  if (!href) return <span aria-label={cell.name}>{formatCount(cell.n)}</span>
  return (
    <a
      href={href}
      aria-label={cell.name}
      onClick={(event) => {
        event.preventDefault()
        open(cell)
      }}
    >
      {formatCount(cell.n)}
    </a>
  )
}

function DataTable({ data, title, open }: { data: ChartData; title: string; open(cell: Cell): void }) {
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table}>
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{data.rowHeader}</th>
            {data.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              {row.cells.map((c, i) => (
                <td key={i}>
                  <NumberLink cell={c} open={open} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/**
 * A chart with its title, a one-sentence text alternative, a data-table toggle and PNG / CSV
 * export. `children` draws the chart (its bars are links themselves).
 */
export function ChartCard({
  title,
  summary,
  data,
  open,
  fileName,
  wide = false,
  children
}: {
  title: string
  summary: string
  data: ChartData
  open(cell: Cell): void
  fileName: string
  wide?: boolean
  children: React.ReactNode
}): React.JSX.Element {
  const id = useId()
  const [showTable, setShowTable] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const figure = useRef<HTMLElement>(null)
  const empty = data.rows.every((r) => r.cells.every((c) => c.n === 0))
  return (
    <section className={`card ${styles.chart} ${wide ? styles.wide : ''}`} aria-labelledby={`${id}-title`}>
      <div className={styles.chartHead}>
        <h2 id={`${id}-title`}>{title}</h2>
        <div className={styles.chartActions}>
          <button
            type="button"
            className="button"
            aria-pressed={showTable}
            aria-label={`Show ${title.toLowerCase()} as a table`}
            onClick={() => setShowTable((v) => !v)}
          >
            Table
          </button>
          <button
            type="button"
            className="button"
            aria-label={`Export ${title.toLowerCase()} as PNG`}
            disabled={empty || showTable}
            onClick={() => {
              const svg = figure.current?.querySelector('svg.recharts-surface')
              if (svg instanceof SVGSVGElement) {
                downloadPng(svg, `${fileName}.png`).then(
                  () => setError(null),
                  (e: unknown) => setError(e instanceof Error ? e.message : String(e))
                )
              }
            }}
          >
            PNG
          </button>
          <button
            type="button"
            className="button"
            aria-label={`Export ${title.toLowerCase()} as CSV`}
            onClick={() => downloadCsv(csvRows(data), `${fileName}.csv`)}
          >
            CSV
          </button>
        </div>
      </div>
      <figure ref={figure} className={styles.figure} aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
        <figcaption id={`${id}-summary`} className={styles.summary}>
          {summary}
        </figcaption>
        {empty ? (
          <p className="muted">No leads here for this date range and these filters.</p>
        ) : showTable ? (
          <DataTable data={data} title={title} open={open} />
        ) : (
          children
        )}
      </figure>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
