import { Rng, hash32 } from '../random'
import type { ChatzuriLead } from '../schemas'
import { person } from './people'
import { ANCHOR_MS, SPAN_MS, ascendingTime, iso } from './time'

/**
 * The leads of one Chatzuri agent. created_at and id both rise with the index, which is therefore
 * the page order (created_at ascending, then id) and can be cut by date with a binary search.
 */
export class ChatzuriGenerator {
  readonly key: number
  private readonly firstId: number

  constructor(
    private readonly seed: number,
    account: number,
    readonly size: number,
    private readonly agentId: string,
    private readonly ownerId: string,
    private readonly personOf: (index: number) => number
  ) {
    this.key = hash32(seed, 0xc2a, account)
    this.firstId = 1000 + (this.key % 9000) + account * 1_000_000_000
  }

  createdAt(index: number): number {
    return ascendingTime(this.key, this.size, ANCHOR_MS - SPAN_MS, SPAN_MS, index)
  }

  id(index: number): number {
    return this.firstId + index
  }

  indexOfId(id: number): number {
    return id - this.firstId
  }

  /** The first index whose created_at is at or after `ms` (size if none). */
  firstAtOrAfter(ms: number): number {
    let lo = 0
    let hi = this.size
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.createdAt(mid) < ms) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  lead(index: number, createdAtMs = this.createdAt(index)): ChatzuriLead {
    const rng = new Rng(hash32(this.key, index, 0x1ead))
    const who = person(this.seed, this.personOf(index))
    return {
      id: this.id(index),
      created_at: iso(createdAtMs),
      chatbot_owner_user_id: this.ownerId,
      chatbot_id: this.agentId,
      phone:
        who.phone === null || rng.chance(0.1)
          ? null
          : who.phone.startsWith('+')
            ? who.phone
            : `+${who.dial}${who.phone.replace(/[\s-]/g, '')}`,
      email: rng.chance(0.05) ? null : who.email,
      name: who.name
    }
  }
}
