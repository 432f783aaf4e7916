import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { LeadPatchField } from '../../../shared/contract'
import { invalidateConnections, keys } from '../lib/queries'
import { send } from '../rpc/client'

/** Retry, discard and settle queued edits; whatever shows them (panel, outbox screen, cards) refreshes. */
export function useEditActions() {
  const client = useQueryClient()
  const refresh = (): void => {
    void client.invalidateQueries({ queryKey: keys.outbox })
    void client.invalidateQueries({ queryKey: keys.leads })
    void invalidateConnections(client)
  }
  return {
    retry: useMutation({ mutationFn: (ids: number[]) => send('outbox.retry', { ids }), onSettled: refresh }),
    discard: useMutation({ mutationFn: (ids: number[]) => send('outbox.discard', { ids }), onSettled: refresh }),
    resolve: useMutation({
      mutationFn: (input: { id: number; choices: Partial<Record<LeadPatchField, 'mine' | 'theirs'>> }) =>
        send('outbox.resolve', input),
      onSettled: refresh
    })
  }
}
