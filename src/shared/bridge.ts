import type { RpcResult } from './contract/errors'

/** What the preload exposes on `window.leadManager`, and nothing more. */
export interface LeadManagerBridge {
  invoke(method: string, input: unknown): Promise<RpcResult<unknown>>
  /** Every pushed event; returns an unsubscribe function. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void
}

export const IPC_INVOKE_CHANNEL = 'lead-manager:invoke'
export const IPC_EVENT_CHANNEL = 'lead-manager:event'
