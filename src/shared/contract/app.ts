import { z } from 'zod'
import { method } from './define'
import { empty } from './primitives'

/**
 * What the keychain answered when last asked: `unavailable` is "no keychain on this computer",
 * `locked` and `temporary` are "there is one, but not usable right now", `failed` is anything else.
 */
export const KEYCHAIN_STATES = ['available', 'unavailable', 'locked', 'temporary', 'failed'] as const
export type KeychainState = (typeof KEYCHAIN_STATES)[number]

export const keychainStatus = z.object({
  available: z.boolean(),
  state: z.enum(KEYCHAIN_STATES),
  /** One sentence for the user: what is wrong and what to do; null when available. */
  message: z.string().nullable()
})
export type KeychainStatus = z.infer<typeof keychainStatus>

export const appMethods = {
  'app.info': method(
    'Version, data directory and keychain availability.',
    empty,
    z.object({
      version: z.string(),
      dataDir: z.string(),
      keychain: keychainStatus,
      online: z.boolean()
    })
  ),
  'settings.get': method('The user settings.', empty, z.object({ syncIntervalMinutes: z.number().int() })),
  'settings.update': method(
    'Change user settings.',
    z
      .object({
        syncIntervalMinutes: z
          .number()
          .int()
          .min(0)
          .max(24 * 60)
      })
      .strict(),
    z.object({ syncIntervalMinutes: z.number().int() })
  )
}
