import { Dialog } from '../components/Dialog'
import styles from './ShortcutsHelp.module.css'

export const SHORTCUTS: [string, string][] = [
  ['Alt+1 or g l', 'Leads'],
  ['Alt+2 or g n', 'Connections'],
  ['Alt+3 or g s', 'Settings'],
  ['Alt+4 or g d', 'Dashboard'],
  ['Alt+5 or g c', 'Chats (not yet leads)'],
  ['Alt+6 or g o', 'Outbox and conflicts'],
  ['Ctrl+K or ⌘K', 'Command palette: every screen, action and saved view'],
  ['/', 'Search leads'],
  ['↓ ↑ or j k', 'Next and previous row (also with a lead open)'],
  ['Enter', 'Open the lead in the detail panel'],
  ['Esc', 'Close the lead, a dialog, or clear the search'],
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
