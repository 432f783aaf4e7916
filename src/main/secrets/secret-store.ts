/** Where API tokens live. Only the main process holds one; nothing else ever sees a token. */
export interface SecretStore {
  readonly description: string
  /** Whether tokens can be stored; when not, `message` says why in one sentence for the user. */
  availability(): Promise<{ available: boolean; message: string | null }>
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
}

export const SECRET_SERVICE = 'lead-manager'
