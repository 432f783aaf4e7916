import { createServer, type Socket } from 'node:net'

export interface SilentHost {
  url: string
  /** true: take connections and never answer (a request hangs until cancelled); false: reset them at once. */
  hang(on: boolean): void
  close(): Promise<void>
}

/** A host that never answers a request: it resets each connection, or (hanging) keeps it open in silence. */
export async function startSilentHost(): Promise<SilentHost> {
  let hanging = false
  const open = new Set<Socket>()
  const server = createServer((socket) => {
    if (!hanging) return socket.destroy()
    open.add(socket)
    socket.on('error', () => undefined)
    socket.on('close', () => open.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    hang: (on) => (hanging = on),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy()
        server.close(() => resolve())
      })
  }
}
