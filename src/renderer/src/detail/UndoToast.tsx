import { useState } from 'react'
import { toShownError } from '../lib/errors'
import styles from './DetailPanel.module.css'
import { undoToasts, useToast } from './undo-toasts'

/** "Status saved. Undo": announced politely; the Undo button is a plain, reachable button. */
export function UndoToast(): React.JSX.Element {
  const toast = useToast()
  const [error, setError] = useState<string | null>(null)
  return (
    <div className={styles.toastRegion} role="status" aria-live="polite">
      {toast && (
        <div className={styles.toast} key={toast.id}>
          <span>{error ?? toast.message}</span>
          {toast.undo && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setError(null)
                toast.undo?.().catch((err: unknown) => setError(`Not undone: ${toShownError(err).message}`))
              }}
            >
              Undo
            </button>
          )}
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => undoToasts.dismiss()}>
            ×
          </button>
        </div>
      )}
    </div>
  )
}
