import { createContext, useContext } from 'react'

export type View = 'leads' | 'connections' | 'settings' | 'dashboard' | 'chats' | 'outbox'

export const VIEWS: { view: View; label: string; key: string }[] = [
  { view: 'leads', label: 'Leads', key: 'l' },
  { view: 'connections', label: 'Connections', key: 'n' },
  { view: 'settings', label: 'Settings', key: 's' },
  { view: 'dashboard', label: 'Dashboard', key: 'd' },
  { view: 'chats', label: 'Chats', key: 'c' },
  { view: 'outbox', label: 'Outbox', key: 'o' }
]

/** The add/edit connection form, opened from anywhere (e.g. the header's "Enter new token"). */
export type FormRequest = { kind: 'create' } | { kind: 'edit'; connectionId: string; focusToken: boolean }

export interface Navigation {
  view: View
  go(view: View): void
  openForm(request: FormRequest): void
}

export const NavigationContext = createContext<Navigation | null>(null)

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext)
  if (!navigation) throw new Error('useNavigation outside NavigationContext')
  return navigation
}

export const SEARCH_INPUT_ID = 'lead-search'
