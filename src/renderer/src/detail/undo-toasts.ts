import { useSyncExternalStore } from 'react'

export interface Toast {
  id: number
  message: string
  /** Puts the old values back; null when there is nothing to undo. */
  undo: (() => Promise<void>) | null
}

const TOAST_MS = 8_000

/** The one toast shown after an edit ("Status saved. Undo"); a newer edit replaces it. */
function createToasts() {
  let current: Toast | null = null
  let nextId = 1
  let timer: ReturnType<typeof setTimeout> | undefined
  const listeners = new Set<() => void>()
  const emit = (): void => listeners.forEach((l) => l())
  return {
    show(toast: Omit<Toast, 'id'>): void {
      current = { ...toast, id: nextId++ }
      clearTimeout(timer)
      timer = setTimeout(() => {
        current = null
        emit()
      }, TOAST_MS)
      emit()
    },
    dismiss(): void {
      clearTimeout(timer)
      current = null
      emit()
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    get: (): Toast | null => current
  }
}

export const undoToasts = createToasts()

export function useToast(): Toast | null {
  return useSyncExternalStore(undoToasts.subscribe, undoToasts.get)
}
