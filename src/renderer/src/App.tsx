import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import styles from './App.module.css'
import { historyView, isTableHash } from './leads/url-state'
import { useServerEvents } from './lib/events'
import {
  NavigationContext,
  SEARCH_INPUT_ID,
  VIEWS,
  type FormRequest,
  type Navigation,
  type View
} from './lib/navigation'
import { appShown, later } from './lib/later'
import { useConnections } from './lib/queries'
import { useGlobalShortcuts } from './lib/shortcuts'
import { hasTransport } from './rpc/client'
import { LeadsScreen } from './screens/LeadsScreen'
import { Sidebar } from './shell/Sidebar'
import { SyncHeader } from './shell/SyncHeader'

// The app opens on the leads table: the other screens and dialogs are files of their own, so the
// first paint waits for the table's code only.
const ConnectionForm = later(() => import('./screens/ConnectionForm').then((m) => m.ConnectionForm))
const ConnectionsScreen = later(() => import('./screens/ConnectionsScreen').then((m) => m.ConnectionsScreen))
const OutboxScreen = later(() => import('./outbox/OutboxScreen').then((m) => m.OutboxScreen))
const CommandPalette = later(() => import('./palette/CommandPalette').then((m) => m.CommandPalette))
const SettingsScreen = later(() => import('./screens/SettingsScreen').then((m) => m.SettingsScreen))
const DashboardScreen = later(() => import('./dashboard/DashboardScreen').then((m) => m.DashboardScreen))
const ShortcutsHelp = later(() => import('./screens/ShortcutsHelp').then((m) => m.ShortcutsHelp))

const SCREENS: Record<View, React.ComponentType> = {
  leads: LeadsScreen,
  connections: ConnectionsScreen,
  settings: SettingsScreen,
  dashboard: DashboardScreen,
  chats: () => <LeadsScreen kind="chat" />,
  outbox: OutboxScreen
}

function FormHost({ request, onClose }: { request: FormRequest; onClose(): void }): React.JSX.Element | null {
  const connections = useConnections()
  if (request.kind === 'create') return <ConnectionForm connection={null} focusToken={false} onClose={onClose} />
  const connection = connections.data?.find((c) => c.id === request.connectionId)
  if (!connection) return null
  return <ConnectionForm connection={connection} focusToken={request.focusToken} onClose={onClose} />
}

function Shell(): React.JSX.Element {
  useEffect(appShown, [])
  const [view, setView] = useState<View>('leads')
  const [form, setForm] = useState<FormRequest | null>(null)
  const [help, setHelp] = useState(false)
  const [palette, setPalette] = useState(false)
  useServerEvents()

  const navigation = useMemo<Navigation>(() => ({ view, go: setView, openForm: setForm }), [view])
  const shortcuts = useMemo(
    () => ({
      go: setView,
      showHelp: () => setHelp(true),
      openPalette: () => setPalette(true),
      focusSearch: () => {
        setView((current) => (current === 'chats' ? current : 'leads'))
        requestAnimationFrame(() => document.getElementById(SEARCH_INPUT_ID)?.focus())
      }
    }),
    []
  )
  useGlobalShortcuts(shortcuts)

  // Back / forward into an entry marked with its screen (the dashboard, left by one of its links)
  // shows that screen; into a leads table state (its filters live in the URL hash), the table.
  useEffect(() => {
    const onHistory = (event: PopStateEvent): void => {
      const marked = VIEWS.find((v) => v.view === historyView(event.state))
      if (marked) setView(marked.view)
      else if (isTableHash(window.location.hash)) setView('leads')
    }
    window.addEventListener('popstate', onHistory)
    return () => window.removeEventListener('popstate', onHistory)
  }, [])

  // After a shortcut swaps the screen, focus would fall to <body>: put it on the new screen's title.
  // Not on first load, where Tab should start at the skip link.
  const firstView = useRef(true)
  useEffect(() => {
    if (firstView.current) {
      firstView.current = false
      return
    }
    if (document.activeElement === document.body || !document.activeElement?.isConnected) {
      document.querySelector<HTMLElement>('#main h1')?.focus()
    }
  }, [view])

  const closeForm = useCallback(() => setForm(null), [])
  const Screen = SCREENS[view]

  return (
    <NavigationContext.Provider value={navigation}>
      <a
        className={styles.skipLink}
        href="#main"
        onClick={(event) => {
          event.preventDefault()
          document.getElementById('main')?.focus()
        }}
      >
        Skip to content
      </a>
      <div className={styles.app}>
        <Sidebar onShowShortcuts={() => setHelp(true)} onOpenPalette={() => setPalette(true)} />
        <div className={styles.column}>
          <SyncHeader />
          <main id="main" className={styles.main} tabIndex={-1}>
            <Suspense fallback={null}>
              <Screen />
            </Suspense>
          </main>
        </div>
      </div>
      <Suspense fallback={null}>
        {form && <FormHost key={form.kind === 'edit' ? form.connectionId : 'new'} request={form} onClose={closeForm} />}
        {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
        {palette && (
          <CommandPalette
            onClose={() => setPalette(false)}
            focusSearch={shortcuts.focusSearch}
            showHelp={shortcuts.showHelp}
          />
        )}
      </Suspense>
    </NavigationContext.Provider>
  )
}

export function App(): React.JSX.Element {
  if (!hasTransport()) {
    return (
      <main className={styles.noSession}>
        <h1>Lead Manager</h1>
        <p>
          This page needs the link Lead Manager printed when it started (it ends in #token=…). Open that link instead.
        </p>
      </main>
    )
  }
  return <Shell />
}
