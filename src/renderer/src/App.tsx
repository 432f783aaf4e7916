import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
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
import { useConnections } from './lib/queries'
import { useGlobalShortcuts } from './lib/shortcuts'
import { hasTransport } from './rpc/client'
import { ConnectionForm } from './screens/ConnectionForm'
import { ConnectionsScreen } from './screens/ConnectionsScreen'
import { LeadsScreen } from './screens/LeadsScreen'
import { OutboxScreen } from './outbox/OutboxScreen'
import { CommandPalette } from './palette/CommandPalette'
import { SettingsScreen } from './screens/SettingsScreen'
import { DashboardScreen } from './dashboard/DashboardScreen'
import { ShortcutsHelp } from './screens/ShortcutsHelp'
import { Sidebar } from './shell/Sidebar'
import { SyncHeader } from './shell/SyncHeader'

const SCREENS: Record<View, () => React.JSX.Element> = {
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
            <Screen />
          </main>
        </div>
      </div>
      {form && <FormHost key={form.kind === 'edit' ? form.connectionId : 'new'} request={form} onClose={closeForm} />}
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
      {palette && (
        <CommandPalette
          onClose={() => setPalette(false)}
          focusSearch={shortcuts.focusSearch}
          showHelp={shortcuts.showHelp}
        />
      )}
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
