import { expect, test } from './fixtures'
import { startRefusingPlatform } from './helpers/refusing-platform'

test.describe('the add-a-connection form', () => {
  test('refuses an empty token before anything is saved', async ({ app, server, replies }) => {
    await app.getByRole('button', { name: 'Add a connection' }).click()
    const form = app.getByRole('dialog', { name: 'Add a connection' })
    await form.getByRole('radio', { name: /ChatBot\.com/ }).check()
    await expect(form.getByLabel('Name')).toHaveValue('ChatBot.com')
    await form.getByRole('button', { name: 'Save connection' }).click()

    const token = form.getByLabel('Developer access token')
    await expect(form.getByText('Enter the API token: Lead Manager cannot sync without it.')).toBeVisible()
    await expect(token).toBeFocused()
    await expect(token).toHaveAttribute('aria-invalid', 'true')
    // "Test connection" is refused the same way, without a request.
    await form.getByRole('button', { name: 'Test connection' }).click()
    await expect(token).toBeFocused()

    expect(await server.rpc('connections.list', {})).toEqual([])
    const methods = (await replies()).map((r) => r.method)
    expect(methods).not.toContain('connections.create')
    expect(methods).not.toContain('connections.test')
  })

  test("shows the server's code and message for a paste it cannot read", async ({ app, server, replies }) => {
    const pasted = 'our bot is the blue bubble, bottom right'
    const expected = await server.rpcRaw('connections.create', {
      platform: 'express-chat',
      brand: 'convertalk',
      name: 'probe',
      pasted,
      token: 'tok-probe'
    })
    expect(expected.ok).toBe(false)
    if (expected.ok) return
    expect(expected.error.code).toBe('INVALID_INPUT')

    await app.getByRole('button', { name: 'Add a connection' }).click()
    const form = app.getByRole('dialog', { name: 'Add a connection' })
    await form.getByRole('radio', { name: /Convertalk/ }).check()
    await form.getByLabel('Bot page URL or widget script').fill(pasted)
    await expect(form.getByTestId('ids-preview')).toHaveText('No bot id and customer id found in this text yet.')
    await form.getByLabel('API token').fill('tok-not-used')
    await form.getByRole('button', { name: 'Save connection' }).click()

    const alert = form.getByRole('alert')
    await expect(alert).toContainText(`Not saved: ${expected.error.message}`)
    await expect(alert.locator('.error-code')).toHaveText('INVALID_INPUT')
    await expect(form).toBeVisible()
    const create = (await replies()).find((r) => r.method === 'connections.create')
    expect(JSON.parse(create!.body)).toEqual(expected)
    expect(await server.rpc('connections.list', {})).toEqual([])
  })

  test('reads the ids live from a bot page URL, or takes them typed', async ({ app }) => {
    await app.getByRole('button', { name: 'Add a connection' }).click()
    const form = app.getByRole('dialog', { name: 'Add a connection' })
    await form.getByRole('radio', { name: /BotBuddy AI/ }).check()
    await expect(form.getByLabel('Name')).toHaveValue('BotBuddy AI')
    const paste = form.getByLabel('Bot page URL or widget script')
    await paste.fill('https://page.botbuddy.ai/6501aa/77c0bb')
    await expect(form.getByTestId('ids-preview')).toHaveText('✓ Found bot id 6501aa and customer id 77c0bb')
    await paste.fill('https://page.botbuddy.ai/6501aa')
    await expect(form.getByTestId('ids-preview')).toHaveText('No bot id and customer id found in this text yet.')

    await form.getByRole('radio', { name: 'Type the two ids' }).check()
    await expect(form.getByLabel('Bot id')).toBeVisible()
    await expect(form.getByLabel('Customer id')).toBeVisible()
    // A name the user typed is theirs: switching platform no longer renames it.
    await form.getByLabel('Name').fill('Website bot')
    await form.getByRole('radio', { name: /Reekolect/ }).check()
    await expect(form.getByLabel('Name')).toHaveValue('Website bot')
  })

  test('"Test connection" shows exactly what the platform answered', async ({ app, server }) => {
    const platform = await startRefusingPlatform()
    try {
      await app.getByRole('button', { name: 'Add a connection' }).click()
      const form = app.getByRole('dialog', { name: 'Add a connection' })
      await form.getByRole('radio', { name: /Chatzuri/ }).check()
      await expect(form.getByText('Chatzuri leads are read-only here')).toBeVisible()
      await form.getByLabel('Secret key').fill('tok-chatzuri')
      await form.getByRole('button', { name: 'Save connection' }).click()
      await expect(form.getByText('Enter the agent id')).toBeVisible()
      await expect(form.getByLabel('Agent id')).toBeFocused()

      await form.getByLabel('Agent id').fill('agent-42')
      await form.getByText('Advanced').click()
      await form.getByLabel('Base URL').fill(platform.url)
      await form.getByRole('button', { name: 'Test connection' }).click()

      const draft = {
        platform: 'chatzuri' as const,
        name: 'Chatzuri',
        agentId: 'agent-42',
        baseUrl: platform.url,
        token: 'tok-chatzuri'
      }
      const expected = await server.rpc('connections.test', { draft })
      expect(expected.ok).toBe(false)
      const result = form.getByTestId('test-result')
      await expect(result).toContainText(`✗ Connection failed. ${expected.message}`)
      await expect(result).toContainText(`HTTP ${expected.status}`)
      expect(platform.requests.map((r) => r.headers.authorization)).toContain('Bearer tok-chatzuri')
      expect(await server.rpc('connections.list', {})).toEqual([])
    } finally {
      await platform.close()
    }
  })

  test('moving a saved connection to another host asks for its token again', async ({ app, server, replies }) => {
    const saved = await server.rpc('connections.create', {
      platform: 'chatbot-com',
      name: 'Moving',
      baseUrl: 'http://127.0.0.1:9/v2',
      token: 'tok-stays-home'
    })
    await app.keyboard.press('Alt+2')
    await app.getByTestId('connection-card').filter({ hasText: 'Moving' }).getByRole('button', { name: 'Edit' }).click()
    const form = app.getByRole('dialog', { name: 'Edit “Moving”' })
    await form.getByText('Advanced').click()
    await form.getByLabel('Base URL').fill('http://127.0.0.1:10/v2')
    await form.getByRole('button', { name: 'Save changes' }).click()

    const token = form.getByLabel('Developer access token')
    await expect(form.getByText('The address points at another host: enter the API token again for it.')).toBeVisible()
    await expect(token).toBeFocused()
    await expect(token).toHaveAttribute('aria-invalid', 'true')
    expect((await replies()).map((r) => r.method)).not.toContain('connections.update')

    // The server refuses it the same way, whatever the page does.
    const refused = await server.rpcRaw('connections.update', { id: saved.id, baseUrl: 'http://127.0.0.1:10/v2' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })

    await token.fill('tok-for-the-new-host')
    await form.getByRole('button', { name: 'Save changes' }).click()
    // Nothing listens at the new address: saving asks first, and the user saves anyway.
    await form.getByTestId('save-warning').getByRole('button', { name: 'Save anyway' }).click()
    await expect(form).toBeHidden()
    const [moved] = await server.rpc('connections.list', {})
    expect(moved).toMatchObject({ id: saved.id, baseUrl: 'http://127.0.0.1:10/v2' })
  })
})
