import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app'
import { addConnection, importFile, options, targets } from './helpers'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
  await addConnection(app)
})
afterAll(() => app.dispose())

it('imports a small file', async () => {
  const csv =
    'Name,Email,Phone,Status,Tags\nAna Lima,ana@example.com,+44 7911 123456,new,"vip, hot"\nBo,bo@example,+1 555,won,\n'
  const { preview, summary, record } = await importFile(app, csv, options('dest'))
  console.log(targets(preview), JSON.stringify(summary), JSON.stringify(record))
  console.log(JSON.stringify(await app.call('imports.history', {})))
  const rows = await app.ctx.db.all(
    'SELECT name, email, phone, phone_prefix, status, tags_json, import_state FROM leads'
  )
  console.log(rows)
  expect(record.counts.create).toBe(1)
})
it('shows grid errors', async () => {
  const { openBytes, analyze } = await import('./helpers')
  const p = await openBytes(app, 'Name,Email,Phone\nX,x@@y,+1 555\n')
  await analyze(app, p, options('dest'))
  console.log(
    JSON.stringify(await app.call('imports.rows', { sessionId: p.sessionId, onlyProblems: true, offset: 0, limit: 10 }))
  )
})
