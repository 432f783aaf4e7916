import { request } from 'node:http'
import type { RpcResult } from '../../src/shared/contract/errors'
import { startHttpServer, type RunningHttpServer } from '../../src/main/transports/http-server'
import { startTestApp, type TestApp } from './app'

export class RpcCallError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(`${code}: ${message}`)
  }
}

export interface HttpApp {
  app: TestApp
  http: RunningHttpServer
  /** Calls a method over loopback HTTP exactly as the renderer does; throws RpcCallError on an error reply. */
  call<T>(method: string, input?: unknown): Promise<T>
  callRaw(method: string, input?: unknown): Promise<RpcResult<unknown>>
  close(): Promise<void>
}

/**
 * One POST /api/invoke on a connection of its own. A kept-alive connection would race the server's
 * keep-alive timeout when both run in this (loaded) process: the server closing an idle socket just
 * as the client reuses it is an ECONNRESET that says nothing about the app.
 */
export function invokeOverHttp(
  url: string,
  token: string,
  method: string,
  input: unknown
): Promise<RpcResult<unknown>> {
  const body = JSON.stringify({ method, input })
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/invoke`,
      {
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body)
        }
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as RpcResult<unknown>)
          } catch (err) {
            reject(err as Error)
          }
        })
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** The real app (real SQLite file, real keychain) behind its real loopback HTTP transport. */
export async function startHttpApp(options: { dataDir?: string } = {}): Promise<HttpApp> {
  const app = await startTestApp(options)
  const http = await startHttpServer({ dispatch: app.dispatch, events: app.events, staticDir: null })
  const callRaw = (method: string, input: unknown = {}): Promise<RpcResult<unknown>> =>
    invokeOverHttp(http.url, http.token, method, input)
  return {
    app,
    http,
    callRaw,
    async call<T>(method: string, input: unknown = {}): Promise<T> {
      const reply = await callRaw(method, input)
      if (!reply.ok) throw new RpcCallError(reply.error.code, reply.error.message)
      return reply.result as T
    },
    async close() {
      await http.close()
      await app.dispose()
    }
  }
}
