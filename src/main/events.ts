import type { EventName, EventPayload } from '../shared/contract/events'

type Listener = (name: EventName, payload: unknown) => void

/** Main-process events, fanned out to whichever transports are attached. */
export class EventBus {
  private readonly listeners = new Set<Listener>()

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload)
      } catch {
        // A broken transport must not stop the others.
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
