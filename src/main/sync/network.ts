import type { EventBus } from '../events'

/**
 * Whether this machine is online. Offline is a state of the machine's network, not of one host: the
 * app is offline when the operating system says so (where it can tell), or when every connection
 * tried since it last answered could not be reached. One unreachable host among others that answer
 * is that connection's problem, shown on its own card.
 */
export class NetworkMonitor {
  private readonly reachableNow = new Map<string, boolean>()
  private last = true

  constructor(
    private readonly events: Pick<EventBus, 'emit'>,
    /** The operating system's own answer (Electron's net.isOnline); absent in a plain Node process. */
    private readonly osOnline: () => boolean = () => true
  ) {}

  get online(): boolean {
    if (!this.osOnline()) return false
    const outcomes = [...this.reachableNow.values()]
    return outcomes.length === 0 || outcomes.some(Boolean)
  }

  /** The connection's host answered (whatever it said). */
  reachable(connectionId: string): void {
    this.reachableNow.set(connectionId, true)
    this.changed()
  }

  unreachable(connectionId: string): void {
    this.reachableNow.set(connectionId, false)
    this.changed()
  }

  forget(connectionId: string): void {
    this.reachableNow.delete(connectionId)
    this.changed()
  }

  private changed(): void {
    const now = this.online
    if (now === this.last) return
    this.last = now
    this.events.emit('network.state', { online: now })
  }
}
