import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query'
import type { LeadDetail, LeadPatch, LeadStatus, MethodOutput } from '../../../shared/contract'
import { LEAD_STATUSES } from '../../../shared/contract/model'
import { invalidateConnections, keys } from '../lib/queries'
import { send } from '../rpc/client'
import { undoToasts } from './undo-toasts'

/** Under keys.leads, so whatever refreshes the table (a sync, an edit elsewhere) refreshes the panel too. */
export const detailKey = (id: number) => [...keys.leads, 'detail', id] as const

export function useLeadDetail(id: number): UseQueryResult<LeadDetail> {
  return useQuery({ queryKey: detailKey(id), queryFn: () => send('leads.detail', { id }) })
}

export function useConversations(id: number, enabled: boolean): UseQueryResult<MethodOutput<'leads.conversations'>> {
  return useQuery({
    queryKey: [...keys.leads, 'conversations', id],
    queryFn: () => send('leads.conversations', { id }),
    enabled,
    staleTime: 60_000
  })
}

const isStatus = (value: string | null): value is LeadStatus =>
  (LEAD_STATUSES as readonly (string | null)[]).includes(value)

/** The values a patch replaces, so an undo can put them back (fields with no value to go back to are left). */
export function previousValues(lead: LeadDetail, patch: LeadPatch): LeadPatch | null {
  const back: LeadPatch = {}
  for (const field of Object.keys(patch) as (keyof LeadPatch)[]) {
    switch (field) {
      case 'status':
        if (isStatus(lead.status)) back.status = lead.status
        break
      case 'tags':
        back.tags = lead.tags
        break
      case 'notes':
        back.notes = lead.notes
        break
      case 'agent':
        back.agent = lead.agent
        break
      case 'name':
        back.name = lead.name ?? ''
        break
      case 'email':
        back.email = lead.email ?? ''
        break
      case 'phone':
        back.phone = lead.phone ?? ''
        break
      case 'phonePrefix':
        back.phonePrefix = lead.phonePrefix ?? ''
        break
      case 'attributes':
        back.attributes = lead.attributes
        break
    }
  }
  return Object.keys(back).length > 0 ? back : null
}

/**
 * Saves one field of one lead through the outbox (committed locally at once, pushed when online)
 * and offers an undo that saves the old values the same way.
 */
export function useLeadEdit(lead: LeadDetail | undefined) {
  const client = useQueryClient()
  const refresh = (): void => {
    void client.invalidateQueries({ queryKey: keys.leads })
    void client.invalidateQueries({ queryKey: keys.outbox })
    void invalidateConnections(client)
  }
  return useMutation({
    mutationFn: async ({ patch }: { patch: LeadPatch; what: string; undo?: boolean }) => {
      if (!lead) throw new Error('The lead is still loading.')
      return send('leads.update', { ids: [lead.id], patch })
    },
    onSuccess: (_result, { patch, what, undo }) => {
      if (!lead) return
      const back = previousValues(lead, patch)
      const id = lead.id
      if (undo) undoToasts.show({ message: `${what} undone.`, undo: null })
      else
        undoToasts.show({
          message: `${what} saved${lead.readOnly ? ' (kept in this app only)' : ''}.`,
          undo: back
            ? async () => {
                await send('leads.update', { ids: [id], patch: back })
                undoToasts.show({ message: `${what} undone.`, undo: null })
                refresh()
              }
            : null
        })
    },
    onSettled: refresh
  })
}
