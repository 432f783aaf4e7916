import type { RpcResult } from '../../../shared/contract/errors'

export interface Transport {
  readonly kind: 'ipc' | 'http'
  invoke(method: string, input: unknown): Promise<RpcResult<unknown>>
  onEvent(listener: (name: string, payload: unknown) => void): () => void
  /** Browser mode: stream a file the user picked to the main side (a CSV import). */
  upload?(file: Blob, name: string): Promise<RpcResult<{ uploadId: string; size: number }>>
}
