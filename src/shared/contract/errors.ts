export const ERROR_CODES = [
  'UNKNOWN_METHOD',
  'INVALID_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'KEYCHAIN_UNAVAILABLE',
  'READ_ONLY',
  'PROVIDER_ERROR',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'INTERNAL',
  'INVALID_FILE',
  'CANCELLED'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** What crosses the process boundary when a call fails: never a stack trace. */
export interface RpcError {
  code: ErrorCode
  message: string
}

export type RpcResult<T> = { ok: true; result: T } | { ok: false; error: RpcError }

/** Thrown by handlers for failures the user should read as-is. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'AppError'
  }
}
