import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query'
import type { ImportRecord } from '../../../shared/contract'
import { keys } from '../lib/queries'
import { send } from '../rpc/client'

export const importKeys = { history: ['imports.history'] as const }

export function useImportHistory(): UseQueryResult<ImportRecord[]> {
  return useQuery({ queryKey: importKeys.history, queryFn: () => send('imports.history', {}) })
}

/** After an import, a revert or a push: the history, the leads and the connections' counts. */
export function useImportChanged(): () => void {
  const client = useQueryClient()
  return () => {
    void client.invalidateQueries({ queryKey: importKeys.history })
    void client.invalidateQueries({ queryKey: keys.leads })
    void client.invalidateQueries({ queryKey: keys.connections })
  }
}
