import { request } from 'node:http'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startHttpServer, type RunningHttpServer } from '../../src/main/transports/http-server'
import { startTestApp, type TestApp } from '../helpers/app'

let app: TestApp
let server: RunningHttpServer
let staticDir: string

beforeAll(async () => {
  app = await startTestApp()
  staticDir = await mkdtemp(join(tmpdir(), 'lm-static-'))
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Lead Manager</title>')
  await mkdir(join(staticDir, 'assets'))
  await writeFile(join(staticDir, 'assets', 'app-1.js'), 'export const one = 1')
  server = await startHttpServer({ dispatch: app.dispatch, events: app.events, staticDir })
})
afterAll(async () => {
  await server.close()
  await app.dispose()
})

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      }
    )
    req.on('error', reject)
    if (options.body) req.write(options.body)
    req.end()
  })
}
const invoke = (method: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
  send('/api/invoke', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}`, ...headers },
    body: JSON.stringify({ method, input })
  })

it('listens on 127.0.0.1 only, with a fresh random token per run', async () => {
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  expect(server.token).toMatch(/^[A-Za-z0-9_-]{40,}$/)
  const other = await startHttpServer({ dispatch: app.dispatch, events: app.events, staticDir: null })
  expect(other.token).not.toBe(server.token)
  await other.close()
})

it('answers a call with the right token', async () => {
  const reply = await invoke('sync.status', {})
  expect(reply.status).toBe(200)
  expect(JSON.parse(reply.body)).toMatchObject({ ok: true, result: { online: true, connections: [] } })
})

it('refuses a missing or wrong token', async () => {
  for (const authorization of [
    undefined,
    'Bearer ',
    `Bearer ${server.token}x`,
    `Bearer ${'a'.repeat(43)}`,
    server.token
  ]) {
    const reply = await send('/api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
      body: JSON.stringify({ method: 'sync.status', input: {} })
    })
    expect(reply.status).toBe(401)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
  }
  expect((await send('/api/events')).status).toBe(401)
})

it('refuses a foreign Origin, even with the right token', async () => {
  for (const origin of [
    'http://evil.example',
    'null',
    `http://127.0.0.1:${server.port + 1}`,
    `https://127.0.0.1:${server.port}`
  ]) {
    const reply = await invoke('sync.status', {}, { origin })
    expect(reply.status, origin).toBe(403)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  }
  expect((await invoke('sync.status', {}, { origin: `http://localhost:${server.port}` })).status).toBe(200)
})

it('refuses a non-loopback Host (DNS rebinding), even with the right token', async () => {
  for (const host of [
    'evil.example',
    `evil.example:${server.port}`,
    `192.168.1.20:${server.port}`,
    `127.0.0.1:${server.port + 1}`
  ]) {
    const reply = await invoke('sync.status', {}, { host })
    expect(reply.status, host).toBe(403)
  }
  expect((await send('/', { headers: { host: 'evil.example' } })).status).toBe(403)
})

it('carries contract errors over HTTP as {code, message}', async () => {
  expect(JSON.parse((await invoke('leads.nuke', {})).body)).toMatchObject({
    ok: false,
    error: { code: 'UNKNOWN_METHOD' }
  })
  expect(JSON.parse((await invoke('leads.get', { id: 'x' })).body)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT' }
  })
  const broken = await send('/api/invoke', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: '{"method": "sync.status", '
  })
  expect(broken.status).toBe(400)
  expect(JSON.parse(broken.body).error.code).toBe('INVALID_INPUT')
  const notJson = await send('/api/invoke', {
    method: 'POST',
    headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.token}` },
    body: '{}'
  })
  expect(notJson.status).toBe(400)
})

it('serves the renderer bundle without the token, with a strict CSP, and nothing outside it', async () => {
  const page = await send('/')
  expect(page.status).toBe(200)
  expect(page.body).toContain('Lead Manager')
  expect(page.headers['content-security-policy']).toContain("script-src 'self'")
  expect(page.headers['access-control-allow-origin']).toBeUndefined()
  expect((await send('/../../../../etc/passwd')).status).toBe(404)
  expect((await send('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404)
})

it('serves the bundle as read at start, and files added since from disk, with their types', async () => {
  // Held in memory since the start: a change on disk is not seen (the page and its hashed files stay one build).
  await writeFile(join(staticDir, 'assets', 'app-1.js'), 'export const one = 2')
  const script = await send('/assets/app-1.js')
  expect(script.status).toBe(200)
  expect(script.body).toBe('export const one = 1')
  expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
  expect(script.headers['content-length']).toBe('20')
  expect(script.headers['cache-control']).toBe('max-age=3600')
  expect((await send('/')).headers['cache-control']).toBe('no-store')
  // A file written after the start (a rebuild under a running server) is still found.
  await writeFile(join(staticDir, 'assets', 'style-2.css'), 'body{}')
  const style = await send('/assets/style-2.css')
  expect(style.status).toBe(200)
  expect(style.body).toBe('body{}')
  expect(style.headers['content-type']).toBe('text/css; charset=utf-8')
  const head = await send('/assets/app-1.js', { method: 'HEAD' })
  expect(head.status).toBe(200)
  expect(head.body).toBe('')
  expect((await send('/assets/missing.js')).status).toBe(404)
  expect((await send('/assets')).status).toBe(404)
  expect((await send('/%E0%A4%A')).status).toBe(404)
})

it('pushes events over the event stream to a client with the token', async () => {
  const received = new Promise<string>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: '/api/events',
        headers: { authorization: `Bearer ${server.token}` }
      },
      (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream')
        let buffer = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          buffer += chunk
          if (buffer.includes('data: ')) {
            resolve(buffer)
            req.destroy()
          }
        })
        setTimeout(() => app.call('settings.update', { syncIntervalMinutes: 5 }), 50)
      }
    )
    req.on('error', reject)
    req.end()
  })
  const frame = await received
  const data = JSON.parse(frame.split('data: ')[1]!.split('\n')[0]!)
  expect(data).toEqual({ name: 'data.changed', payload: { entity: 'settings', connectionId: null } })
})
