/// <reference lib="dom" />
import { createServer } from 'node:net'
import type { Page } from '@playwright/test'
import { expect, reload, snap, test } from './fixtures'

/** The accessible-ish name of whatever has focus: enough to tell the app's controls apart. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el || el === document.body) return '(body)'
    const labelled = el.getAttribute('aria-label')
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null
    const visible = el.cloneNode(true) as HTMLElement
    visible.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove())
    return (labelled ?? label ?? visible.textContent ?? el.tagName).trim().replace(/\s+/g, ' ')
  })
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

test.describe('keyboard use', () => {
  test('shortcuts move between screens, "/" finds the search, "?" lists the shortcuts', async ({ app, server }) => {
    await server.rpc('connections.create', { platform: 'chatbot-com', name: 'Support bot', token: 'tok-e2e-keys' })
    await reload(app)
    const heading = (name: string) => app.getByRole('heading', { name, level: 1 })
    const current = app.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]')

    await app.keyboard.press('Alt+2')
    await expect(heading('Connections')).toBeVisible()
    await expect(current).toContainText('Connections')
    await app.keyboard.press('Alt+3')
    await expect(heading('Settings')).toBeVisible()
    await app.keyboard.press('Alt+1')
    await expect(heading('Leads')).toBeVisible()
    await app.keyboard.press('g')
    await app.keyboard.press('n')
    await expect(heading('Connections')).toBeVisible()
    await app.keyboard.press('g')
    await app.keyboard.press('c')
    await expect(heading('Chats')).toBeVisible()
    await app.keyboard.press('g')
    await app.keyboard.press('s')
    await expect(heading('Settings')).toBeVisible()

    await app.keyboard.press('/')
    const search = app.getByRole('searchbox', { name: 'Search leads' })
    await expect(search).toBeFocused()
    await expect(heading('Leads')).toBeVisible()
    // Letters typed into a field are text, not shortcuts.
    await app.keyboard.type('gc')
    await expect(search).toHaveValue('gc')
    await expect(heading('Leads')).toBeVisible()
    await app.keyboard.press('Escape')
    await expect(search).toHaveValue('')

    await app.getByRole('button', { name: /^Connections/ }).focus()
    await app.keyboard.press('?')
    const help = app.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await expect(help).toBeVisible()
    await expect(help.getByRole('button', { name: 'Close', exact: true })).toBeFocused()
    await expect(help.getByRole('button', { name: 'Close dialog' })).toBeVisible()
    // Shortcuts do not fire behind an open dialog.
    await app.keyboard.press('Alt+3')
    await expect(heading('Connections')).toBeHidden()
    await app.keyboard.press('Escape')
    await expect(help).toBeHidden()
    await expect(app.getByRole('button', { name: /^Connections/ })).toBeFocused()
  })

  test('every control of the empty app is reachable with Tab, and a connection can be added without a mouse', async ({
    app,
    server
  }, testInfo) => {
    const seen: string[] = []
    for (let i = 0; i < 12; i++) {
      await app.keyboard.press('Tab')
      seen.push(await focusedName(app))
    }
    expect(seen).toEqual(
      expect.arrayContaining([
        'Skip to content',
        'Leads',
        'Connections',
        'Settings',
        'Keyboard shortcuts ?',
        'Add a connection',
        'Try the demo workspace'
      ])
    )

    // Focus is visible: the focused button draws an outline.
    await app.getByRole('button', { name: 'Add a connection' }).focus()
    const outline = await app.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)
    expect(outline).not.toBe('none')

    await app.keyboard.press('Enter')
    const form = app.getByRole('dialog', { name: 'Add a connection' })
    await expect(form.getByRole('radio', { name: /Reekolect/ })).toBeFocused()
    // Shift+Tab past the first control (the close button) wraps to the last: focus stays in the dialog.
    await app.keyboard.press('Shift+Tab')
    await expect(form.getByRole('button', { name: 'Close dialog' })).toBeFocused()
    await app.keyboard.press('Shift+Tab')
    await expect(form.getByRole('button', { name: 'Save connection' })).toBeFocused()
    for (let i = 0; i < 25; i++) await app.keyboard.press('Tab')
    expect(await form.evaluate((dialog) => dialog.contains(document.activeElement))).toBe(true)

    // Arrow keys pick the platform; Tab walks the fields; Enter saves.
    await form.getByRole('radio', { name: /Reekolect/ }).focus()
    for (let i = 0; i < 4; i++) await app.keyboard.press('ArrowRight')
    await expect(form.getByRole('radio', { name: /ChatBot\.com/ })).toBeChecked()
    await app.keyboard.press('Tab')
    await expect(form.getByLabel('Name')).toBeFocused()
    await app.keyboard.press('Tab')
    await expect(form.getByLabel('Developer access token')).toBeFocused()
    await app.keyboard.type('tok-keyboard-only')
    await app.keyboard.press('Tab')
    await app.keyboard.press('Enter') // opens "Advanced"
    await app.keyboard.press('Tab')
    await expect(form.getByLabel('Base URL')).toBeFocused()
    // Nothing listens there, so the sync that follows the save finds the platform unreachable.
    await app.keyboard.type(`http://127.0.0.1:${await freePort()}`)
    await snap(app, testInfo, 'keyboard-form')
    await app.keyboard.press('Enter')
    // It never answers the test that runs before saving: "Save anyway" takes the focus, Enter saves.
    await expect(form.getByRole('button', { name: 'Save anyway' })).toBeFocused()
    await app.keyboard.press('Enter')
    await expect(form).toBeHidden()

    const [connection] = await server.rpc('connections.list', {})
    expect(connection).toMatchObject({ platform: 'chatbot-com', name: 'ChatBot.com' })
    // An unreachable platform is shown as offline, in the header and on the connection.
    await expect(app.getByTestId('offline-indicator')).toBeVisible()
    await expect(app.getByTestId('sync-summary')).toHaveText('Offline: showing cached leads')
    await snap(app, testInfo, 'offline')

    // Escape closes a dialog and gives focus back to what opened it.
    await app.keyboard.press('Alt+2')
    const edit = app.getByTestId('connection-card').getByRole('button', { name: 'Edit' })
    await edit.focus()
    await app.keyboard.press('Enter')
    const editForm = app.getByRole('dialog', { name: 'Edit “ChatBot.com”' })
    await expect(editForm).toBeVisible()
    await expect(editForm.getByLabel('Developer access token')).toHaveValue('')
    await app.keyboard.press('Escape')
    await expect(editForm).toBeHidden()
    await expect(edit).toBeFocused()
  })
})
