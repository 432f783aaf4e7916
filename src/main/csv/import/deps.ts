import type { Clock } from '../../clock'
import type { ConnectionService } from '../../connections'
import type { Database } from '../../db'
import type { EventBus } from '../../events'

/** What the CSV import uses of the app, handed over by the composition root. */
export interface ImportDeps {
  dataDir: string
  db: Database
  events: EventBus
  clock: Clock
  /** Where pushed leads go, and the connector (with its token) that takes them there. */
  connections: Pick<ConnectionService, 'find' | 'connectorFor'>
  /** A committed import's edits of platform leads may go out soon. */
  sync: { pushSoon(): void }
  /** The native open dialog (Electron); absent in browser mode, where the page uploads the file. */
  pickFile?: () => Promise<string | null>
}
