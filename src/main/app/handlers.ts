import type { Handlers } from '../../shared/contract'
import type { EventBus } from '../events'
import type { SecretStore } from '../secrets'
import type { NetworkMonitor, SyncService } from '../sync'
import { APP_VERSION } from '../version'

type AppHandlers = Pick<Handlers, 'app.info' | 'settings.get' | 'settings.update'>

export interface AppHandlerDeps {
  dataDir: string
  secrets: Pick<SecretStore, 'availability'>
  network: Pick<NetworkMonitor, 'online'>
  /** The sync interval is the one setting so far; the sync service keeps and applies it. */
  sync: Pick<SyncService, 'intervalMinutes' | 'setIntervalMinutes'>
  events: EventBus
}

export function appHandlers({ dataDir, secrets, network, sync, events }: AppHandlerDeps): AppHandlers {
  return {
    'app.info': async () => ({
      version: APP_VERSION,
      dataDir,
      keychain: await secrets.availability(),
      online: network.online
    }),
    'settings.get': async () => ({ syncIntervalMinutes: await sync.intervalMinutes() }),
    'settings.update': async ({ syncIntervalMinutes }) => {
      await sync.setIntervalMinutes(syncIntervalMinutes)
      events.emit('data.changed', { entity: 'settings', connectionId: null })
      return { syncIntervalMinutes }
    }
  }
}
