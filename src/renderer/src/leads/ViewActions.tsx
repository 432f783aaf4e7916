import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { LeadQuery, View } from '../../../shared/contract'
import { send } from '../rpc/client'
import styles from './LeadsToolbar.module.css'
import { NameDialog } from './NameDialog'
import { sameQuery } from './same-query'
import { navigateTable } from './url-state'
import { openView, viewKeys } from './views'

/**
 * Saving the table's state as a view, and managing the view it came from: save changes, rename,
 * duplicate, delete, move up / down in the sidebar. A connection's own view can only be copied.
 */
export function ViewActions({
  view,
  saved,
  query
}: {
  view: View | null
  saved: readonly View[]
  query: LeadQuery
}): React.JSX.Element {
  const client = useQueryClient()
  const [dialog, setDialog] = useState<'create' | 'rename' | null>(null)
  const [menu, setMenu] = useState(false)
  const refresh = (): Promise<void> => client.invalidateQueries({ queryKey: viewKeys.list })
  const modified = view !== null && !sameQuery(view.query, query)
  const own = view?.kind === 'saved' ? view : null
  const index = own ? saved.findIndex((v) => v.id === own.id) : -1
  const move = async (by: -1 | 1): Promise<void> => {
    const ids = saved.map((v) => v.id)
    const j = index + by
    if (!own || j < 0 || j >= ids.length) return
    ;[ids[index], ids[j]] = [ids[j]!, ids[index]!]
    await send('views.reorder', { ids })
    await refresh()
  }
  return (
    <div className={styles.viewActions} role="group" aria-label="View">
      <button type="button" className="button" onClick={() => setDialog('create')}>
        Save as view
      </button>
      {own && modified && (
        <button
          type="button"
          className="button button-primary"
          onClick={async () => {
            const updated = await send('views.update', { id: own.id, query })
            await refresh()
            openView(updated)
          }}
        >
          Save changes to “{own.name}”
        </button>
      )}
      {own && (
        <button
          type="button"
          className="button"
          aria-expanded={menu}
          aria-controls="view-menu"
          onClick={() => setMenu(!menu)}
        >
          More view actions
        </button>
      )}
      {own && menu && (
        <div id="view-menu" className={styles.viewMenu} role="group" aria-label="More view actions">
          <button type="button" className="button" onClick={() => setDialog('rename')}>
            Rename view
          </button>
          <button
            type="button"
            className="button"
            onClick={async () => {
              const copy = await send('views.duplicate', { id: own.id })
              await refresh()
              openView(copy)
            }}
          >
            Duplicate view
          </button>
          <button type="button" className="button" disabled={index <= 0} onClick={() => void move(-1)}>
            Move view up
          </button>
          <button
            type="button"
            className="button"
            disabled={index < 0 || index >= saved.length - 1}
            onClick={() => void move(1)}
          >
            Move view down
          </button>
          <button
            type="button"
            className="button button-danger-quiet"
            onClick={async () => {
              await send('views.delete', { id: own.id })
              await refresh()
              navigateTable({ viewId: null, query })
            }}
          >
            Delete view
          </button>
        </div>
      )}
      {view?.kind === 'connection' && (
        <button
          type="button"
          className="button"
          onClick={async () => {
            const copy = await send('views.duplicate', { id: view.id })
            await refresh()
            openView(copy)
          }}
        >
          Duplicate view
        </button>
      )}
      {dialog === 'create' && (
        <NameDialog
          title="Save as a view"
          initial=""
          action="Save view"
          onClose={() => setDialog(null)}
          onSave={async (name) => {
            const created = await send('views.create', { name, query })
            await refresh()
            openView(created)
          }}
        />
      )}
      {dialog === 'rename' && own && (
        <NameDialog
          title={`Rename “${own.name}”`}
          initial={own.name}
          action="Rename"
          onClose={() => setDialog(null)}
          onSave={async (name) => {
            await send('views.update', { id: own.id, name })
            await refresh()
          }}
        />
      )}
    </div>
  )
}
