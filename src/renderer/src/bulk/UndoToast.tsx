import styles from './Bulk.module.css'

interface Props {
  message: string
  /** Shown with an Undo button while the last bulk edit can still be undone. */
  onUndo: (() => void) | null
  onDismiss(): void
}

/** The line after a bulk edit: what it did, and Undo (also Ctrl/Cmd+Z). */
export function UndoToast({ message, onUndo, onDismiss }: Props): React.JSX.Element {
  return (
    <div className={styles.toast} role="status">
      <span>{message}</span>
      {onUndo && (
        <button type="button" className="button" onClick={onUndo} aria-keyshortcuts="Control+Z Meta+Z">
          Undo
        </button>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  )
}
