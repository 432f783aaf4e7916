import type { RpcResult } from '../../../shared/contract/errors'

export interface Transport {
  readonly kind: 'ipc' | 'http'
  invoke(method: string, input: unknown): Promise<RpcResult<unknown>>
  onEvent(listener: (name: string, payload: unknown) => void): () => void
}
