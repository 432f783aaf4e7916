import { hash32 } from '../random'
import type { Layout } from './accounts'
import { personKey } from './people'

const XC_SPACE = 0x100
const CB_SPACE = 0x200
const CZ_SPACE = 0x300
/** Share of ChatBot.com users who are also an express-chat lead. */
const CB_SHARED_WITH_XC = 15
/** Shares of Chatzuri leads who are also an express-chat lead, or a ChatBot.com user. */
const CZ_SHARED_WITH_XC = 15
const CZ_SHARED_WITH_CB = 10

/**
 * Who each record is. Some ChatBot.com users and Chatzuri leads point at a person who is already an
 * express-chat lead (or a ChatBot.com user), so the same name, email and phone turn up at two or
 * three platforms.
 */
export class Identities {
  private readonly xcSizes: number[]
  private readonly cbSizes: number[]

  constructor(
    private readonly seed: number,
    layout: Layout
  ) {
    this.xcSizes = layout.expressChat.map((bot) => bot.leads)
    this.cbSizes = layout.chatbotCom.map((account) => account.users)
  }

  expressChat(bot: number, index: number): number {
    return personKey(XC_SPACE + bot, index)
  }

  chatbotCom(account: number, index: number): number {
    const roll = hash32(this.seed, CB_SPACE, account, index)
    if (roll % 100 < CB_SHARED_WITH_XC) {
      const shared = this.sharedExpressChat(roll)
      if (shared !== undefined) return shared
    }
    return personKey(CB_SPACE + account, index)
  }

  chatzuri(account: number, index: number): number {
    const roll = hash32(this.seed, CZ_SPACE, account, index)
    const percent = roll % 100
    if (percent < CZ_SHARED_WITH_XC) {
      const shared = this.sharedExpressChat(roll)
      if (shared !== undefined) return shared
    } else if (percent < CZ_SHARED_WITH_XC + CZ_SHARED_WITH_CB) {
      const account = (roll >>> 8) % Math.max(1, this.cbSizes.length)
      const size = this.cbSizes[account] ?? 0
      if (size > 0) return this.chatbotCom(account, (roll >>> 12) % size)
    }
    return personKey(CZ_SPACE + account, index)
  }

  private sharedExpressChat(roll: number): number | undefined {
    const bot = (roll >>> 8) % Math.max(1, this.xcSizes.length)
    const size = this.xcSizes[bot] ?? 0
    return size > 0 ? this.expressChat(bot, (roll >>> 12) % size) : undefined
  }
}
