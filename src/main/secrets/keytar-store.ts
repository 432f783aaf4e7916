import type { KeychainStatus } from '../../shared/contract/app'
import type { Logger } from '../logger'
import { classifyKeychainFailure, FAILURE_MESSAGES, KeychainFailure } from './keychain-failure'
import { KeychainProcess, type HostCall } from './keychain-process'
import { SECRET_SERVICE, type SecretStore } from './secret-store'

/** Attempts for a failure that may pass (a timeout, a dropped connection, a restarting daemon). */
const ATTEMPTS = 3
const BACKOFF_MS = [200, 800]
/** No new attempt once this long has gone by: a call that timed out has already waited enough. */
const RETRY_BUDGET_MS = 10_000
/** libsecret's own D-Bus timeout is 25 s; past that only an unlock prompt in front of the user waits. */
const CALL_TIMEOUT_MS = Number(process.env.LEADS_KEYCHAIN_TIMEOUT_MS ?? 60_000)
/** The entry the check writes and reads back, next to the tokens. */
const CHECK_ACCOUNT = 'keychain-check'
const AVAILABLE: KeychainStatus = { available: true, state: 'available', message: null }

/** Tokens in the OS keychain: service `lead-manager`, one account per connection id. */
export class KeytarSecretStore implements SecretStore {
  readonly description = 'OS keychain (keytar)'
  private readonly service: string
  private readonly logger: Logger | null
  private readonly host: KeychainProcess
  /** Only a success is remembered, and only until an operation fails. */
  private verified = false
  private checking: Promise<void> | null = null

  constructor(options: { service?: string; logger?: Logger } = {}) {
    this.service = options.service ?? SECRET_SERVICE
    this.logger = options.logger ?? null
    this.host = new KeychainProcess(CALL_TIMEOUT_MS)
  }

  /** Always asks the keychain: this is what "Check again" and the settings page show. */
  async availability(): Promise<KeychainStatus> {
    try {
      await this.check()
      return AVAILABLE
    } catch (err) {
      const kind = err instanceof KeychainFailure ? err.kind : 'failed'
      return { available: false, state: kind, message: FAILURE_MESSAGES[kind] }
    }
  }

  async get(account: string): Promise<string | null> {
    await this.ready()
    const value = await this.run('read a token', account, { op: 'get' })
    if (typeof value === 'string') return value
    // A locked keyring whose unlock prompt failed answers "nothing here": check before saying so.
    this.verified = false
    await this.ready()
    const again = await this.run('read a token', account, { op: 'get' })
    return typeof again === 'string' ? again : null
  }

  async set(account: string, secret: string): Promise<void> {
    await this.ready()
    await this.run('store a token', account, { op: 'set', secret })
  }

  async delete(account: string): Promise<boolean> {
    await this.ready()
    if ((await this.run('delete a token', account, { op: 'delete' })) === true) return true
    // As with get: "nothing deleted" may mean "locked".
    this.verified = false
    await this.ready()
    return (await this.run('delete a token', account, { op: 'delete' })) === true
  }

  async close(): Promise<void> {
    await this.host.close()
  }

  private async ready(): Promise<void> {
    if (!this.verified) await this.check()
  }

  /** One check at a time: a write and a read of one entry, as cheap with ten tokens as with 10,000. */
  private check(): Promise<void> {
    this.checking ??= (async () => {
      try {
        await this.run('check the keychain', CHECK_ACCOUNT, { op: 'set', secret: 'ok' })
        if (typeof (await this.run('check the keychain', CHECK_ACCOUNT, { op: 'get' })) !== 'string') {
          this.logger?.warn('keychain: the check entry just written read back as missing')
          throw new KeychainFailure('failed')
        }
        this.verified = true
      } finally {
        this.checking = null
      }
    })()
    return this.checking
  }

  /** One keytar call; failures that may pass are tried again, each failure is logged with its cause. */
  private async run(what: string, account: string, call: HostCall): Promise<string | boolean | null> {
    const started = Date.now()
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.host.call(this.service, account, call)
      } catch (err) {
        this.verified = false
        const kind = classifyKeychainFailure(err)
        const again = kind === 'temporary' && attempt < ATTEMPTS && Date.now() - started < RETRY_BUDGET_MS
        // The logger masks anything token-shaped; libsecret's messages carry none anyway.
        this.logger?.warn(
          `keychain: could not ${what} (attempt ${attempt}: ${kind}${again ? ', trying again' : ''}):`,
          err instanceof Error ? err.message : String(err)
        )
        if (!again) throw new KeychainFailure(kind)
        await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS[attempt - 1]))
      }
    }
  }
}
