import { startPrivateKeyring, type PrivateKeyring } from '../helpers/private-keyring'
import { expect, randomToken, snap, test } from './fixtures'
import { filesContaining, keychainPassword, listFiles } from './helpers/files'
import { startRefusingPlatform } from './helpers/refusing-platform'

const BOT_ID = '64f1c0ffee0123456789abcd'
const CUSTOMER_ID = '65a2b3c4d5e6f708192a3b4c'
const WIDGET_SCRIPT = `<script id="reekolect-widget" src="https://cdn.reekolect.com/widget.js" async>${BOT_ID},${CUSTOMER_ID}</script>`

test('a token typed into the form lives in the OS keychain and nowhere else', async ({
  app,
  server,
  replies
}, testInfo) => {
  // The platform answers 401, so the app really sends the token out and then has an error to report.
  const platform = await startRefusingPlatform()
  const token = randomToken()
  try {
    await app.getByRole('button', { name: 'Add a connection' }).click()
    const form = app.getByRole('dialog', { name: 'Add a connection' })
    await form.getByRole('radio', { name: /Reekolect/ }).check()
    await form.getByLabel('Bot page URL or widget script').fill(WIDGET_SCRIPT)
    await expect(form.getByTestId('ids-preview')).toHaveText(`✓ Found bot id ${BOT_ID} and customer id ${CUSTOMER_ID}`)
    await form.getByText('Advanced').click()
    await form.getByLabel('Base URL').fill(platform.url)
    await form.getByLabel('API token').fill(token)
    await expect(form.getByText('Stored in your system keychain')).toBeVisible()

    await form.getByRole('button', { name: 'Test connection' }).click()
    await expect(form.getByTestId('test-result')).toContainText('✗ Connection failed.')
    await snap(app, testInfo, 'form-tested')
    await form.getByRole('button', { name: 'Save connection' }).click()
    // The platform refused the test: saving asks first.
    await form.getByTestId('save-warning').getByRole('button', { name: 'Save anyway' }).click()
    await expect(form).toBeHidden()

    // Saving starts a sync; the 401 turns into "needs a new token".
    await expect(app.getByTestId('needs-token')).toContainText('“Reekolect” needs a new token.')
    await snap(app, testInfo, 'needs-token')
    expect(platform.requests.some((r) => r.headers['x-bot-token'] === token)).toBe(true)

    const [connection] = await server.rpc('connections.list', {})
    expect(connection).toMatchObject({
      platform: 'express-chat',
      brand: 'reekolect',
      botId: BOT_ID,
      customerId: CUSTOMER_ID
    })

    // In the keychain, under the connection's id: keytar failing fails the test.
    expect(await keychainPassword(connection!.id)).toBe(token)

    // Nowhere in the data directory: database, -wal, -shm, logs, anything.
    const files = await listFiles(server.dataDir)
    expect(files.some((f) => f.endsWith('leads.sqlite'))).toBe(true)
    expect(files).toContain(server.logFile)
    expect(await filesContaining(server.dataDir, token)).toEqual([])

    // Not in any reply or event the page could see, not in the process output, not in the page.
    const seen = await replies()
    expect(seen.map((r) => r.method)).toEqual(
      expect.arrayContaining(['connections.test', 'connections.create', 'connections.list'])
    )
    expect(seen.filter((r) => r.body.includes(token)).map((r) => r.method)).toEqual([])
    expect(server.events.length).toBeGreaterThan(0)
    expect(server.events.filter((e) => JSON.stringify(e).includes(token))).toEqual([])
    expect(server.output()).not.toContain(token)
    expect(await app.content()).not.toContain(token)
    await testInfo.attach('data-dir-files', { body: files.join('\n'), contentType: 'text/plain' })
  } finally {
    await platform.close()
  }
})

