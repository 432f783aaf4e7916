import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import type { RpcResult } from '../../shared/contract/errors'
import type { EventBus } from '../events'
import type { Dispatch } from '../rpc/router'
import { CONTENT_SECURITY_POLICY } from './security'

export interface HttpServerOptions {
  dispatch: Dispatch
  events: EventBus
  /** The built renderer; served without the token because it holds no data. */
  staticDir: string | null
  port?: number
  token?: string
  /** Browser mode's file upload (CSV import): the body is streamed to it, never buffered whole here. */
  receiveUpload?: (name: string, body: AsyncIterable<Buffer>) => Promise<{ uploadId: string; size: number }>
}

export interface RunningHttpServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const MAX_BODY_BYTES = 8 * 1024 * 1024
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2'
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

function refuse(
  res: ServerResponse,
  status: number,
  code: 'UNAUTHORIZED' | 'FORBIDDEN' | 'INVALID_INPUT' | 'NOT_FOUND',
  message: string
): void {
  const body: RpcResult<never> = { ok: false, error: { code, message } }
  sendJson(res, status, body)
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new Error('too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Browser mode: the same router as IPC, over HTTP on 127.0.0.1 only. A random token per run guards
 * every API call; Host and Origin checks stop DNS rebinding and other sites' pages.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const token = options.token ?? randomBytes(32).toString('base64url')
  const streams = new Set<ServerResponse>()
  let port = 0

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) refuse(res, 400, 'INVALID_INPUT', 'The request could not be read.')
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-content-type-options', 'nosniff')
    res.setHeader('referrer-policy', 'no-referrer')
    res.setHeader('x-frame-options', 'DENY')
    if (!req.headers.host || !allowedHosts().has(req.headers.host)) {
      return refuse(res, 403, 'FORBIDDEN', 'This server answers only to 127.0.0.1 and localhost.')
    }
    const origin = req.headers.origin
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      return refuse(res, 403, 'FORBIDDEN', 'Requests from other origins are refused.')
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    if (url.pathname.startsWith('/api/')) {
      const auth = req.headers.authorization ?? ''
      const given = auth.startsWith('Bearer ') ? auth.slice(7) : ''
      if (!given || !sameToken(given, token)) {
        return refuse(
          res,
          401,
          'UNAUTHORIZED',
          'A valid session token is required; open the link Lead Manager printed.'
        )
      }
      if (url.pathname === '/api/invoke' && req.method === 'POST') return invoke(req, res)
      if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(req, res)
      if (url.pathname === '/api/upload' && req.method === 'POST') return upload(req, res, url)
      return refuse(res, 404, 'NOT_FOUND', `No API at ${req.method} ${url.pathname}.`)
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 404, 'NOT_FOUND', 'Not found.')
    return serveStatic(url.pathname, res)
  }

  async function invoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return refuse(res, 400, 'INVALID_INPUT', 'The body must be JSON (content-type: application/json).')
    }
    let body: unknown
    try {
      body = JSON.parse(await readBody(req))
    } catch {
      return refuse(res, 400, 'INVALID_INPUT', 'The body is not valid JSON or is larger than 8 MB.')
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return refuse(res, 400, 'INVALID_INPUT', 'The body must be {"method": string, "input": object}.')
    }
    const { method, input } = body as { method?: unknown; input?: unknown }
    sendJson(res, 200, await options.dispatch(method, input))
  }

  async function upload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!options.receiveUpload) return refuse(res, 404, 'NOT_FOUND', 'This server takes no uploads.')
    if (!(req.headers['content-type'] ?? '').startsWith('application/octet-stream')) {
      return refuse(res, 400, 'INVALID_INPUT', 'Send the file as application/octet-stream.')
    }
    const name = (url.searchParams.get('name') ?? '').slice(0, 255)
    const result = await options.receiveUpload(name, req as AsyncIterable<Buffer>)
    const body: RpcResult<{ uploadId: string; size: number }> = { ok: true, result }
    sendJson(res, 200, body)
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive'
    })
    res.write(': connected\n\n')
    streams.add(res)
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000)
    req.on('close', () => {
      clearInterval(heartbeat)
      streams.delete(res)
    })
  }

  const unsubscribe = options.events.subscribe((name, payload) => {
    const frame = `data: ${JSON.stringify({ name, payload })}\n\n`
    for (const stream of streams) stream.write(frame)
  })

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    if (!options.staticDir) return refuse(res, 404, 'NOT_FOUND', 'No renderer bundle is being served.')
    const root = normalize(options.staticDir)
    const relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname)
    const file = normalize(join(root, relative))
    if (!file.startsWith(root + sep)) return refuse(res, 404, 'NOT_FOUND', 'Not found.')
    const info = await stat(file).catch(() => null)
    if (!info?.isFile()) return refuse(res, 404, 'NOT_FOUND', 'Not found.')
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'cache-control': extname(file) === '.html' ? 'no-store' : 'max-age=3600'
    })
    createReadStream(file).pipe(res)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token,
    async close() {
      unsubscribe()
      for (const stream of streams) stream.end()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
    }
  }
}
