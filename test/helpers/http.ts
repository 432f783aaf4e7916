import { request, type Agent, type IncomingHttpHeaders } from 'node:http'
import type { RunningHttpServer } from '../../src/main/transports/http-server'

export interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
  /** The body parsed as JSON, or null when it is not JSON. */
  json: unknown
}

export interface SendOptions {
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
  agent?: Agent
  /** Give up after this long (the socket is destroyed and the promise rejects). */
  timeoutMs?: number
}

/** One real HTTP request to browser mode's server. */
export function send(server: RunningHttpServer, path: string, options: SendOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: options.agent
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: parseOrNull(body) })
        })
      }
    )
    req.on('error', reject)
    if (options.timeoutMs) {
      req.setTimeout(options.timeoutMs, () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)))
    }
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })
}

/** A call of the contract over HTTP, with the session token. */
export function invokeOver(
  server: RunningHttpServer,
  method: string,
  input: unknown,
  options: Omit<SendOptions, 'method' | 'body'> = {}
): Promise<Reply> {
  return send(server, '/api/invoke', {
    ...options,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}`, ...options.headers },
    body: JSON.stringify({ method, input })
  })
}

function parseOrNull(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    return null
  }
}
