import { useLayoutEffect } from 'react'
import { VIEWS, type View } from './navigation'

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  const tag = target.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable
}

export interface ShortcutActions {
  go(view: View): void
  focusSearch(): void
  showHelp(): void
  openPalette(): void
}

/**
 * Ctrl/Cmd+K opens the command palette; Alt+1..5 and "g" then a screen's key move between screens, "/" focuses the lead search, "?" lists
 * the shortcuts. Letter shortcuts are ignored while typing in a field or when a dialog is open.
 */
export function useGlobalShortcuts(actions: ShortcutActions): void {
  // A layout effect listens from the moment the app is drawn: a key pressed as soon as the screen
  // shows (a fast typist, or a test) is not lost to a passive effect that has not run yet.
  useLayoutEffect(() => {
    let pendingG = 0
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented) return
      // Ctrl+K (⌘K on a Mac) opens the command palette from anywhere, even from a field.
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        if (!document.querySelector('dialog[open]')) {
          event.preventDefault()
          actions.openPalette()
        }
        return
      }
      if (event.ctrlKey || event.metaKey) return
      if (event.altKey && !event.shiftKey && /^Digit[1-9]$/.test(event.code)) {
        const target = VIEWS[Number(event.code.slice(5)) - 1]
        if (target && !document.querySelector('dialog[open]')) {
          event.preventDefault()
          actions.go(target.view)
        }
        return
      }
      if (event.altKey || isTyping(event.target) || document.querySelector('dialog[open]')) return
      const now = Date.now()
      if (pendingG && now - pendingG < 1_500) {
        pendingG = 0
        const target = VIEWS.find((v) => v.key === event.key)
        if (target) {
          event.preventDefault()
          actions.go(target.view)
        }
        return
      }
      if (event.key === 'g') pendingG = now
      else if (event.key === '/') {
        event.preventDefault()
        actions.focusSearch()
      } else if (event.key === '?') {
        event.preventDefault()
        actions.showHelp()
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [actions])
}
