import { expect, snap, test } from './fixtures'
import { startDemo } from './helpers/demo'
import { afterSyncOnStart, keychainPassword } from './helpers/files'

test.describe('the connections screen', () => {
  test('lists each connection with its platform, state, last sync, lead count and badges', async ({
    app,
    server
  }, testInfo) => {
    // Created after the sync on start, they stay as created: never synced, Ready.
    await afterSyncOnStart(server.logFile)
    await server.rpc('connections.create', {
      platform: 'express-chat',
      brand: 'botbuddy',
      name: 'Website bot',
      botId: 'b0t1d',
      customerId: 'cu5t0mer',
      token: 'tok-e2e-list-1'
    })
    await server.rpc('connections.create', { platform: 'chatbot-com', name: 'Support bot', token: 'tok-e2e-list-2' })
    await server.rpc('connections.create', {
      platform: 'chatzuri',
      name: 'Sales agent',
      agentId: 'agent-7',
      token: 'tok-e2e-list-3'
    })

    await app.getByRole('button', { name: /^Connections/ }).click()
    const cards = app.getByTestId('connection-card')
    await expect(cards).toHaveCount(3)
    const website = cards.filter({ hasText: 'Website bot' })
    await expect(website).toContainText('BotBuddy AI (express-chat)')
    await expect(website).toContainText('Ready')
    await expect(website).toContainText('never')
    await expect(website.getByTestId('lead-count')).toHaveText('0 leads')
    await expect(cards.filter({ hasText: 'Support bot' })).toContainText('ChatBot.com')
    await expect(cards.filter({ hasText: 'Sales agent' }).getByText('Read-only: edits stay local')).toBeVisible()
    await expect(app.getByText('Read-only: edits stay local')).toHaveCount(1)
    await expect(app.getByText('Demo data')).toHaveCount(0)
    await expect(app.getByTestId('sync-summary')).toHaveText('Not synced yet')
    await snap(app, testInfo, 'connections-list')
  })

  test('remove keeps the cached leads, or deletes them when asked', async ({ app, server }, testInfo) => {
    const demo = await startDemo(server)
    const keep = demo.find((c) => c.platform === 'express-chat')!
    const drop = demo.find((c) => c.platform === 'chatbot-com')!
    expect(keep.leadCount).toBeGreaterThan(0)
    expect(drop.leadCount).toBeGreaterThan(0)

    await app.keyboard.press('Alt+2')
    const cards = app.getByTestId('connection-card')
    await expect(cards).toHaveCount(demo.length)
    await expect(cards.filter({ hasText: keep.name }).getByTestId('lead-count')).toHaveText(
      `${keep.leadCount.toLocaleString('en')} leads`
    )

    // Without the box ticked: the connection goes, its leads stay, listed under removed connections.
    await cards.filter({ hasText: keep.name }).getByRole('button', { name: 'Remove…' }).click()
    let dialog = app.getByRole('dialog', { name: `Remove “${keep.name}”?` })
    const box = dialog.getByRole('checkbox', {
      name: `Also delete its ${keep.leadCount.toLocaleString('en')} cached leads`
    })
    await expect(box).not.toBeChecked()
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused()
    await snap(app, testInfo, 'remove-dialog')
    await dialog.getByRole('button', { name: 'Remove connection' }).click()
    await expect(dialog).toBeHidden()
    await expect(cards).toHaveCount(demo.length - 1)
    const archived = app.getByTestId('archived-connection')
    await expect(archived).toHaveCount(1)
    await expect(archived).toContainText(`${keep.leadCount.toLocaleString('en')} cached leads`)
    expect((await server.rpc('leads.list', { connectionId: keep.id, limit: 1 })).total).toBe(keep.leadCount)
    expect(await keychainPassword(keep.id)).toBeNull()

    // With the box ticked: connection and leads both go.
    await cards.filter({ hasText: drop.name }).getByRole('button', { name: 'Remove…' }).click()
    dialog = app.getByRole('dialog', { name: `Remove “${drop.name}”?` })
    await dialog.getByRole('checkbox', { name: /Also delete its/ }).check()
    await dialog.getByRole('button', { name: 'Remove and delete leads' }).click()
    await expect(dialog).toBeHidden()
    await expect(cards).toHaveCount(demo.length - 2)
    await expect(archived).toHaveCount(1)
    expect((await server.rpc('leads.list', { connectionId: drop.id, limit: 1 })).total).toBe(0)
    expect((await server.rpc('connections.list', {})).map((c) => c.id)).not.toContain(drop.id)

    // The leads kept earlier can be deleted later.
    await archived.getByRole('button', { name: 'Delete cached leads…' }).click()
    dialog = app.getByRole('dialog', { name: `Delete the cached leads of “${keep.name}”?` })
    await dialog.getByRole('button', { name: `Delete ${keep.leadCount.toLocaleString('en')} cached leads` }).click()
    await expect(archived).toHaveCount(0)
    expect((await server.rpc('leads.list', { connectionId: keep.id, limit: 1 })).total).toBe(0)
    await snap(app, testInfo, 'after-removals')
  })
})
