import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { RpcResult } from '../../shared/contract/errors'
import type { EventBus } from '../events'
import type { Dispatch } from '../rpc'
import { CONTENT_SECURITY_POLICY } from './security'
import { StaticFiles } from './static-files'

/** A file the page asked for through the API and now downloads (a CSV export). */
export interface DownloadSource {
  fileName: string
  contentType: string
  /** Writes the file through `write`; rejects if it fails or is cancelled. */
  stream(write: (chunk: Buffer) => Promise<void>, signal: AbortSignal): Promise<void>
}

export interface HttpServerOptions {
  dispatch: Dispatch
  events: EventBus
  /** Downloads behind one-time secrets that an API call handed out; spent by the first request. */
  downloads?: { openDownload(secret: string): DownloadSource | null }
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
const DOWNLOAD_PATH = '/api/download/'

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

function refuse(
  res: ServerResponse,
  status: number,
  code: 'UNAUTHORIZED' | 'FORBIDDEN' | 'INVALID_INPUT' | 'NOT_FOUND' | 'INTERNAL',
  message: string
): void {
  const body: RpcResult<never> = { ok: false, error: { code, message } }
  sendJson(res, status, body)
}

/** `attachment` with the name twice: quoted ASCII for old clients, RFC 5987 UTF-8 for the rest. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')
  const utf8 = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`
}

/** Resolves when `res` can take more, or has closed (the next write then fails). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

class BodyTooLarge extends Error {}

/**
 * The whole body, or BodyTooLarge as soon as it is declared or found to be over the limit. Past the
 * limit the stream keeps flowing and is dropped, rather than destroyed, so the 413 can be read.
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > MAX_BODY_BYTES) return reject(new BodyTooLarge())
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on('data', (chunk: Buffer) => {
      if (over) return
      size += chunk.length
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk)
      over = true
      chunks.length = 0
      reject(new BodyTooLarge())
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
    req.on('close', () => reject(new Error('the client went away before the body was complete')))
  })
}

/**
 * 413, then the connection is closed: the rest of the body is still on its way, and a keep-alive
 * socket left half-read would take it for the next request and hang. What still arrives is read and
 * dropped until the socket closes, so the client sees the answer rather than a reset.
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, socket: Socket): void {
  res.shouldKeepAlive = false
  res.setHeader('connection', 'close')
  res.on('finish', () => {
    socket.end()
    setTimeout(() => socket.destroy(), 2000).unref()
  })
  req.resume()
  refuse(res, 413, 'INVALID_INPUT', `The request is larger than ${MAX_BODY_BYTES / (1024 * 1024)} MB.`)
}

/**
 * Browser mode: the same router as IPC, over HTTP on 127.0.0.1 only. A random token per run guards
 * every API call; Host and Origin checks stop DNS rebinding and other sites' pages.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const token = options.token ?? randomBytes(32).toString('base64url')
  const streams = new Set<ServerResponse>()
  const downloads = new Set<ServerResponse>()
  let port = 0
  const staticFiles = options.staticDir ? new StaticFiles(options.staticDir) : null

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])

  const server = createServer((req, res) => {
    // Reading the request has its own answers (400, 413); whatever fails past that is the server's fault.
    void handle(req, res).catch(() => {
      if (!res.headersSent) refuse(res, 500, 'INTERNAL', 'The server failed to answer; try again.')
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
    // eslint-disable-next-line @microsoft/sdl/no-insecure-url -- a base to parse the path against (Host checked above)
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    // A browser download cannot send the Authorization header, so its URL carries the credential: a
    // 256-bit one-time secret that only an authorized API call hands out, valid for a minute.
    if (url.pathname.startsWith(DOWNLOAD_PATH) && req.method === 'GET') {
      return download(url.pathname.slice(DOWNLOAD_PATH.length), res)
    }
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
    const socket = req.socket
    let text: string
    try {
      text = await readBody(req)
    } catch (err) {
      if (err instanceof BodyTooLarge) return refuseTooLarge(req, res, socket)
      throw err
    }
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return refuse(res, 400, 'INVALID_INPUT', 'The body is not valid JSON.')
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return refuse(res, 400, 'INVALID_INPUT', 'The body must be {"method": string, "input": object}.')
    }
    const { method, input } = body as { method?: unknown; input?: unknown }
    sendJson(res, 200, await options.dispatch(method, input))
  }

  async function download(secret: string, res: ServerResponse): Promise<void> {
    const source = /^[A-Za-z0-9_-]{43}$/.test(secret) ? (options.downloads?.openDownload(secret) ?? null) : null
    if (!source) return refuse(res, 404, 'NOT_FOUND', 'This download link was used already or has expired.')
    // No length, no validators: a cut stream is a failed download the browser cannot resume into a
    // file that looks whole.
    res.writeHead(200, {
      'content-type': source.contentType,
      'content-disposition': contentDisposition(source.fileName),
      'cache-control': 'no-store'
    })
    const controller = new AbortController()
    downloads.add(res)
    res.on('close', () => {
      downloads.delete(res)
      if (!res.writableFinished) controller.abort()
    })
    try {
      await source.stream(async (chunk) => {
        if (controller.signal.aborted) throw new Error('the browser closed the download')
        if (!res.write(chunk)) await drained(res)
      }, controller.signal)
      res.end()
    } catch {
      // Cut, not ended: the browser must see a failed download, never a short file.
      res.destroy()
    }
  }

  async function upload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!options.receiveUpload) return refuse(res, 404, 'NOT_FOUND', 'This server takes no uploads.')
    if (!(req.headers['content-type'] ?? '').startsWith('application/octet-stream')) {
      return refuse(res, 400, 'INVALID_INPUT', 'Send the file as application/octet-stream.')
    }
    const name = (url.searchParams.get('name') ?? '').slice(0, 255)
    const result = await options.receiveUpload(name, bytesOf(req))
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
    if (!staticFiles) return refuse(res, 404, 'NOT_FOUND', 'No renderer bundle is being served.')
    const file = await staticFiles.get(pathname)
    if (!file) return refuse(res, 404, 'NOT_FOUND', 'Not found.')
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': file.body.length,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'cache-control': file.cacheControl
    })
    res.end(file.body)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string')
    throw new Error('The browser-mode server is not listening on a TCP port.')
  port = address.port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token,
    async close() {
      unsubscribe()
      for (const stream of streams) stream.end()
      // A download still running is cut, not waited for: server.close() would wait for it.
      for (const download of downloads) download.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
    }
  }
}

/** A request's body as the Buffers it yields without setEncoding(). */
async function* bytesOf(req: IncomingMessage): AsyncIterable<Buffer> {
  for await (const chunk of req) {
    if (!Buffer.isBuffer(chunk)) throw new TypeError('request body chunk is not bytes')
    yield chunk
  }
}
