import type { Cell } from './model'
import { hrefOf } from './model'
import styles from './Dashboard.module.css'

export interface ShapeBox {
  x?: number
  y?: number
  width?: number
  height?: number
}

/**
 * A bar segment that is a real link (an SVG <a>: focusable, Enter opens it, named by its count),
 * opening the leads table on exactly the leads it counts.
 */
export function LinkedShape({
  box,
  cell,
  colour,
  open
}: {
  box: ShapeBox
  cell: Cell | undefined
  colour: string
  open(cell: Cell): void
}): React.JSX.Element {
  const { x = 0, y = 0, width = 0, height = 0 } = box
  if (!cell || cell.n === 0 || width <= 0 || height <= 0) return <g />
  const rect = <rect x={x} y={y} width={width} height={height} style={{ fill: colour }} className={styles.bar} />
  const href = hrefOf(cell)
  if (!href) {
    return (
      <g role="img" aria-label={cell.name}>
        {rect}
      </g>
    )
  }
  return (
    <a
      href={href}
      aria-label={cell.name}
      className={styles.barLink}
      onClick={(event) => {
        event.preventDefault()
        open(cell)
      }}
    >
      <title>{cell.name}</title>
      {rect}
    </a>
  )
}
