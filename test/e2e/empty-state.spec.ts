import { expect, snap, test } from './fixtures'

test.describe('a new user with no connections', () => {
  test('sees what the app is for, both ways in, and no errors', async ({ app, server, consoleErrors }, testInfo) => {
    // The first screen explains the app and offers both ways in; so does the connections screen.
    for (const screen of ['Leads', 'Connections']) {
      await app
        .getByRole('navigation', { name: 'Main' })
        .getByRole('button', { name: new RegExp(`^${screen}`) })
        .click()
      await expect(app.getByRole('heading', { name: screen, level: 1 })).toBeVisible()
      const welcome = app.getByRole('region', { name: 'Welcome to Lead Manager' })
      await expect(welcome).toContainText('brings the leads your website chatbots collect')
      await expect(welcome.getByRole('button', { name: 'Add a connection' })).toBeVisible()
      await expect(welcome.getByRole('button', { name: 'Try the demo workspace' })).toBeVisible()
      await snap(app, testInfo, `${screen.toLowerCase()}-empty`)
    }
    await expect(app.getByTestId('sync-summary')).toHaveText('No connections yet')
    await expect(app.getByRole('button', { name: 'Sync now' })).toBeDisabled()

    await app.getByRole('button', { name: /^Settings/ }).click()
    await expect(app.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
    await expect(app.getByText(server.dataDir)).toBeVisible()
    await snap(app, testInfo, 'settings', true)
    const interval = app.getByLabel('Sync automatically every (minutes)')
    await interval.fill('-5')
    await expect(app.getByText('A whole number from 0 to 1440.')).toBeVisible()
    await expect(app.getByRole('button', { name: 'Save', exact: true })).toBeDisabled()
    await interval.fill('30')
    await app.getByRole('button', { name: 'Save', exact: true }).click()
    await expect(app.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible()
    expect(await server.rpc('settings.get', {})).toEqual({ syncIntervalMinutes: 30 })

    expect(consoleErrors).toEqual([])
  })
})
