import type { KeychainStatus } from '../../shared/contract/app'

/** Where API tokens live. Only the main process holds one; nothing else ever sees a token. */
export interface SecretStore {
  readonly description: string
  /** Asks the keychain whether tokens can be stored now; when not, which case it is and what to do. */
  availability(): Promise<KeychainStatus>
  /** Each throws an AppError with a KEYCHAIN_* code when the keychain cannot be used. */
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
  close?(): Promise<void>
}

export const SECRET_SERVICE = 'lead-manager'
