import { Dialog } from '../components/Dialog'
import styles from './ShortcutsHelp.module.css'

export const SHORTCUTS: [string, string][] = [
  ['Alt+1 or g l', 'Leads'],
  ['Alt+2 or g c', 'Connections'],
  ['Alt+3 or g s', 'Settings'],
  ['Alt+4 or g d', 'Dashboard'],
  ['/', 'Search leads'],
  ['Esc', 'Close a dialog, clear the search'],
  ['?', 'This list']
]

export function ShortcutsHelp({ onClose }: { onClose(): void }): React.JSX.Element {
  return (
    <Dialog
      title="Keyboard shortcuts"
      onClose={onClose}
      footer={
        <button type="button" className="button" onClick={onClose} data-autofocus>
          Close
        </button>
      }
    >
      <ShortcutList />
    </Dialog>
  )
}

/** Every shortcut and what it does; in this dialog and on the settings screen. */
export function ShortcutList(): React.JSX.Element {
  return (
    <dl className={styles.list}>
      {SHORTCUTS.map(([keys, what]) => (
        <div key={keys}>
          <dt>
            <kbd>{keys}</kbd>
          </dt>
          <dd>{what}</dd>
        </div>
      ))}
    </dl>
  )
}
