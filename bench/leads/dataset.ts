import { existsSync, renameSync, rmSync } from 'node:fs'
import { Database } from '../../src/main/db/database'

/**
 * A cache of N synthetic leads for the leads-table rows, built inside SQLite (a recursive CTE
 * through the real schema, triggers and all) because syncing a million leads from the sandbox takes
 * many minutes. Deterministic: lead i's fields are a hash of i. Word frequencies are fixed so the
 * search rows mean what they say: RARE_WORD is in 20 leads, COMMON_WORD in 20% of them.
 */
export const RARE_WORD = 'zanzibar'
export const COMMON_WORD = 'pricing'

const FIRST = [
  'Ana',
  'Ben',
  'Carla',
  'Dmitri',
  'Eve',
  'Farah',
  'Goran',
  'Hana',
  'Ivo',
  'Jun',
  'Kemal',
  'Lea',
  'Mo',
  'Nia'
]
const LAST = ['Silva', 'Okafor', 'Novak', 'Tanaka', 'Müller', 'Haddad', 'Kowalski', 'Rossi', 'Nguyen', 'Smith', 'Khan']
const AGENTS = ['ana.support', 'bob', 'carla', 'dev', 'eli', 'fran', 'gus', 'hal']
const TAGS = ['vip', 'expo-2025', 'b2b', 'newsletter', 'hot', 'cold', 'partner', 'reseller', 'trial', 'churn-risk']
const WORDS = ['hello', 'demo', 'quote', 'shipping', 'refund', 'support', 'invoice', 'upgrade', 'call', 'thanks']
const STATUSES = [
  'OPEN',
  'OPEN',
  'OPEN',
  'INPROGRESS',
  'INPROGRESS',
  'REVIEW',
  'ONHOLD',
  'DEPENDANCY',
  'CLOSED',
  'CLOSED'
]
export const DATASET_CONNECTIONS = [
  { id: 'bench-reekolect', platform: 'express-chat', brand: 'reekolect', name: 'Reekolect shop' },
  { id: 'bench-botbuddy', platform: 'express-chat', brand: 'botbuddy', name: 'BotBuddy site' },
  { id: 'bench-convertalk', platform: 'express-chat', brand: 'convertalk', name: 'Convertalk' },
  { id: 'bench-chatbot', platform: 'chatbot-com', brand: null, name: 'ChatBot.com' },
  { id: 'bench-chatzuri', platform: 'chatzuri', brand: null, name: 'Chatzuri' }
] as const

const arr = (values: readonly string[]): string => `'${JSON.stringify(values).replace(/'/g, "''")}'`

