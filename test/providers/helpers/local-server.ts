import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface LocalServer {
  url: string
  /** Every request the server received, in order. */
  requests: { method: string; url: URL; headers: IncomingMessage['headers']; body: string }[]
  close(): Promise<void>
}

export type Handler = (
  req: IncomingMessage & { parsedUrl: URL; body: string },
  res: ServerResponse
) => void | Promise<void>

/** A real HTTP server on 127.0.0.1 and a free port, answering with `handler`. */
export async function startLocalServer(handler: Handler): Promise<LocalServer> {
  const requests: LocalServer['requests'] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const parsedUrl = new URL(req.url ?? '/', 'http://127.0.0.1')
      requests.push({ method: req.method ?? 'GET', url: parsedUrl, headers: req.headers, body })
      Promise.resolve(handler(Object.assign(req, { parsedUrl, body }), res)).catch((error: unknown) => {
        res.statusCode = 599
        res.end(String(error))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers })
  res.end(text)
}
