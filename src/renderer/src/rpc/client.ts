import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract'
import type { EventName, EventPayload } from '../../../shared/contract/events'
import type { ErrorCode } from '../../../shared/contract/errors'
import { httpTransport, takeTokenFromLocation } from './http-transport'
import { ipcTransport } from './ipc-transport'
import type { Transport } from './transport'

export class RpcClientError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'RpcClientError'
  }
}

/** Chosen once at start; the rest of the renderer never knows which one it has. */
function pickTransport(): Transport | null {
  if (window.leadManager) return ipcTransport(window.leadManager)
  const token = takeTokenFromLocation()
  return token ? httpTransport(token) : null
}

const transport = pickTransport()

export function hasTransport(): boolean {
  return transport !== null
}

/** 'ipc' in the desktop app (native dialogs), 'http' in browser mode (downloads instead). */
export function transportKind(): Transport['kind'] | null {
  return transport?.kind ?? null
}

export async function send<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  if (!transport) throw new RpcClientError('UNAUTHORIZED', 'Open Lead Manager with the link it printed at start.')
  const reply = await transport.invoke(method, input)
  if (!reply.ok) throw new RpcClientError(reply.error.code, reply.error.message)
  // Main's router parsed this result with the method's own output schema before sending it.
  return reply.result as MethodOutput<M>
}

/** The desktop app has a native file dialog; browser mode uploads the file the page was given. */
export function hasNativeFileDialog(): boolean {
  return transport?.kind === 'ipc'
}

export async function uploadFile(file: Blob, name: string): Promise<{ uploadId: string; size: number }> {
  if (!transport?.upload) throw new RpcClientError('CONFLICT', 'Choose the file with the dialog instead.')
  const reply = await transport.upload(file, name)
  if (!reply.ok) throw new RpcClientError(reply.error.code, reply.error.message)
  return reply.result
}

export function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  if (!transport) return () => undefined
  return transport.onEvent((name, payload) => {
    // Main's event bus emits each name only with its typed payload.
    if (name === event) listener(payload as EventPayload<E>)
  })
}
