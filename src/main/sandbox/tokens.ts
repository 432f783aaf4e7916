import { randomBytes } from 'node:crypto'

export type TokenCheck<A> = { ok: true; account: A } | { ok: false; message: string }

/** The tokens of one platform: which account each opens, and which have been revoked. */
export class TokenRegistry<A> {
  private valid = new Map<string, A>()
  private revoked = new Map<string, A>()

  constructor(private readonly initial: ReadonlyArray<readonly [string, A]>) {
    this.reset()
  }

  reset(): void {
    this.valid = new Map(this.initial)
    this.revoked = new Map()
  }

  check(token: string | undefined): TokenCheck<A> {
    if (token === undefined || token === '') return { ok: false, message: 'missing API token' }
    const account = this.valid.get(token)
    if (account !== undefined) return { ok: true, account }
    if (this.revoked.has(token)) return { ok: false, message: 'API token has been revoked' }
    return { ok: false, message: 'invalid API token' }
  }

  /** Makes `token` stop working (401 from then on). False if it was not a valid token. */
  revoke(token: string): boolean {
    const account = this.valid.get(token)
    if (account === undefined) return false
    this.valid.delete(token)
    this.revoked.set(token, account)
    return true
  }

  /** Makes a revoked token work again. */
  restore(token: string): boolean {
    const account = this.revoked.get(token)
    if (account === undefined) return false
    this.revoked.delete(token)
    this.valid.set(token, account)
    return true
  }

  /** A fresh token for the account that `token` (valid or revoked) belongs to, as support would issue. */
  issue(token: string): string | undefined {
    const account = this.valid.get(token) ?? this.revoked.get(token)
    if (account === undefined) return undefined
    const fresh = randomBytes(20).toString('hex')
    this.valid.set(fresh, account)
    return fresh
  }
}
