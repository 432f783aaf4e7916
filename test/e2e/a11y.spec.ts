import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, reload, ROOT, test } from './fixtures'
import { seriousViolations, type Violation } from './helpers/axe'
import { startDemo } from './helpers/demo'

// Issue 10: every screen and dialog, light and dark, has no serious or critical axe-core violation.
// With LEADS_SCREENSHOTS=1 the same pass writes docs/screenshots/<screen>-<theme>.png for the README.

const SHOTS = process.env.LEADS_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : null
test.describe.configure({ timeout: 300_000 })

async function check(page: Page, name: string, theme: string, found: Record<string, Violation[]>): Promise<void> {
  // Let transitions and late rows settle before judging colours.
  await page.waitForTimeout(300)
  const violations = await seriousViolations(page)
  if (violations.length) found[`${name} (${theme})`] = violations
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true })
    await page.screenshot({ path: join(SHOTS, `${name}-${theme}.png`) })
  }
}

test('every screen and dialog, light and dark: no serious or critical axe-core violations', async ({ app, server }) => {
  const demo = await startDemo(server)
  // Something for the outbox to show: an edit the platform refuses (a five-digit dial code) and one
  // a read-only platform keeps local.
  const leadOf = async (platform: string) =>
    (await server.rpc('leads.list', { connectionId: demo.find((c) => c.platform === platform)!.id, limit: 1 })).rows[0]!
  await server.rpc('leads.update', { ids: [(await leadOf('express-chat')).id], patch: { phonePrefix: '12345' } })
  await server.rpc('leads.update', { ids: [(await leadOf('chatzuri')).id], patch: { tags: ['kept-here'] } })
  await expect
    .poll(async () => (await server.rpc('outbox.list', {})).map((e) => e.state).sort())
    .toEqual(['failed', 'local-only'])
  await reload(app)
  const found: Record<string, Violation[]> = {}
  for (const theme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme: theme })
    await app.keyboard.press('Alt+1')
    const rows = app.getByRole('table', { name: 'Leads' }).getByRole('row')
    await expect(rows.nth(1)).not.toContainText('Loading…')
    await check(app, 'leads', theme, found)
    await rows.nth(1).click()
    await expect(app.getByTestId('lead-detail').getByRole('heading', { level: 2 })).not.toHaveText('Loading the lead…')
    await check(app, 'lead-detail', theme, found)
    await app.keyboard.press('Escape')
    await expect(app.getByTestId('lead-detail')).toBeHidden()

    // The toolbar's panels and dialogs: filters and columns, export, import (at its mapping step),
    // a bulk edit's preview and the bulk edit history.
    await app.getByRole('button', { name: 'Filters' }).click()
    await expect(app.getByRole('region', { name: 'Filters' })).toBeVisible()
    await check(app, 'filters', theme, found)
    await app.getByRole('button', { name: 'Columns' }).click()
    await expect(app.getByRole('region', { name: 'Filters' })).toBeHidden()
    await check(app, 'columns', theme, found)
    await app.getByRole('button', { name: 'Columns' }).click()

    await app.getByRole('button', { name: 'Export', exact: true }).click()
    const exporting = app.getByRole('dialog', { name: 'Export leads as CSV' })
    await expect(exporting).toBeVisible()
    await check(app, 'export-dialog', theme, found)
    await app.keyboard.press('Escape')
    await expect(exporting).toBeHidden()

    await app.getByRole('button', { name: 'Import', exact: true }).click()
    const importing = app.getByRole('dialog', { name: 'Import leads from CSV' })
    await importing.getByLabel('Choose a CSV file…').setInputFiles({
      name: 'trade-show.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Name,Email,Phone,Company\nNia New,nia@example.com,+44 20 7946 0000,Acme\n')
    })
    await expect(importing.getByLabel('Field for column Email')).toHaveValue('email')
    await check(app, 'import-dialog', theme, found)
    await app.keyboard.press('Escape')
    await expect(importing).toBeHidden()

    await app.getByRole('checkbox', { name: 'Select the rows shown' }).check()
    await app.getByLabel('Bulk action').selectOption({ label: 'Set status' })
    await app.getByRole('button', { name: 'Preview…' }).click()
    await expect(app.getByRole('table', { name: 'What reaches each platform' })).toBeVisible()
    await check(app, 'bulk-preview', theme, found)
    await app.keyboard.press('Escape')
    await expect(app.getByRole('table', { name: 'What reaches each platform' })).toBeHidden()
    await app.getByRole('checkbox', { name: 'Select the rows shown' }).uncheck()

    await app.getByRole('button', { name: 'Bulk history' }).click()
    const history = app.getByRole('dialog', { name: 'Bulk edit history' })
    await expect(history).toBeVisible()
    await check(app, 'bulk-history', theme, found)
    await history.getByRole('button', { name: 'Close', exact: true }).click()

    await app.keyboard.press('Alt+5')
    await expect(app.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible()
    await expect(rows.nth(1)).not.toContainText('Loading…')
    await rows.nth(1).click()
    await app.getByRole('button', { name: 'Promote to lead' }).click()
    await expect(app.getByRole('dialog', { name: 'Promote to lead' })).toBeVisible()
    await check(app, 'promote-dialog', theme, found)
    await app.keyboard.press('Escape')
    await app.keyboard.press('Escape')
    await check(app, 'chats', theme, found)

    await app.keyboard.press('Alt+2')
    await expect(app.getByRole('heading', { name: 'Connections', level: 1 })).toBeVisible()
    await check(app, 'connections', theme, found)
    await app.getByRole('button', { name: 'Add a connection' }).click()
    await expect(app.getByRole('dialog', { name: 'Add a connection' })).toBeVisible()
    await check(app, 'connection-form', theme, found)
    await app.keyboard.press('Escape')

    await app.keyboard.press('Alt+3')
    await expect(app.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
    await check(app, 'settings', theme, found)

    await app.keyboard.press('Alt+6')
    await expect(app.getByRole('heading', { name: 'Outbox', level: 1 })).toBeVisible()
    await expect(
      app.getByRole('region', { name: 'Not delivered' }).getByRole('button', { name: 'Retry' })
    ).toBeVisible()
    await check(app, 'outbox', theme, found)

    await app.keyboard.press('?')
    await expect(app.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
    await check(app, 'shortcuts', theme, found)
    await app.keyboard.press('Escape')

    await app.keyboard.press('Control+k')
    const palette = app.getByRole('dialog', { name: 'Command palette' })
    await expect(palette).toBeVisible()
    await app.keyboard.type('view')
    await check(app, 'command-palette', theme, found)
    await app.keyboard.press('Escape')
  }
  expect(found).toEqual({})
})

test('the command palette reaches screens, actions and saved views by keyboard', async ({ app, server }) => {
  await server.rpc('views.create', {
    name: 'Hot leads',
    query: { filters: { status: ['OPEN'] } }
  })
  await reload(app)
  await app.keyboard.press('Control+k')
  const palette = app.getByRole('dialog', { name: 'Command palette' })
  const input = palette.getByRole('combobox', { name: 'Type a command, screen or view' })
  await expect(input).toBeFocused()
  await input.fill('outbox')
  await app.keyboard.press('Enter')
  await expect(app.getByRole('heading', { name: 'Outbox', level: 1 })).toBeVisible()

  await app.keyboard.press('Control+k')
  await input.fill('hot')
  await expect(palette.getByRole('option', { name: /Hot leads/ })).toHaveAttribute('aria-selected', 'true')
  await app.keyboard.press('Enter')
  await expect(app.getByRole('heading', { name: 'Hot leads', level: 1 })).toBeVisible()

  await app.keyboard.press('Control+k')
  await input.fill('dark theme')
  await app.keyboard.press('Enter')
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark')
})
