import { DemoBadge } from '../components/Badges'
import { VIEWS, useNavigation } from '../lib/navigation'
import { useActiveConnections } from '../lib/queries'
import styles from './Sidebar.module.css'
import { ViewsNav } from './ViewsNav'

export function Sidebar({
  onShowShortcuts,
  onOpenPalette
}: {
  onShowShortcuts(): void
  onOpenPalette?(): void
}): React.JSX.Element {
  const { view, go } = useNavigation()
  const { connections } = useActiveConnections()
  const hasDemo = connections.some((c) => c.isDemo)

  return (
    <aside className={styles.sidebar}>
      <div className={styles.brand}>
        <img className={styles.mark} src="./icon.svg" alt="" width={32} height={32} />
        <span>Lead Manager</span>
      </div>
      <nav aria-label="Main">
        <ul className={styles.nav}>
          {VIEWS.map((item, i) => (
            <li key={item.view}>
              <button
                type="button"
                className={styles.item}
                aria-current={view === item.view ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${i + 1}`}
                onClick={() => go(item.view)}
              >
                <span>{item.label}</span>
                <kbd className={styles.key} aria-hidden="true">
                  Alt+{i + 1}
                </kbd>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <ViewsNav />
      <span className={styles.grow} />
      {hasDemo && (
        <p className={styles.demo}>
          <DemoBadge /> You are looking at sample leads.
        </p>
      )}
      {onOpenPalette && (
        <button type="button" className={styles.link} onClick={onOpenPalette} aria-keyshortcuts="Control+K Meta+K">
          Command palette <kbd>Ctrl+K</kbd>
        </button>
      )}
      <button type="button" className={styles.link} onClick={onShowShortcuts} aria-keyshortcuts="?">
        Keyboard shortcuts <kbd>?</kbd>
      </button>
    </aside>
  )
}
