import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RefusingPlatform {
  url: string
  /** The headers of every request it received. */
  requests: { url: string; headers: IncomingHttpHeaders }[]
  close(): Promise<void>
}

/**
 * A stand-in platform on 127.0.0.1 that answers every request 401 the way express-chat does. The app
 * really sends the token to it, so a test can check where else the token went.
 */
export async function startRefusingPlatform(): Promise<RefusingPlatform> {
  const requests: RefusingPlatform['requests'] = []
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers })
    req.resume()
    res.writeHead(401, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ success: false, message: 'invalid API token', code: 401 }))
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
