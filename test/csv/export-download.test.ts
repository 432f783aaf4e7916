import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExportProgress } from '../../src/shared/contract'
import type { ExportColumnId } from '../../src/shared/csv/columns'
import { compileSelection } from '../../src/main/csv/selection'
import { CsvExportService } from '../../src/main/csv/service'
import { startHttpServer, type RunningHttpServer } from '../../src/main/transports/http-server'
import { startTestApp, type TestApp } from '../helpers/app'
import { firstDifference, hostileLeads, insertConnection, insertLeads, referenceExport } from './helpers'

let app: TestApp
let server: RunningHttpServer

const COLUMNS: ExportColumnId[] = ['name', 'email', 'phone', 'tags', 'createdAt', 'attribute:plan']
/** With the long platform JSON: a download far bigger than socket buffers. */
const HEAVY: ExportColumnId[] = [...COLUMNS, 'raw']
const OPTIONS = { format: 'excel', delimiter: ';', guard: true } as const

beforeAll(async () => {
  app = await startTestApp()
  await insertConnection(app.db)
  await insertLeads(app.db, hostileLeads())
  await insertLeads(
    app.db,
    // ~60 MB in all: far more than the socket buffers hold, so a reader that stops holds the export up.
    Array.from({ length: 30_000 }, (_, i) => ({
      remote_id: `plain-${i}`,
      name: `Lead ${i}`,
      // In the platform JSON, which search does not index: quick to insert.
      raw_json: JSON.stringify({ id: i, history: `Lead ${i} `.repeat(200) })
    }))
  )
  server = await startHttpServer({
    dispatch: app.dispatch,
    events: app.events,
    downloads: app.csv,
    staticDir: null
  })
}, 120_000) // 60 MB of leads to insert: a minute and more when the suite loads the machine

afterAll(async () => {
  await server?.close()
  await app.dispose()
})

async function startDownload(
  columns = HEAVY,
  fileName = 'Leads «export».csv'
): Promise<{ exportId: string; downloadUrl: string }> {
  const response = await fetch(`${server.url}/api/invoke`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      method: 'export.start',
      input: { scope: { query: {} }, columns, options: OPTIONS, target: 'download', fileName }
    })
  })
  const reply = (await response.json()) as { ok: true; result: { exportId: string; downloadUrl: string } }
  expect(reply.ok).toBe(true)
  return reply.result
}

describe('browser mode: the export as a download', () => {
  it('streams the whole file once from a one-time URL, with an attachment name', async () => {
    const { exportId, downloadUrl } = await startDownload(COLUMNS)
    expect(downloadUrl).toMatch(/^\/api\/download\/[A-Za-z0-9_-]{43}$/)
    // A browser download sends no Authorization header: the URL is the credential.
    const response = await fetch(`${server.url}${downloadUrl}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Leads _export_.csv"; filename*=UTF-8''Leads%20%C2%ABexport%C2%BB.csv`
    )
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('content-length')).toBeNull()
    const file = Buffer.from(await response.arrayBuffer())
    const expected = await referenceExport(app.db, {
      selection: compileSelection({}),
      columns: COLUMNS,
      options: OPTIONS
    })
    expect(firstDifference(file, expected)).toBeNull()
    expect(await app.csv.settled(exportId)).toMatchObject({ phase: 'done', rows: 30_000 + hostileLeads().length })

    const again = await fetch(`${server.url}${downloadUrl}`)
    expect(again.status).toBe(404)
    expect(await again.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('refuses made-up download URLs and other hosts', async () => {
    for (const path of ['/api/download/', '/api/download/x', `/api/download/${'A'.repeat(43)}`]) {
      expect((await fetch(`${server.url}${path}`)).status).toBe(404)
    }
    const { downloadUrl } = await startDownload()
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port: server.port, path: downloadUrl, headers: { host: 'evil.example' } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
        .on('error', reject)
        .end()
    })
    expect(status).toBe(403)
    // Refused before the secret was looked at: it still works from the right host.
    const response = await fetch(`${server.url}${downloadUrl}`)
    expect(response.status).toBe(200)
    await response.body!.cancel()
  })

  it('cuts the download (never a short file that looks whole) when the export is cancelled', async () => {
    const { exportId, downloadUrl } = await startDownload()
    const response = await fetch(`${server.url}${downloadUrl}`)
    const reader = response.body!.getReader()
    const first = await reader.read()
    expect(first.done).toBe(false)
    // The reader has stopped, so the export waits on it; cancelling must not wait for it to read.
    expect(app.csv.cancel(exportId)).toBe(true)
    expect(await app.csv.settled(exportId)).toMatchObject({ phase: 'cancelled' })
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return 'ended cleanly'
      })()
    ).rejects.toThrow()
    expect(await app.csv.settled(exportId)).toMatchObject({ phase: 'cancelled' })
  })

  it('cancels the export when the browser drops the download', async () => {
    const progress: ExportProgress[] = []
    const stop = app.events.subscribe((name, payload) => {
      if (name === 'export.progress') progress.push(payload as ExportProgress)
    })
    const { exportId, downloadUrl } = await startDownload()
    const controller = new AbortController()
    const response = await fetch(`${server.url}${downloadUrl}`, { signal: controller.signal })
    await response.body!.getReader().read()
    controller.abort()
    const final = await app.csv.settled(exportId)
    stop()
    expect(final!.phase).toBe('cancelled')
    expect(final!.rows).toBeLessThan(final!.total!)
    expect(progress.filter((p) => p.exportId === exportId).at(-1)!.phase).toBe('cancelled')
  })

  it('gives up on a download the browser never asks for, and spends its URL', async () => {
    const service = new CsvExportService({ db: app.db, events: app.events, logger: app.logger, downloadTtlMs: 300 })
    const plan = { selection: compileSelection({}), columns: COLUMNS, options: OPTIONS }
    const { exportId, downloadUrl } = service.prepareDownload(plan, 'late.csv')
    expect(service.status(exportId)!.phase).toBe('waiting')
    await expect.poll(() => service.status(exportId)!.phase, { timeout: 5_000, interval: 50 }).toBe('cancelled')
    expect(service.status(exportId)!.message).toBe('The download was not picked up in time.')
    expect(service.openDownload(downloadUrl.slice('/api/download/'.length))).toBeNull()
  })

  it('cancels a download nobody fetched, and its URL with it', async () => {
    const { exportId, downloadUrl } = await startDownload()
    expect(app.csv.status(exportId)!.phase).toBe('waiting')
    expect(app.csv.cancel(exportId)).toBe(true)
    expect(app.csv.status(exportId)!.phase).toBe('cancelled')
    expect((await fetch(`${server.url}${downloadUrl}`)).status).toBe(404)
  })
})
