import { join } from 'node:path'
import sqlite3 from 'sqlite3'
import { startSilentHost } from '../helpers/silent-host'
import { expect, snap, test } from './fixtures'
import { startDemo } from './helpers/demo'

// Issue 7, findings 6 and 8 as the user meets them: failed edits can be retried and discarded from
// the connections screen; one unreachable connection keeps its error on its own card and does not
// take the app "Offline"; a malformed base URL is refused on its field, and saving a connection that
// never answered asks first.

test.use({ serverEnv: { LEADS_OFFLINE_RETRY_MS: '400' } })
// The demo workspace syncs first, which takes a while on a loaded machine.
test.describe.configure({ timeout: 180_000 })

test('a failed edit is listed on its connection with Retry and Discard', async ({ app, server }, testInfo) => {
  const demo = await startDemo(server)
  const connection = demo.find((c) => c.platform === 'express-chat')!
  const [lead] = (await server.rpc('leads.list', { connectionId: connection.id, kind: 'lead', limit: 1 })).rows
  const status = lead!.status === 'CLOSED' ? 'OPEN' : 'CLOSED'
  // Five digits in a dial code: the platform refuses the edit for good.
  await server.rpc('leads.update', { ids: [lead!.id], patch: { status, phonePrefix: '12345' } })
  await expect
    .poll(async () => (await server.rpc('outbox.list', { connectionId: connection.id })).map((e) => e.state))
    .toEqual(['failed'])

  await app.keyboard.press('Alt+2')
  const card = app.getByTestId('connection-card').filter({ hasText: connection.name })
  const edits = card.getByRole('list', { name: 'Edits not delivered' })
  await expect(edits.getByRole('listitem')).toHaveCount(1)
  const item = edits.getByRole('listitem').first()
  await expect(item).toContainText(lead!.name ?? '')
  await expect(item).toContainText('dialCode')
  await expect(item).toContainText('1 attempt')
  await snap(app, testInfo, 'failed-edit')

  await item.getByRole('button', { name: 'Retry' }).click()
  await expect(item).toContainText('2 attempts')

  await item.getByRole('button', { name: 'Discard' }).click()
  await expect(edits).toBeHidden()
  expect(await server.rpc('outbox.list', { connectionId: connection.id })).toEqual([])
  expect((await server.rpc('leads.get', { id: lead!.id })).status).toBe(lead!.status)
})

test('one unreachable connection keeps its error on its own card; the app stays online', async ({
  app,
  server
}, testInfo) => {
  await startDemo(server)
  const host = await startSilentHost()
  await app.keyboard.press('Alt+2')
  await app.getByRole('button', { name: 'Add a connection' }).click()
  const form = app.getByRole('dialog', { name: 'Add a connection' })
  await form.getByRole('radio', { name: /ChatBot\.com/ }).check()
  await form.getByLabel('Name').fill('Typo bot')
  await form.getByLabel('Developer access token').fill('tok-typo')
  await form.getByText('Advanced').click()
  const baseUrl = form.getByLabel('Base URL')

  // Not a web address: refused on the field, in words, and nothing is sent.
  await baseUrl.fill('not a url')
  await form.getByRole('button', { name: 'Save connection' }).click()
  await expect(form.getByText('Enter a web address starting with http:// or https://')).toBeVisible()
  await expect(baseUrl).toBeFocused()
  await expect(baseUrl).toHaveAttribute('aria-invalid', 'true')
  await expect(form.getByRole('alert')).toHaveCount(0)

  // A host that never answers: saving tests first, and asks before saving a connection that never answered.
  await baseUrl.fill(host.url)
  await form.getByRole('button', { name: 'Save connection' }).click()
  const warning = form.getByTestId('save-warning')
  await expect(warning).toContainText('never answered')
  await snap(app, testInfo, 'save-warning')
  expect((await server.rpc('connections.list', {})).map((c) => c.name)).not.toContain('Typo bot')
  await warning.getByRole('button', { name: 'Save anyway' }).click()
  await expect(form).toBeHidden()

  const card = app.getByTestId('connection-card').filter({ hasText: 'Typo bot' })
  await expect(card).toContainText('Cannot reach the platform')
  // Automatic retries run every few hundred milliseconds here; the card keeps the error meanwhile.
  for (let i = 0; i < 12; i++) {
    await expect(card).toContainText('Cannot reach the platform')
    await expect(card.getByRole('button', { name: 'Sync now' })).toBeVisible()
    await app.waitForTimeout(250)
  }
  await expect(app.getByTestId('offline-indicator')).toHaveCount(0)
  await expect(app.getByTestId('sync-summary')).toHaveText('1 connection cannot be reached: see Connections')
  await expect(app.getByTestId('sync-error')).toHaveCount(0) // said on its own card, not over every screen
  await snap(app, testInfo, 'one-unreachable')

  // Cancel keeps the last error.
  await host.hang(true)
  await card.getByRole('button', { name: 'Sync now' }).click()
  await card.getByRole('button', { name: 'Cancel sync' }).click()
  await expect(card).toContainText('Cannot reach the platform')
  await expect(card).not.toContainText('Ready')

  await app.keyboard.press('Alt+3')
  await expect(app.getByText('Network', { exact: true })).toBeVisible()
  await expect(app.locator('dd', { hasText: /^Online$/ })).toBeVisible()
  await host.close()
})

test('a database locked by another program is said in words, and the app recovers when it is let go', async ({
  app,
  server
}, testInfo) => {
  const demo = await startDemo(server)
  const locker = new sqlite3.Database(join(server.dataDir, 'leads.sqlite'))
  await new Promise<void>((resolve, reject) =>
    locker.exec('PRAGMA busy_timeout = 20000; BEGIN EXCLUSIVE', (err) => (err ? reject(err) : resolve()))
  )
  try {
    await app.keyboard.press('Alt+2')
    const card = app.getByTestId('connection-card').filter({ hasText: demo[0]!.name })
    await card.getByRole('button', { name: 'Sync now' }).click()
    // The sync waits for the lock as long as SQLite's busy timeout (10 s), then says why it stopped.
    const notice = app.getByTestId('storage-problem')
    await expect(notice).toContainText('Another program is holding', { timeout: 30_000 })
    await expect(app.getByTestId('sync-summary')).toHaveText('The database is locked by another program')
    await expect(card.getByTestId('connection-problem')).toContainText('Another program is holding')
    await expect(app.getByText('Cannot reach the platform')).toHaveCount(0)
    await snap(app, testInfo, 'database-locked')
  } finally {
    await new Promise<void>((resolve) => locker.exec('ROLLBACK', () => locker.close(() => resolve())))
  }
  await expect(app.getByTestId('storage-problem')).toBeHidden({ timeout: 60_000 })
  await expect(app.getByTestId('connection-problem')).toHaveCount(0, { timeout: 60_000 })
})
