import { z } from 'zod'
import { method } from './define'
import { empty } from './primitives'

export const appMethods = {
  'app.info': method(
    'Version, data directory and keychain availability.',
    empty,
    z.object({
      version: z.string(),
      dataDir: z.string(),
      keychain: z.object({ available: z.boolean(), message: z.string().nullable() }),
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
