import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import type { Connection } from '../../../shared/contract'
import { Dialog } from '../components/Dialog'
import { ErrorNotice } from '../components/ErrorNotice'
import { plural } from '../lib/format'
import { invalidateConnections, keys } from '../lib/queries'
import { send } from '../rpc/client'
import styles from './RemoveConnectionDialog.module.css'

/**
 * Removing forgets the token; the cached leads stay unless the user ticks the box. A connection removed
 * earlier with its leads kept (archived) can only have its leads deleted.
 */
export function RemoveConnectionDialog({
  connection,
  onClose
}: {
  connection: Connection
  onClose(): void
}): React.JSX.Element {
  const client = useQueryClient()
  const id = useId()
  const archived = connection.archived
  const [deleteData, setDeleteData] = useState(archived)
  const remove = useMutation({
    mutationFn: () => send('connections.remove', { id: connection.id, deleteData }),
    onSuccess: async () => {
      await invalidateConnections(client)
      await client.invalidateQueries({ queryKey: keys.leads })
      onClose()
    }
  })
  const leads = plural(connection.leadCount, 'cached lead')

  return (
    <Dialog
      title={archived ? `Delete the cached leads of “${connection.name}”?` : `Remove “${connection.name}”?`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            onClick={() => remove.mutate()}
            disabled={remove.isPending}
          >
            {remove.isPending
              ? 'Removing…'
              : archived
                ? `Delete ${leads}`
                : deleteData
                  ? 'Remove and delete leads'
                  : 'Remove connection'}
          </button>
        </>
      }
    >
      {archived ? (
        <p>These {leads} stay on this computer only until you delete them. This cannot be undone.</p>
      ) : (
        <>
          <p>Lead Manager stops syncing it and deletes its token from your system keychain.</p>
          <div className={styles.checkbox}>
            <input
              id={`${id}-delete`}
              type="checkbox"
              checked={deleteData}
              onChange={(e) => setDeleteData(e.target.checked)}
              aria-describedby={`${id}-delete-hint`}
            />
            <label htmlFor={`${id}-delete`}>Also delete its {leads}</label>
          </div>
          <p id={`${id}-delete-hint`} className="hint">
            {deleteData
              ? 'The leads are deleted from this computer. They stay on the platform.'
              : 'The leads stay searchable here, listed under removed connections.'}
          </p>
        </>
      )}
      {remove.error && <ErrorNotice error={remove.error} title="Not removed:" />}
    </Dialog>
  )
}