/** Builds (or reuses) the cache file; returns its path. */
export async function leadsDataset(file: string, leads: number, log = console.log): Promise<string> {
  if (existsSync(file)) return file
  const building = `${file}.building`
  rmSync(building, { force: true })
  rmSync(`${building}-wal`, { force: true })
  rmSync(`${building}-shm`, { force: true })
  const db = await Database.open(building)
  // Twelve indexes fed in random order thrash the default 2 MB page cache; the build is one-off.
  await db.write((tx) => tx.exec('PRAGMA cache_size = -400000'))
  const now = '2026-03-01T00:00:00.000Z'
  await db.write(async (tx) => {
    for (const c of DATASET_CONNECTIONS) {
      await tx.run(
        `INSERT INTO connections (id, platform, brand, name, base_url, created_at, updated_at, state)
         VALUES (?, ?, ?, ?, 'http://127.0.0.1:9', ?, ?, 'ok')`,
        [c.id, c.platform, c.brand, c.name, now, now]
      )
    }
  })
  const conns = arr(DATASET_CONNECTIONS.map((c) => c.id))
  const batch = 100_000
  const t0 = performance.now()
  for (let start = 0; start < leads; start += batch) {
    const end = Math.min(leads, start + batch)
    await db.write((tx) =>
      tx.run(
        `WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?),
         h AS (SELECT i, (i * 2654435761) % 4294967296 AS a, (i * 40503 + 12345) % 1000003 AS b,
                      (i * 69069 + 1) % 999983 AS d FROM n)
         INSERT INTO leads (connection_id, remote_id, kind, name, email, phone, phone_prefix, status, agent,
           tags_json, notes_json, attributes_json, last_message_text, last_message_at, last_message_by,
           website_visits, remote_created_at, remote_updated_at, raw_json, synced_at)
         SELECT
           json_extract(${conns}, '$[' || (a % 5) || ']'),
           'r' || i,
           CASE WHEN b % 100 < 15 THEN 'chat' ELSE 'lead' END,
           CASE WHEN d % 10 = 0 THEN NULL ELSE
             json_extract(${arr(FIRST)}, '$[' || (a % ${FIRST.length}) || ']') || ' ' ||
             json_extract(${arr(LAST)}, '$[' || (b % ${LAST.length}) || ']') || ' ' || (i % 997) END,
           CASE WHEN d % 10 < 7 THEN 'user' || i || '@example' || (a % 50) || '.com' END,
           CASE WHEN b % 2 = 0 THEN '555' || (1000000 + i) END,
           CASE WHEN b % 2 = 0 THEN '+1' END,
           json_extract(${arr(STATUSES)}, '$[' || (d % 10) || ']'),
           CASE WHEN a % 10 < 3 THEN NULL ELSE json_extract(${arr(AGENTS)}, '$[' || (b % ${AGENTS.length}) || ']') END,
           CASE WHEN a % 3 = 0 THEN '[]'
                WHEN a % 3 = 1 THEN json_array(json_extract(${arr(TAGS)}, '$[' || (d % ${TAGS.length}) || ']'))
                ELSE json_array(json_extract(${arr(TAGS)}, '$[' || (d % ${TAGS.length}) || ']'),
                                json_extract(${arr(TAGS)}, '$[' || ((d / 10) % ${TAGS.length}) || ']')) END,
           CASE WHEN b % 7 = 0 THEN json_array(json_object('title', 'Call', 'description', 'Asked about ' ||
             json_extract(${arr(WORDS)}, '$[' || (d % ${WORDS.length}) || ']'))) ELSE '[]' END,
           json_array(json_object('key', 'source', 'value', 'ad-' || (a % 40))),
           json_extract(${arr(WORDS)}, '$[' || (a % ${WORDS.length}) || ']') || ' ' ||
             CASE WHEN i % 5 = 0 THEN '${COMMON_WORD}' ELSE json_extract(${arr(WORDS)}, '$[' || (d % ${WORDS.length}) || ']') END ||
             CASE WHEN i % ${Math.max(1, Math.floor(leads / 20))} = 7 THEN ' ${RARE_WORD}' ELSE '' END ||
             ' please ' || (i % 1013),
           strftime('%Y-%m-%dT%H:%M:%fZ', 1700000000 + (a % 63000000), 'unixepoch'),
           CASE WHEN b % 2 = 0 THEN 'user' ELSE 'bot' END,
           CASE WHEN d % 5 = 0 THEN NULL ELSE d % 40 END,
           strftime('%Y-%m-%dT%H:%M:%fZ', 1650000000 + (b * 37 % 63000000), 'unixepoch'),
           strftime('%Y-%m-%dT%H:%M:%fZ', 1700000000 + (a % 63000000) + (d % 1000), 'unixepoch'),
           json_object('id', 'r' || i, 'lastSeenAt', strftime('%Y-%m-%dT%H:%M:%fZ', 1700000000 + (d * 61 % 63000000), 'unixepoch'),
             'meta', json_object('ip', '10.0.' || (a % 255) || '.' || (b % 255), 'ua', 'Mozilla/5.0')),
           '${now}'
         FROM h`,
        [start + 1, end]
      )
    )
    log(
      `  dataset: ${end.toLocaleString('en')} of ${leads.toLocaleString('en')} leads (${((performance.now() - t0) / 1000).toFixed(0)} s)`
    )
  }
  await db.write((tx) => tx.exec('ANALYZE'))
  await db.close()
  renameSync(building, file)
  return file
}
