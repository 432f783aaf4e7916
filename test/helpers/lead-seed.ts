import { join } from 'node:path'
import { Database, insertMany, type SqlValue } from '../../src/main/db/database'
import { tempDir } from './temp-dir'

/** A synthetic lead as seeded: the fields the query model filters and sorts on. */
export interface SeedLead {
  id: number
  connection: string
  kind: 'lead' | 'chat'
  name: string | null
  email: string | null
  phone: string | null
  status: string | null
  agent: string | null
  tags: string[]
  lastMessageText: string | null
  lastMessageAt: string | null
  lastSeenAt: string | null
  websiteVisits: number | null
  createdAt: string | null
  updatedAt: string | null
  outbox: string | null
}

export const SEED_CONNECTIONS = [
  { id: 'conn-b', platform: 'chatzuri', name: 'Beta zuri' },
  { id: 'conn-a', platform: 'express-chat', name: 'Alpha express' },
  { id: 'conn-c', platform: 'chatbot-com', name: 'Alpha cb' },
  { id: 'conn-d', platform: 'express-chat', name: 'Delta express' }
] as const

/** Small deterministic PRNG (mulberry32), so a failing case is the same case every run. */
export function rng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const STATUSES = ['OPEN', 'INPROGRESS', 'REVIEW', 'ONHOLD', 'DEPENDANCY', 'CLOSED', 'weird', null]
const TAGS = ['vip', 'hot', 'cold', 'expo', 'b2b']
const AGENTS = ['Ana', 'bob', 'Carla', null]
const WORDS = ['pricing', 'demo', 'refund', 'zebra', 'hello', 'quote']

function date(random: () => number): string | null {
  if (random() < 0.1) return null
  const t = Date.UTC(2025, 0, 1) + Math.floor(random() * 400) * 86_400_000 + Math.floor(random() * 86_400_000)
  return new Date(t).toISOString()
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!
}

export function makeLeads(count: number, seed = 7): SeedLead[] {
  const random = rng(seed)
  const leads: SeedLead[] = []
  for (let i = 1; i <= count; i++) {
    const tags = TAGS.filter(() => random() < 0.25)
    // Ties on purpose: a few values repeat, so paging must rely on the id tie-break.
    const name = random() < 0.2 ? null : `${pick(random, ['ana', 'Bea', 'carl', 'Dora', 'eve'])} ${i % 13}`
    leads.push({
      id: i,
      connection: pick(random, SEED_CONNECTIONS).id,
      kind: random() < 0.2 ? 'chat' : 'lead',
      name,
      email: random() < 0.3 ? null : `user${i % 50}@${pick(random, ['a.com', 'B.org'])}`,
      phone: random() < 0.5 ? null : `555${i}`,
      status: pick(random, STATUSES),
      agent: pick(random, AGENTS),
      tags,
      lastMessageText: random() < 0.2 ? null : `${pick(random, WORDS)} ${pick(random, WORDS)} ${i}`,
      lastMessageAt: date(random),
      lastSeenAt: date(random),
      websiteVisits: random() < 0.2 ? null : Math.floor(random() * 5),
      createdAt: date(random),
      updatedAt: date(random),
      outbox: random() < 0.1 ? pick(random, ['pending', 'conflict', 'local-only', 'failed', 'delivered']) : null
    })
  }
  return leads
}

const NOW = '2026-03-01T00:00:00.000Z'

/** A real cache file at the current schema, holding `leads` (and their outbox rows). */
export async function seedDatabase(
  leads: readonly SeedLead[]
): Promise<{ db: Database; cleanup: () => Promise<void>; file: string }> {
  const dir = await tempDir()
  const file = join(dir.path, 'leads.sqlite')
  const db = await Database.open(file)
  await db.write(async (tx) => {
    for (const c of SEED_CONNECTIONS) {
      await tx.run(
        'INSERT INTO connections (id, platform, name, base_url, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
        [c.id, c.platform, c.name, 'http://x', NOW, NOW]
      )
    }
    const rows = leads.map((l): SqlValue[] => [
      l.id,
      l.connection,
      `r${l.id}`,
      l.kind,
      l.name,
      l.email,
      l.phone,
      l.status,
      l.agent,
      JSON.stringify(l.tags),
      l.lastMessageText,
      l.lastMessageAt,
      l.websiteVisits,
      l.createdAt,
      l.updatedAt,
      JSON.stringify(l.lastSeenAt ? { lastSeenAt: l.lastSeenAt } : {}),
      NOW
    ])
    await insertMany(
      tx,
      `INSERT INTO leads (id, connection_id, remote_id, kind, name, email, phone, status, agent, tags_json,
        last_message_text, last_message_at, website_visits, remote_created_at, remote_updated_at, raw_json, synced_at)`,
      17,
      rows
    )
    for (const l of leads) {
      if (!l.outbox) continue
      await tx.run(
        `INSERT INTO outbox (lead_id, connection_id, op, patch_json, base_json, state, created_at, updated_at)
         VALUES (?, ?, 'update', '{}', '{}', ?, ?, ?)`,
        [l.id, l.connection, l.outbox, NOW, NOW]
      )
    }
  })
  return {
    db,
    file,
    cleanup: async () => {
      await db.close()
      await dir.cleanup()
    }
  }
}
