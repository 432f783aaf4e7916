import type * as KeytarModule from 'keytar'
import { AppError } from '../../shared/contract/errors'
import { SECRET_SERVICE, type SecretStore } from './secret-store'

type Keytar = typeof KeytarModule

const UNAVAILABLE =
  'No system keychain is available (on Linux: no Secret Service such as GNOME Keyring is running), ' +
  'so Lead Manager cannot store API tokens; it will not store them anywhere else.'

/** Tokens in the OS keychain: service `lead-manager`, one account per connection id. */
export class KeytarSecretStore implements SecretStore {
  readonly description = 'OS keychain (keytar)'
  private keytar: Keytar | null = null
  private checked: { available: boolean; message: string | null } | null = null

  constructor(private readonly service = SECRET_SERVICE) {}

  private async load(): Promise<Keytar> {
    if (!this.keytar) {
      const mod = (await import('keytar')) as Keytar & { default?: Keytar }
      this.keytar = mod.default ?? mod
    }
    return this.keytar
  }

  async availability(): Promise<{ available: boolean; message: string | null }> {
    if (this.checked?.available) return this.checked
    try {
      const keytar = await this.load()
      // A read round-trip is the only reliable probe: on Linux it fails without a Secret Service.
      await keytar.findCredentials(this.service)
      this.checked = { available: true, message: null }
    } catch {
      this.checked = { available: false, message: UNAVAILABLE }
    }
    return this.checked
  }

  private async ready(): Promise<Keytar> {
    const { available } = await this.availability()
    if (!available) throw new AppError('KEYCHAIN_UNAVAILABLE', UNAVAILABLE)
    return this.load()
  }

  async get(account: string): Promise<string | null> {
    return (await this.ready()).getPassword(this.service, account)
  }

  async set(account: string, secret: string): Promise<void> {
    await (await this.ready()).setPassword(this.service, account, secret)
  }

  async delete(account: string): Promise<boolean> {
    return (await this.ready()).deletePassword(this.service, account)
  }
}
