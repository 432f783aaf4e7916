import { join } from 'node:path'
import { Database } from '../../../src/main/db/database'

/**
 * Adds `count` leads straight into browser mode's cache file (a second connection, as the sqlite3
 * shell would; WAL lets the running app go on reading). Each carries `rawBytes` of platform JSON,
 * so an export of the raw column is large. Returns the new leads' connection id.
 */
export async function seedLeads(dataDir: string, count: number, rawBytes: number): Promise<string> {
  const db = await Database.open(join(dataDir, 'leads.sqlite'))
  const connectionId = 'seeded-connection'
  try {
    await db.write(async (tx) => {
      await tx.run(
        `INSERT INTO connections (id, platform, brand, name, base_url, created_at, updated_at)
         VALUES (?, 'express-chat', 'reekolect', 'Seeded bot', 'http://127.0.0.1:9', ?, ?)`,
        [connectionId, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z']
      )
      await tx.run(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO leads (connection_id, remote_id, name, email, status, remote_updated_at, raw_json, synced_at)
         SELECT ?, 'seed-' || i, 'Seeded lead ' || i, 'seed' || i || '@example.com', 'OPEN',
                strftime('%Y-%m-%dT%H:%M:%fZ', 1700000000 + i, 'unixepoch'),
                json_object('id', i, 'padding', substr(replace(hex(zeroblob(?)), '00', 'ab'), 1, ?)),
                '2024-06-01T00:00:00.000Z'
         FROM n`,
        [count, connectionId, Math.ceil(rawBytes / 2), rawBytes]
      )
    })
  } finally {
    await db.close()
  }
  return connectionId
}
