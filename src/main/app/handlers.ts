import type { Handlers } from '../../shared/contract'
import type { AppContext } from '../app-context'
import { APP_VERSION } from '../version'

type AppHandlers = Pick<Handlers, 'app.info' | 'settings.get' | 'settings.update'>

export function appHandlers(ctx: AppContext): AppHandlers {
  return {
    'app.info': async () => ({
      version: APP_VERSION,
      dataDir: ctx.dataDir,
      keychain: await ctx.secrets.availability(),
      online: ctx.network.online
    }),
    'settings.get': async () => ({ syncIntervalMinutes: await ctx.sync.intervalMinutes() }),
    'settings.update': async ({ syncIntervalMinutes }) => {
      await ctx.sync.setIntervalMinutes(syncIntervalMinutes)
      ctx.events.emit('data.changed', { entity: 'settings', connectionId: null })
      return { syncIntervalMinutes }
    }
  }
}
