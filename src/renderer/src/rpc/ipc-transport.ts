import type { LeadManagerBridge } from '../../../shared/bridge'
import type { Transport } from './transport'

export function ipcTransport(bridge: LeadManagerBridge): Transport {
  return { kind: 'ipc', invoke: bridge.invoke, onEvent: bridge.onEvent }
}
