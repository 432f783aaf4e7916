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
  // Storage problems, each with what to do about it (src/main/db/storage-errors.ts).
  'DISK_FULL',
  'DATABASE_LOCKED',
  'DATABASE_READ_ONLY',
  'DATABASE_CORRUPT',
  'STORAGE_ERROR',
  // The keychain is there but locked; it did not answer just now; it answered with an error we
  // cannot place. KEYCHAIN_UNAVAILABLE stays for "there is no keychain".
  'KEYCHAIN_LOCKED',
  'KEYCHAIN_TEMPORARY',
  'KEYCHAIN_FAILED',
  // Asked of a transport that cannot do it (a save dialog in browser mode).
  'UNSUPPORTED',
  'INVALID_FILE',
  'CANCELLED'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export const STORAGE_ERROR_CODES = [
  'DISK_FULL',
  'DATABASE_LOCKED',
  'DATABASE_READ_ONLY',
  'DATABASE_CORRUPT',
  'STORAGE_ERROR'
] as const satisfies readonly ErrorCode[]
export type StorageErrorCode = (typeof STORAGE_ERROR_CODES)[number]

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