test.describe('without a keychain', () => {
  // The browser-mode process gets a D-Bus address that leads nowhere: no Secret Service for it.
  test.use({ serverEnv: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/lead-manager-e2e-bus' } })

  test('the form says tokens cannot be saved, and saving stores the token nowhere', async ({
    app,
    server
  }, testInfo) => {
    const info = await server.rpc('app.info', {})
    expect(info.keychain.available).toBe(false)
    const token = randomToken()

    await app.getByRole('button', { name: 'Add a connection' }).click()
    const form = app.getByRole('dialog', { name: 'Add a connection' })
    await expect(form.getByText('Tokens cannot be saved on this computer.')).toBeVisible()
    await form.getByRole('radio', { name: /ChatBot\.com/ }).check()
    await form.getByLabel('Developer access token').fill(token)
    await form.getByRole('button', { name: 'Save connection' }).click()
    const alert = form.getByRole('alert')
    await expect(alert).toContainText(info.keychain.message!)
    await expect(alert.locator('.error-code')).toHaveText('KEYCHAIN_UNAVAILABLE')
    await snap(app, testInfo, 'no-keychain')

    expect(await server.rpc('connections.list', {})).toEqual([])
    expect(await filesContaining(server.dataDir, token)).toEqual([])
  })
})

// A keyring of the test's own (a private bus and GNOME Keyring daemon), locked before the app starts.
const withLockedKeyring = test.extend<{ keyring: PrivateKeyring; platform: { url: string } }>({
  // A platform on loopback that refuses every token: the save's connection test gets an answer at once.
  // eslint-disable-next-line no-empty-pattern
  platform: async ({}, use) => {
    const platform = await startRefusingPlatform()
    try {
      await use(platform)
    } finally {
      await platform.close()
    }
  },
  // Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  keyring: async ({}, use) => {
    const keyring = await startPrivateKeyring()
    try {
      await keyring.startDaemon({ unlock: true })
      await keyring.lock()
      await use(keyring)
    } finally {
      await keyring.close()
    }
  },
  serverEnv: async ({ keyring }, use) => {
    await use({ DBUS_SESSION_BUS_ADDRESS: keyring.env.DBUS_SESSION_BUS_ADDRESS! })
  }
})

withLockedKeyring(
  'a locked keychain reads as locked, not missing; once unlocked, "Check the keychain again" and saving work',
  async ({ app, server, keyring, platform }, testInfo) => {
    const info = await server.rpc('app.info', {})
    expect(info.keychain).toMatchObject({ available: false, state: 'locked' })
    const token = randomToken()

    await app.keyboard.press('Alt+3')
    const about = app.getByRole('region', { name: 'About this installation' })
    await expect(about.getByTestId('keychain-notice')).toHaveAttribute('data-state', 'locked')
    await expect(about.getByTestId('keychain-notice')).toContainText(info.keychain.message!)
    await app.keyboard.press('Alt+1')

    await app.getByRole('button', { name: 'Add a connection' }).click()
    const form = app.getByRole('dialog', { name: 'Add a connection' })
    const notice = form.getByTestId('keychain-notice')
    await expect(notice).toContainText('Tokens cannot be saved until the keychain is unlocked.')
    await expect(notice).toContainText(info.keychain.message!)
    await expect(notice).not.toContainText('on this computer')
    await form.getByRole('radio', { name: /ChatBot\.com/ }).check()
    await form.getByText('Advanced').click()
    await form.getByLabel('Base URL').fill(platform.url)
    await form.getByLabel('Developer access token').fill(token)
    // A failed save makes the page ask the keychain's state again: wait for that answer.
    const rechecked = app.waitForResponse(
      (r) => r.url().endsWith('/api/invoke') && r.request().postDataJSON()?.method === 'app.info'
    )
    await form.getByRole('button', { name: 'Save connection' }).click()
    await rechecked
    const alert = form.getByRole('alert')
    await expect(alert).toContainText('Unlock it')
    await expect(alert.locator('.error-code')).toHaveText('KEYCHAIN_LOCKED')
    await snap(app, testInfo, 'keychain-locked')
    expect(await server.rpc('connections.list', {})).toEqual([])

    // The user unlocks the login keyring (here: its daemon starts again with the password).
    await keyring.stopDaemon()
    await keyring.startDaemon({ unlock: true })
    await notice.getByRole('button', { name: 'Check the keychain again' }).click()
    await expect(notice).toBeHidden()
    // With a keychain, saving tests the connection first; this platform refuses the token.
    await form.getByRole('button', { name: 'Save connection' }).click()
    await form.getByRole('button', { name: 'Save anyway' }).click()
    await expect(form).toBeHidden()
    expect(await server.rpc('connections.list', {})).toHaveLength(1)
    expect(await filesContaining(server.dataDir, token)).toEqual([])
  }
)
