import { randomBytes } from 'node:crypto'
import { expect, snap, test, waitForEvent } from './fixtures'
import { sandboxAdmin, startDemo } from './helpers/demo'
import { keychainPassword } from './helpers/files'
import type { SyncProgress } from '../../src/shared/contract'

const ADMIN_TOKEN = `e2e-admin-${randomBytes(8).toString('hex')}`
test.use({ serverEnv: { SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN } })

test.describe('the demo workspace', () => {
  test('syncs with a progress bar per connection that reaches the end', async ({ app, server }, testInfo) => {
    await app.getByRole('button', { name: 'Try the demo workspace' }).click()
    await expect(app.getByTestId('sync-progress').first()).toBeVisible()
    await snap(app, testInfo, 'demo-syncing')

    await expect
      .poll(async () => (await server.rpc('connections.list', {})).every((c) => c.state === 'ok'), { timeout: 60_000 })
      .toBe(true)
    const connections = await server.rpc('connections.list', {})
    expect(connections.length).toBeGreaterThanOrEqual(3)
    expect(connections.every((c) => c.isDemo && c.leadCount > 0)).toBe(true)

    // The bars were fed by sync.progress: each connection paged, then finished at fraction 1.
    for (const connection of connections) {
      const progress = (e: { name: string; payload: unknown }): SyncProgress | null =>
        e.name === 'sync.progress' && (e.payload as SyncProgress).connectionId === connection.id
          ? (e.payload as SyncProgress)
          : null
      const done = (await waitForEvent(server, (e) => progress(e)?.phase === 'done')).payload as SyncProgress
      expect(done).toMatchObject({ fraction: 1 })
      expect(server.events.some((e) => progress(e)?.phase === 'pulling')).toBe(true)
    }
    // A finished bar stays a moment at 100 % before it goes.
    const finished = app.locator('[data-testid="sync-progress"][data-phase="done"]').first()
    await expect(finished).toContainText('Sync complete')
    await expect(finished.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100')
    await snap(app, testInfo, 'demo-synced')
    await expect(app.getByTestId('sync-summary')).toHaveText('Up to date · synced just now')
    await expect(app.getByTestId('sync-progress')).toHaveCount(0, { timeout: 20_000 })

    // Demo data is labelled as such everywhere it shows.
    const total = connections.reduce((sum, c) => sum + c.leadCount, 0)
    await expect(app.getByTestId('lead-total')).toHaveText(`${total.toLocaleString('en')} leads`)
    await expect(app.getByRole('row').nth(1).getByText('Demo data')).toBeVisible()
    await snap(app, testInfo, 'demo-leads')
    await app.keyboard.press('Alt+2')
    const cards = app.getByTestId('connection-card')
    await expect(cards).toHaveCount(connections.length)
    for (const connection of connections) {
      const card = cards.filter({ hasText: connection.name })
      await expect(card.getByText('Demo data')).toBeVisible()
      await expect(card.getByText('Synced', { exact: true })).toBeVisible()
      await expect(card.getByTestId('lead-count')).toHaveText(`${connection.leadCount.toLocaleString('en')} leads`)
      await expect(card.getByText('Read-only: edits stay local')).toHaveCount(
        connection.platform === 'chatzuri' ? 1 : 0
      )
    }
    await snap(app, testInfo, 'demo-connections', true)
  })

  test('a revoked token shows "needs a new token", and entering a new one recovers', async ({
    app,
    server
  }, testInfo) => {
    const connections = await startDemo(server)
    const target = connections.find((c) => c.platform === 'express-chat')!
    const oldToken = await keychainPassword(target.id)
    expect(oldToken).toBeTruthy()
    await sandboxAdmin(server, ADMIN_TOKEN, '/tokens/revoke', { platform: 'express-chat', token: oldToken })

    await app.keyboard.press('Alt+2')
    const card = app.getByTestId('connection-card').filter({ hasText: target.name })
    await card.getByRole('button', { name: 'Sync now' }).click()
    const alert = app.getByTestId('needs-token').filter({ hasText: target.name })
    await expect(alert).toContainText(`“${target.name}” needs a new token.`)
    await expect(card.getByText('Needs a new token')).toBeVisible()
    await expect(app.getByTestId('sync-summary')).toHaveText('1 connection needs a new token')
    await snap(app, testInfo, 'needs-token')

    // The support desk issues a new token; the user pastes it where the app points.
    const { token: fresh } = (await sandboxAdmin(server, ADMIN_TOKEN, '/tokens/issue', {
      platform: 'express-chat',
      token: oldToken
    })) as {
      token: string
    }
    await alert.getByRole('button', { name: 'Enter new token' }).click()
    const form = app.getByRole('dialog', { name: `Edit “${target.name}”` })
    await expect(form.getByText('The platform refused the saved token.')).toBeVisible()
    const tokenField = form.getByLabel('API token')
    await expect(tokenField).toBeFocused()
    await expect(tokenField).toHaveValue('')
    await app.keyboard.type(fresh)
    await snap(app, testInfo, 'enter-new-token')
    await app.keyboard.press('Enter')
    await expect(form).toBeHidden()

    await expect(alert).toHaveCount(0)
    await expect(card.getByText('Synced', { exact: true })).toBeVisible()
    await expect(app.getByTestId('sync-summary')).toHaveText('Up to date · synced just now')
    expect(await keychainPassword(target.id)).toBe(fresh)
    const after = (await server.rpc('connections.list', {})).find((c) => c.id === target.id)!
    expect(after).toMatchObject({ state: 'ok', stateMessage: null })
  })

  test('"Remove demo workspace" asks first, then removes only the demo', async ({ app, server }) => {
    const own = await server.rpc('connections.create', {
      platform: 'chatbot-com',
      name: 'My own bot',
      token: 'tok-e2e-own'
    })
    const demo = await startDemo(server)
    await app.keyboard.press('Alt+2')
    await expect(app.getByTestId('connection-card')).toHaveCount(demo.length + 1)
    await expect(app.getByText('You are looking at sample leads.')).toBeVisible()

    await app.getByRole('button', { name: 'Remove demo workspace' }).click()
    const dialog = app.getByRole('dialog', { name: 'Remove the demo workspace?' })
    await expect(dialog).toContainText(`This deletes the ${demo.length} demo connections`)
    await dialog.getByRole('button', { name: 'Keep it' }).click()
    await expect(dialog).toBeHidden()
    await expect(app.getByTestId('connection-card')).toHaveCount(demo.length + 1)

    await app.getByRole('button', { name: 'Remove demo workspace' }).click()
    await dialog.getByRole('button', { name: 'Remove demo workspace' }).click()
    await expect(dialog).toBeHidden()
    await expect(app.getByTestId('connection-card')).toHaveCount(1)
    await expect(app.getByTestId('connection-card')).toContainText('My own bot')
    await expect(app.getByText('Demo data')).toHaveCount(0)
    expect((await server.rpc('connections.list', {})).map((c) => c.id)).toEqual([own.id])
    expect(await server.rpc('demo.status', {})).toMatchObject({ running: false })
  })
})
