import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import sqlite3 from 'sqlite3'
import type { Page } from '@playwright/test'
import { expect, reload, snap, test, type LeadManagerServer } from './fixtures'
import { startDemo } from './helpers/demo'
import { admin as sandboxAdmin } from './helpers/sandbox-admin'

const ADMIN_TOKEN = `e2e-admin-${randomBytes(8).toString('hex')}`
test.use({ serverEnv: { SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN } })

/** What a user sees of each lead: every field but the sync's bookkeeping. */
function leadsInCache(server: LeadManagerServer): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(join(server.dataDir, 'leads.sqlite'), sqlite3.OPEN_READONLY, (err) => {
      if (err) return reject(err)
      db.all(
        `SELECT id, connection_id, remote_id, kind, name, email, phone, phone_prefix, status, agent, city, country,
           tags_json, notes_json, attributes_json, import_id, import_state FROM leads ORDER BY id`,
        (e, rows: Record<string, unknown>[]) => db.close(() => (e ? reject(e) : resolve(rows)))
      )
    })
  })
}

const admin = (server: LeadManagerServer, method: 'GET' | 'PATCH', path: string, body?: unknown): Promise<unknown> =>
  sandboxAdmin(server, ADMIN_TOKEN, method, path, body)

async function chooseFile(app: Page, name: string, csv: string): Promise<void> {
  await app.getByRole('button', { name: 'Import', exact: true }).click()
  const dialog = app.getByRole('dialog', { name: 'Import leads from CSV' })
  await expect(dialog).toBeVisible()
  await dialog.getByLabel('Choose a CSV file…').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await expect(dialog.getByText(name, { exact: true })).toBeVisible()
}

