import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Database } from '../../src/main/db/database'
import { recordEdit } from '../../src/main/leads/outbox'
import { claimNextEdit, markDelivered, markUndelivered } from '../../src/main/leads/outbox-queue'
import { makeLeads, seedDatabase } from '../helpers/lead-seed'

/*
 * The queue sends a lead's edits oldest first, and an edit newer than one being sent must never be
 * folded into an older waiting edit: that older one goes out first, and the newer one being sent
 * (retried after it) would put its older value back. Found by the detail e2e failing now and then:
 * a tag re-added while the removal of it was being sent ended missing on the platform.
 */

let db: Database
let cleanup: () => Promise<void>
let leadId: number
beforeAll(async () => {
  ;({ db, cleanup } = await seedDatabase(makeLeads(20, 3)))
  leadId = (await db.get<{ id: number }>("SELECT id FROM leads WHERE connection_id = 'conn-a' ORDER BY id LIMIT 1"))!.id
})
afterAll(() => cleanup())

const at = (second: number): string => new Date(Date.UTC(2026, 0, 20, 15, 0, second)).toISOString()
const edit = (patch: Parameters<typeof recordEdit>[2], second: number) =>
  db.write((tx) => recordEdit(tx, [leadId], patch, at(second)))
const claim = (second: number) => db.write((tx) => claimNextEdit(tx, 'conn-a', at(second)))

it('sends the newest value last when an edit is made while a newer edit of the lead is being sent', async () => {
  await edit({ status: 'REVIEW' }, 0)
  const first = (await claim(1))!
  await edit({ tags: ['a'] }, 2) // queued apart: the status edit is being sent
  // The status edit fails and waits its backoff; the tag edit is due and goes out.
  await db.write((tx) => markUndelivered(tx, first, { state: 'pending', error: 'HTTP 500', retryAt: at(30) }, at(3)))
  const second = (await claim(4))!
  expect(second.patch).toEqual({ tags: ['a'] })
  await edit({ tags: ['a', 'b'] }, 5) // made while ['a'] is in flight
  await db.write((tx) => markUndelivered(tx, second, { state: 'pending', error: 'HTTP 500', retryAt: at(6) }, at(6)))

  // The platform takes everything now: what it holds is the last value sent of each field.
  const platform: Record<string, unknown> = {}
  for (let n = 0; n < 10; n++) {
    const next = await claim(60)
    if (!next) break
    Object.assign(platform, next.patch)
    expect(await db.write((tx) => markDelivered(tx, next, null, at(61)))).toBe(true)
  }
  expect(platform).toEqual({ status: 'REVIEW', tags: ['a', 'b'] })
  const open = await db.all("SELECT id FROM outbox WHERE lead_id = ? AND state IN ('pending', 'sending')", [leadId])
  expect(open).toEqual([])
})
