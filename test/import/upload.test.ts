import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ImportPreview } from '../../src/shared/contract'
import { saveUpload } from '../../src/main/csv/import/uploads'
import { startHttpServer, type RunningHttpServer } from '../../src/main/transports/http-server'
import { startTestApp, type TestApp } from '../helpers/app'

/* Browser mode's upload: token-guarded like every API call, streamed to a file of its own. */

let app: TestApp
let server: RunningHttpServer
beforeAll(async () => {
  app = await startTestApp()
  server = await startHttpServer({
    dispatch: app.dispatch,
    events: app.events,
    staticDir: null,
    receiveUpload: (name, body) => saveUpload(app.dataDir, name, body)
  })
})
afterAll(async () => {
  await server.close()
  await app.dispose()
})

const url = (name: string): string => `${server.url}/api/upload?name=${encodeURIComponent(name)}`
const uploads = (): Promise<string[]> => readdir(join(app.dataDir, 'imports', 'uploads'))

/** A body sent in many small chunks, as a browser streams a big file. */
function chunked(text: string, size = 7): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text)
  let at = 0
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(at, (at += size)))
    }
  })
}

it('takes a streamed file with the token, and the file opens as an import', async () => {
  const csv = 'Name,Email\n' + Array.from({ length: 500 }, (_, i) => `Lead ${i},lead${i}@example.com`).join('\n') + '\n'
  const response = await fetch(url('../../etc/fair list.csv'), {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/octet-stream' },
    body: chunked(csv),
    duplex: 'half'
  } as RequestInit)
  expect(response.status).toBe(200)
  const reply = (await response.json()) as { ok: true; result: { uploadId: string; size: number } }
  expect(reply.result.size).toBe(Buffer.byteLength(csv))
  const preview = await app.call<ImportPreview>('imports.open', { uploadId: reply.result.uploadId })
  // The name is a name, never a path.
  expect(preview).toMatchObject({
    fileName: 'fair list.csv',
    fileSize: Buffer.byteLength(csv),
    headers: ['Name', 'Email']
  })
  await app.call('imports.close', { sessionId: preview.sessionId })
  expect(await uploads()).toEqual([])
  await expect(app.call('imports.open', { uploadId: reply.result.uploadId })).rejects.toMatchObject({
    code: 'NOT_FOUND'
  })
})

it('refuses an upload without the token, from another origin, or not sent as bytes', async () => {
  const before = await uploads()
  const noToken = await fetch(url('a.csv'), {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: 'x'
  })
  expect(noToken.status).toBe(401)
  const otherOrigin = await fetch(url('a.csv'), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.token}`,
      'content-type': 'application/octet-stream',
      origin: 'http://evil.example'
    },
    body: 'x'
  })
  expect(otherOrigin.status).toBe(403)
  const json = await fetch(url('a.csv'), {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: '{}'
  })
  expect(json.status).toBe(400)
  expect(await uploads()).toEqual(before)
})

it('opens no file by path or by a made-up id', async () => {
  for (const uploadId of ['../../../etc/passwd', 'x'.repeat(30), '']) {
    const reply = await app.dispatch('imports.open', { uploadId })
    expect(reply.ok).toBe(false)
  }
  expect((await app.dispatch('imports.open', { path: '/etc/passwd' })).ok).toBe(false)
  // No dialog in browser mode: the page uploads instead.
  expect(await app.dispatch('imports.open', { dialog: true })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
})
