import type { View as SavedView } from '../../../shared/contract'
import { openView } from '../leads/views'
import { VIEWS, type Navigation } from '../lib/navigation'
import { setTheme } from '../lib/theme'
import { send } from '../rpc/client'

export interface Command {
  id: string
  label: string
  group: 'Go to' | 'Action' | 'Saved view'
  /** Words it is also found by. */
  keywords?: string
  run(): void
}

export interface CommandContext {
  navigation: Navigation
  views: readonly SavedView[]
  focusSearch(): void
  showHelp(): void
}

/** Every screen, action and saved view, as the palette lists them. */
export function buildCommands(ctx: CommandContext): Command[] {
  const { navigation } = ctx
  const screens: Command[] = VIEWS.map((v) => ({
    id: `go:${v.view}`,
    label: v.label,
    group: 'Go to',
    keywords: `screen g ${v.key}`,
    run: () => navigation.go(v.view)
  }))
  const actions: Command[] = [
    { id: 'search', label: 'Search leads', group: 'Action', keywords: 'find /', run: ctx.focusSearch },
    {
      id: 'sync',
      label: 'Sync all connections now',
      group: 'Action',
      keywords: 'refresh pull push',
      run: () => void send('sync.run', {}).catch(() => undefined)
    },
    {
      id: 'add-connection',
      label: 'Add a connection',
      group: 'Action',
      keywords: 'new token platform',
      run: () => {
        navigation.go('connections')
        navigation.openForm({ kind: 'create' })
      }
    },
    { id: 'shortcuts', label: 'Keyboard shortcuts', group: 'Action', keywords: 'help ?', run: ctx.showHelp },
    {
      id: 'theme-light',
      label: 'Use the light theme',
      group: 'Action',
      keywords: 'appearance',
      run: () => setTheme('light')
    },
    {
      id: 'theme-dark',
      label: 'Use the dark theme',
      group: 'Action',
      keywords: 'appearance',
      run: () => setTheme('dark')
    },
    {
      id: 'theme-system',
      label: "Follow the system's theme",
      group: 'Action',
      keywords: 'appearance',
      run: () => setTheme('system')
    }
  ]
  const views: Command[] = ctx.views.map((view) => ({
    id: `view:${view.id}`,
    label: view.name,
    group: 'Saved view',
    keywords: 'view',
    run: () => {
      navigation.go('leads')
      openView(view)
    }
  }))
  return [...screens, ...actions, ...views]
}

/** Commands whose label or keywords contain every typed word, in the order given. */
export function matchCommands(commands: readonly Command[], text: string): Command[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...commands]
  return commands.filter((c) => {
    const hay = `${c.group} ${c.label} ${c.keywords ?? ''}`.toLowerCase()
    return words.every((w) => hay.includes(w))
  })
}
