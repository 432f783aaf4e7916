import { createServer, type Server, type Socket } from 'node:net'

export interface SilentHost {
  url: string
  /** true: take connections and never answer (a request hangs until cancelled); false: refuse them. */
  hang(on: boolean): Promise<void>
  close(): Promise<void>
}

/**
 * A host that never answers a request: nothing listens on its port (connections are refused), or,
 * hanging, something takes each connection and keeps it open in silence.
 */
export async function startSilentHost(): Promise<SilentHost> {
  const open = new Set<Socket>()
  const server: Server = createServer((socket) => {
    open.add(socket)
    socket.on('error', () => undefined)
    socket.on('close', () => open.delete(socket))
  })
  const listen = (port: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  const stop = (): Promise<void> =>
    new Promise<void>((resolve) => {
      for (const socket of open) socket.destroy()
      if (!server.listening) return resolve()
      server.close(() => resolve())
    })
  await listen(0)
  const { port } = server.address() as { port: number }
  await stop()
  return {
    url: `http://127.0.0.1:${port}`,
    hang: async (on) => {
      if (on && !server.listening) await listen(port)
      if (!on) await stop()
    },
    close: stop
  }
}
