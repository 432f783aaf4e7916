import { RpcClientError } from '../rpc/client'

export interface ShownError {
  code: string | null
  message: string
}

/** Whatever was thrown, as the one sentence the user reads plus the server's code when there is one. */
export function toShownError(error: unknown): ShownError {
  if (error instanceof RpcClientError) return { code: error.code, message: error.message }
  if (error instanceof Error) return { code: null, message: error.message }
  return { code: null, message: String(error) }
}
