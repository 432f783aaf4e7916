import { VIEWS, useNavigation } from '../lib/navigation'
import { useActiveConnections } from '../lib/queries'

export function Sidebar({ onShowShortcuts }: { onShowShortcuts(): void }): React.JSX.Element {
  const { view, go } = useNavigation()
  const { connections } = useActiveConnections()
  const hasDemo = connections.some((c) => c.isDemo)

  return (
    <aside className="sidebar">
      <div className="brand">
        <img className="brand-mark" src="./icon.svg" alt="" width={32} height={32} />
        <span className="brand-name">Lead Manager</span>
      </div>
      <nav aria-label="Main">
        <ul className="nav">
          {VIEWS.map((item, i) => (
            <li key={item.view}>
              <button
                type="button"
                className="nav-item"
                aria-current={view === item.view ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${i + 1}`}
                onClick={() => go(item.view)}
              >
                <span>{item.label}</span>
                <kbd className="nav-key" aria-hidden="true">
                  Alt+{i + 1}
                </kbd>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <span className="spacer-v" />
      {hasDemo && (
        <p className="sidebar-demo">
          <span className="badge badge-demo">Demo data</span> You are looking at sample leads.
        </p>
      )}
      <button type="button" className="sidebar-link" onClick={onShowShortcuts} aria-keyshortcuts="?">
        Keyboard shortcuts <kbd>?</kbd>
      </button>
    </aside>
  )
}
