import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Dialog } from '../components/Dialog'
import { ErrorNotice } from '../components/ErrorNotice'
import { ProgressBar } from '../components/ProgressBar'
import { plural } from '../lib/format'
import { invalidateConnections, keys, recheckKeychainAfter, useActiveConnections } from '../lib/queries'
import { send } from '../rpc/client'
import styles from './Demo.module.css'

/** Starts the built-in sandbox and connects to its platforms; the main process starts their syncs. */
export function StartDemoButton({ className = 'button' }: { className?: string }): React.JSX.Element {
  const client = useQueryClient()
  const start = useMutation({
    mutationFn: () => send('demo.start', {}),
    onError: (error) => recheckKeychainAfter(client, error),
    onSettled: () => invalidateConnections(client)
  })
  return (
    <div className={styles.start}>
      <button type="button" className={className} onClick={() => start.mutate()} disabled={start.isPending}>
        {start.isPending ? 'Starting the demo workspace…' : 'Try the demo workspace'}
      </button>
      {start.isPending && (
        <ProgressBar label="Starting the demo workspace" fraction={null} valueText="Starting the demo workspace" />
      )}
      {start.error && <ErrorNotice error={start.error} title="The demo workspace did not start:" />}
    </div>
  )
}

export function RemoveDemoButton({ className = 'button' }: { className?: string }): React.JSX.Element | null {
  const client = useQueryClient()
  const { connections } = useActiveConnections()
  const [confirming, setConfirming] = useState(false)
  const demo = connections.filter((c) => c.isDemo)
  const leads = demo.reduce((sum, c) => sum + c.leadCount, 0)
  const remove = useMutation({
    mutationFn: () => send('demo.remove', {}),
    onSuccess: async () => {
      setConfirming(false)
      await invalidateConnections(client)
      await client.invalidateQueries({ queryKey: keys.leads })
    }
  })
  if (demo.length === 0) return null
  return (
    <>
      <button type="button" className={className} onClick={() => setConfirming(true)}>
        Remove demo workspace
      </button>
      {confirming && (
        <Dialog
          title="Remove the demo workspace?"
          onClose={() => setConfirming(false)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setConfirming(false)} data-autofocus>
                Keep it
              </button>
              <button
                type="button"
                className="button button-danger"
                onClick={() => remove.mutate()}
                disabled={remove.isPending}
              >
                {remove.isPending ? 'Removing…' : 'Remove demo workspace'}
              </button>
            </>
          }
        >
          <p>
            This deletes the {plural(demo.length, 'demo connection')} and their {plural(leads, 'cached lead')}, and
            stops the demo sandbox. Your own connections are not touched.
          </p>
          {remove.error && <ErrorNotice error={remove.error} />}
        </Dialog>
      )}
    </>
  )
}
