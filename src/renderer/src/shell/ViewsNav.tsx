import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { View } from '../../../shared/contract'
import { useTableState } from '../leads/url-state'
import { openView, useViewCounts, useViews, viewKeys } from '../leads/views'
import { cx } from '../lib/cx'
import { formatCount } from '../lib/format'
import { useNavigation } from '../lib/navigation'
import { send } from '../rpc/client'
import styles from './Sidebar.module.css'

/**
 * Saved views, then each connection's own view, with live counts. Drag a saved view to reorder
 * (the leads screen has "Move view up / down" for the keyboard).
 */
export function ViewsNav(): React.JSX.Element | null {
  const { view: screen, go } = useNavigation()
  const client = useQueryClient()
  const views = useViews()
  const counts = useViewCounts()
  const { viewId } = useTableState()
  const [dragged, setDragged] = useState<string | null>(null)
  const list = views.data ?? []
  if (list.length === 0) return null
  const countOf = new Map((counts.data ?? []).map((c) => [c.id, c.count]))
  const saved = list.filter((v) => v.kind === 'saved')
  const own = list.filter((v) => v.kind === 'connection')

  const drop = async (target: View): Promise<void> => {
    if (!dragged || dragged === target.id) return
    const ids = saved.map((v) => v.id).filter((id) => id !== dragged)
    ids.splice(ids.indexOf(target.id), 0, dragged)
    await send('views.reorder', { ids })
    await client.invalidateQueries({ queryKey: viewKeys.list })
  }
  const item = (view: View): React.JSX.Element => {
    const count = countOf.get(view.id)
    return (
      <li
        key={view.id}
        draggable={view.kind === 'saved'}
        onDragStart={() => setDragged(view.id)}
        onDragEnd={() => setDragged(null)}
        onDragOver={(e) => {
          if (dragged && view.kind === 'saved') e.preventDefault()
        }}
        onDrop={(e) => {
          e.preventDefault()
          void drop(view)
          setDragged(null)
        }}
        className={cx(dragged === view.id && styles.dragging)}
      >
        <button
          type="button"
          className={styles.viewItem}
          aria-current={screen === 'leads' && viewId === view.id ? 'page' : undefined}
          onClick={() => {
            openView(view)
            go('leads')
          }}
        >
          <span className={styles.viewName}>{view.name}</span>
          <span className={styles.viewCount}>{count === undefined ? '…' : formatCount(count)}</span>
        </button>
      </li>
    )
  }
  return (
    <nav aria-label="Views" className={styles.views}>
      {saved.length > 0 && (
        <>
          <h2 className={styles.viewsTitle}>Saved views</h2>
          <ul className={styles.nav}>{saved.map(item)}</ul>
        </>
      )}
      {own.length > 0 && (
        <>
          <h2 className={styles.viewsTitle}>Connections</h2>
          <ul className={styles.nav}>{own.map(item)}</ul>
        </>
      )}
    </nav>
  )
}
