import { useQueryClient } from '@tanstack/react-query'
import { Suspense, useCallback, useEffect, useState } from 'react'
import type { BulkAction, BulkSelectionInput, LeadQuery } from '../../../shared/contract'
import { describeAction } from '../../../shared/bulk-summary'
import { plural } from '../lib/format'
import { later } from '../lib/later'
import { send } from '../rpc/client'
import { BulkBar } from './BulkBar'
import { toContract, useSelection, type SelectionApi } from './selection'
import { UndoToast } from './UndoToast'
import { undoText } from './undo-text'

interface BulkEdit {
  selection: SelectionApi
  /** The bar over the table (null with nothing selected). */
  bar: React.JSX.Element | null
  /** Dialogs and the undo toast. */
  overlays: React.JSX.Element
  openHistory(): void
}

/** Everything bulk edit adds to the leads screen: selection, bar, preview, progress, undo (toast and Ctrl/Cmd+Z), history. */
// Dialogs opened from the bulk bar: files of their own, not needed for the table's first paint.
const BulkDialog = later(() => import('./BulkDialog').then((m) => m.BulkDialog))
const BulkHistory = later(() => import('./BulkHistory').then((m) => m.BulkHistory))

export function useBulkEdit(query: LeadQuery, total: number | null): BulkEdit {
  const client = useQueryClient()
  const selection = useSelection(query)
  const [pending, setPending] = useState<{ selection: BulkSelectionInput; action: BulkAction } | null>(null)
  const [history, setHistory] = useState(false)
  const [toast, setToast] = useState<{ message: string; undoId: number | null } | null>(null)

  const refresh = useCallback(() => {
    void client.invalidateQueries({ queryKey: ['leads'] })
    void client.invalidateQueries({ queryKey: ['bulk'] })
  }, [client])
  const undo = useCallback(
    async (id: number) => {
      setToast({ message: 'Undoing…', undoId: null })
      try {
        setToast({ message: undoText(await send('bulk.undo', { id })), undoId: null })
      } catch (e) {
        setToast({ message: `Could not undo: ${e instanceof Error ? e.message : String(e)}`, undoId: null })
      }
      refresh()
    },
    [refresh]
  )

  useEffect(() => {
    const undoId = toast?.undoId
    if (!undoId) return
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'z' || !(event.ctrlKey || event.metaKey) || event.shiftKey) return
      // In a text field Ctrl+Z undoes typing, not the bulk edit.
      const target = event.target
      if (target instanceof Element && target.closest('input, textarea, select, [contenteditable]')) return
      event.preventDefault()
      void undo(undoId)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [toast, undo])

  const bar =
    selection.count > 0 || selection.fromOtherFilter ? (
      <BulkBar
        selection={selection}
        query={query}
        total={total}
        onPreview={(action) => setPending({ selection: toContract(selection.selection), action })}
      />
    ) : null

  const overlays = (
    <Suspense fallback={null}>
      {pending && (
        <BulkDialog
          selection={pending.selection}
          action={pending.action}
          onClose={() => setPending(null)}
          onApplied={(result, action) => {
            setPending(null)
            selection.clear()
            setToast({
              message: `${describeAction(action)}: ${plural(result.changed, 'lead')} changed.`,
              undoId: result.bulkId
            })
            refresh()
          }}
        />
      )}
      {history && <BulkHistory onClose={() => setHistory(false)} />}
      {toast && (
        <UndoToast
          message={toast.message}
          onUndo={toast.undoId ? () => void undo(toast.undoId!) : null}
          onDismiss={() => setToast(null)}
        />
      )}
    </Suspense>
  )

  return { selection, bar, overlays, openHistory: () => setHistory(true) }
}