test.describe('CSV import', () => {
  // The demo workspace syncs first; on a loaded machine that alone can take a minute.
  test.describe.configure({ timeout: 240_000 })

  test('a file with errors and duplicates: fix a cell, skip a row, commit, see the counts, revert to the cache as it was', async ({
    app,
    server
  }, testInfo) => {
    const connections = await startDemo(server)
    const destination = connections.find((c) => c.platform === 'express-chat')!
    // A lead whose e-mail no other lead has (the demo has people who are leads at two platforms).
    const candidates = (await server.rpc('leads.list', { limit: 200 })).rows.filter(
      (l) =>
        l.email &&
        l.kind === 'lead' &&
        l.status !== 'CLOSED' &&
        /^[a-z.]+\d*@/.test(l.email) &&
        /^[A-Za-z ]+$/.test(l.name ?? '')
    )
    let existing = candidates[0]!
    for (const lead of candidates) {
      if ((await server.rpc('leads.list', { search: lead.email!, limit: 1 })).total === 1) {
        existing = lead
        break
      }
    }
    const before = await leadsInCache(server)
    await reload(app)

    const csv = [
      'Name,Email,Phone,Status,City',
      `${existing.name ?? ''},${existing.email!.toUpperCase()},,won,`,
      'Nia New,nia.new@example.com,+44 7400 123456,new,Leeds',
      'Broken Mail,broken@@example,,new,',
      'Nia Twin,NIA.NEW@example.com,,,',
      'Skip Me,skip.me@example.com,,,',
      'Also New,also.new@example.com,,in progress,Oslo'
    ].join('\r\n')
    await chooseFile(app, 'fair-leads.csv', csv)
    const dialog = app.getByRole('dialog', { name: 'Import leads from CSV' })
    await expect(dialog.getByLabel('Field for column Email')).toHaveValue('email')
    await expect(dialog.getByRole('region', { name: 'The first rows under this mapping' })).toContainText('Nia New')
    await dialog.getByLabel('New leads go to').selectOption(destination.id)
    await dialog.getByRole('button', { name: 'Check rows' }).click()

    const count = (what: string) => dialog.getByTestId(`count-${what}`)
    await expect(count('create')).toHaveText('3')
    await expect(count('update')).toHaveText('1')
    await expect(count('skipped')).toHaveText('2')
    await expect(dialog.getByLabel('Show only rows with problems')).toBeChecked()
    const grid = dialog.getByRole('region', { name: 'Rows of the file' })
    await expect(grid.getByRole('row')).toHaveCount(3) // header + rows 4 and 5
    await expect(grid).toContainText('Email is not an e-mail address')
    await expect(grid).toContainText('Row repeats row 3 (same e-mail)')
    await snap(app, testInfo, 'import-problems')

    // Fix the e-mail of row 4 in place, by keyboard.
    await grid.getByRole('button', { name: 'Fix Email in row 4' }).click()
    const input = grid.getByLabel('New Email for row 4')
    await input.fill('broken.fixed@example.com')
    await input.press('Enter')
    await expect(count('create')).toHaveText('4')
    await expect(count('skipped')).toHaveText('1')

    // Skip row 6, which is otherwise fine.
    await dialog.getByLabel('Show only rows with problems').uncheck()
    await grid.getByRole('button', { name: 'Skip row 6' }).click()
    await expect(grid.getByRole('button', { name: 'Include row 6' })).toBeVisible()
    await expect(count('create')).toHaveText('3')
    await expect(count('skipped')).toHaveText('2')
    await snap(app, testInfo, 'import-review')

    await dialog.getByRole('button', { name: 'Commit import' }).click()
    await expect(dialog.getByRole('status')).toHaveText(
      'Imported fair-leads.csv: 3 new, 1 updated, 0 unchanged, 2 skipped.'
    )
    await expect(dialog.getByText('3 new leads are on this computer only')).toBeVisible()
    const after = await leadsInCache(server)
    expect(after.filter((l) => l.import_state === 'local').map((l) => l.name)).toEqual([
      'Nia New',
      'Broken Mail',
      'Also New'
    ])
    expect(after.find((l) => l.id === existing.id)).toMatchObject({ status: 'CLOSED' })
    await snap(app, testInfo, 'import-done')

    await dialog.getByRole('button', { name: 'Revert this import' }).click()
    await expect(dialog.getByText('Reverted: 1 lead restored, 3 leads removed.')).toBeVisible()
    expect(await leadsInCache(server)).toEqual(before)
    await dialog.getByRole('button', { name: 'Done' }).click()
    await expect(dialog).toBeHidden()
  })

  test('pushes local leads to ChatBot.com and express-chat with replies cut off, and each arrives once', async ({
    app,
    server
  }, testInfo) => {
    const connections = await startDemo(server)
    for (const platform of ['chatbot-com', 'express-chat']) {
      await admin(server, 'PATCH', `/faults/${platform}`, { truncateRate: 0.5 })
    }
    await reload(app)
    for (const connection of [
      connections.find((c) => c.platform === 'chatbot-com')!,
      connections.find((c) => c.platform === 'express-chat')!
    ]) {
      const tag = connection.platform.replace('-', '')
      const emails = Array.from({ length: 10 }, (_, i) => `push.${tag}.${i}@example.com`)
      const csv = ['Name,Email,Status', ...emails.map((e, i) => `Pushed ${tag} ${i},${e},new`)].join('\n')
      await chooseFile(app, `${tag}.csv`, csv)
      const dialog = app.getByRole('dialog', { name: 'Import leads from CSV' })
      await dialog.getByLabel('New leads go to').selectOption(connection.id)
      await dialog.getByRole('button', { name: 'Check rows' }).click()
      await expect(dialog.getByTestId('count-create')).toHaveText('10')
      await dialog.getByRole('button', { name: 'Commit import' }).click()
      await expect(dialog.getByLabel('Push to')).toHaveValue(connection.id)
      await dialog.getByRole('button', { name: 'Push 10 local leads' }).click()
      await expect(dialog.getByText('10 leads pushed.')).toBeVisible({ timeout: 60_000 })
      await snap(app, testInfo, `pushed-${tag}`)
      await dialog.getByRole('button', { name: 'Done' }).click()

      // On the platform: each lead exactly once, under the id the cache now holds.
      const account = connection.platform === 'chatbot-com' ? '0' : connection.botId!
      const snapshot = await admin(server, 'GET', `/snapshot?platform=${connection.platform}&account=${account}`)
      const records = String(snapshot)
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
      const emailOf = (r: Record<string, unknown>): unknown =>
        connection.platform === 'chatbot-com'
          ? (r.attributes as Record<string, unknown>).default_email
          : ((r.profile as { userDetails?: { contact?: { email?: string } } } | undefined)?.userDetails?.contact
              ?.email ?? null)
      for (const email of emails)
        expect(
          records.filter((r) => emailOf(r) === email),
          email
        ).toHaveLength(1)
      const cached = (await leadsInCache(server)).filter((l) => emails.includes(String(l.email)))
      expect(cached).toHaveLength(10)
      expect(cached.every((l) => l.import_state === 'pushed' && l.connection_id === connection.id)).toBe(true)
      const remoteIds = new Set(
        records.filter((r) => emails.includes(String(emailOf(r)))).map((r) => String(r.id ?? r.uuid))
      )
      expect(new Set(cached.map((l) => String(l.remote_id)))).toEqual(remoteIds)
    }
    // The creates went out once each: a lost reply was followed by a read-back, not a second create.
    const writes = (await admin(server, 'GET', '/writes?platform=chatbot-com')) as { method: string }[]
    expect(writes.filter((w) => w.method === 'POST')).toHaveLength(10)
  })
})
