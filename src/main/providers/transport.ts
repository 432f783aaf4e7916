import http from 'node:http'
import https from 'node:https'

/** What requestJson needs of an answer: its status, one header at a time, and the whole body. */
export interface RawResponse {
  status: number
  header(name: string): string | null
  text: string
}

export interface RawRequest {
  method: string
  url: URL
  headers: Record<string, string>
  body?: string
  signal: AbortSignal
}

/** The body ended before its Content-Length (or the socket closed mid-body). */
export class TruncatedBody extends Error {
  constructor() {
    super('the connection closed before the answer was complete')
  }
}

/*
 * node:http rather than fetch: a sync makes tens of thousands of small requests, and undici's
 * fetch (WHATWG streams, Request/Response objects) costs about twice the CPU per request, which a
 * 2-core machine pays for in leads per second. Keep-alive is the default agent's (Node ≥ 19).
 * Redirects are never followed (they would carry the token elsewhere).
 */
export function nodeRequest(request: RawRequest): Promise<RawResponse> {
  const { url, signal } = request
  const client = url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: request.method, headers: request.headers, signal }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', () => undefined)
      res.on('close', () => {
        if (!res.complete) return reject(signal.aborted ? signal.reason : new TruncatedBody())
        resolve({
          status: res.statusCode ?? 0,
          header: (name) => {
            const value = res.headers[name.toLowerCase()]
            return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
          },
          text: Buffer.concat(chunks).toString('utf8')
        })
      })
    })
    req.on('error', (error) => reject(signal.aborted ? signal.reason : error))
    req.end(request.body)
  })
}

/** The same through an injected fetch (tests that need to see or shape each request). */
export async function fetchRequest(fetchImpl: typeof fetch, request: RawRequest): Promise<RawResponse> {
  const response = await fetchImpl(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: 'manual',
    signal: request.signal
  })
  const text = await response.text()
  return { status: response.status, header: (name) => response.headers.get(name), text }
}
