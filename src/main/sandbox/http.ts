import type { IncomingMessage, ServerResponse } from 'node:http'

export const MAX_BODY_BYTES = 1_000_000

export class BodyTooLarge extends Error {}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    // Without setEncoding() a request yields Buffers.
    if (!Buffer.isBuffer(chunk)) throw new TypeError('request body chunk is not bytes')
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge(`request body over ${MAX_BODY_BYTES} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export function sendBytes(
  response: ServerResponse,
  status: number,
  payload: Buffer,
  headers: Record<string, string> = {}
): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(payload.length),
    ...headers
  })
  response.end(payload)
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  sendBytes(response, status, Buffer.from(JSON.stringify(body)), headers)
}

/** One JSON value per line, written with back-pressure so 100k records never sit in memory at once. */
export async function sendNdjson(response: ServerResponse, items: Iterable<unknown>): Promise<void> {
  response.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8' })
  let chunk = ''
  for (const item of items) {
    chunk += JSON.stringify(item) + '\n'
    if (chunk.length < 65_536) continue
    if (!response.write(chunk)) await drained(response)
    if (response.destroyed) return
    chunk = ''
  }
  response.end(chunk)
}

/** Full Content-Length, part of the body, then the socket is destroyed: a connection lost mid-body. */
export function sendTruncated(response: ServerResponse, status: number, payload: Buffer): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(payload.length)
  })
  response.write(payload.subarray(0, Math.floor(payload.length / 2)), () => response.destroy())
}

/** A 200 whose body is not JSON: a prefix of the real body with a stray '}{' after it. */
export function malformed(payload: Buffer): Buffer {
  return Buffer.concat([payload.subarray(0, Math.floor(payload.length * 0.6)), Buffer.from('}{')])
}

/** Resolves when the response can take more, or is gone. */
function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done)
      response.off('close', done)
      resolve()
    }
    response.on('drain', done)
    response.on('close', done)
  })
}
