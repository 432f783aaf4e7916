import { Dialog } from '../components/Dialog'

export const SHORTCUTS: [string, string][] = [
  ['Alt+1 or g l', 'Leads'],
  ['Alt+2 or g c', 'Connections'],
  ['Alt+3 or g s', 'Settings'],
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
      <dl className="shortcuts">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  )
}
