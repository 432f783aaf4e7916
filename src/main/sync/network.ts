import type { EventBus } from '../events'

/**
 * Online means every connection we last tried could be reached. There is no reliable OS signal
 * in a plain Node process, so reachability of the platforms themselves is the measure.
 */
export class NetworkMonitor {
  private readonly unreachable = new Set<string>()

  constructor(private readonly events: EventBus) {}

  get online(): boolean {
    return this.unreachable.size === 0
  }

  get offlineConnections(): string[] {
    return [...this.unreachable]
  }

  reachable(connectionId: string): void {
    const was = this.online
    this.unreachable.delete(connectionId)
    if (!was && this.online) this.events.emit('network.state', { online: true })
  }

  unreachableNow(connectionId: string): void {
    const was = this.online
    this.unreachable.add(connectionId)
    if (was) this.events.emit('network.state', { online: false })
  }

  forget(connectionId: string): void {
    this.reachable(connectionId)
  }
}
