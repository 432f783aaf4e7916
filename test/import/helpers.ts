import { createReadStream } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type {
  ColumnMapping,
  ImportOptions,
  ImportPreview,
  ImportRecord,
  ImportSummary
} from '../../src/shared/contract'
import { insertConnection } from '../../src/main/connections/store'
import { saveUpload } from '../../src/main/csv/import/uploads'
import type { TestApp } from '../helpers/app'

/** A connection row without a token: enough to import into (pushing needs a real one). */
export async function addConnection(
  app: TestApp,
  id = 'dest',
  platform: 'express-chat' | 'chatbot-com' | 'chatzuri' = 'express-chat',
  name = 'Destination'
): Promise<string> {
  await app.db.write((tx) =>
    insertConnection(
      tx,
      {
        id,
        platform,
        brand: platform === 'express-chat' ? 'reekolect' : null,
        name,
        baseUrl: 'http://127.0.0.1:9',
        botId: platform === 'express-chat' ? 'b'.repeat(24) : null,
        customerId: platform === 'express-chat' ? 'c'.repeat(24) : null,
        agentId: platform === 'chatzuri' ? 'agent' : null,
        isDemo: false
      },
      new Date().toISOString()
    )
  )
  return id
}

/** Opens a file as browser mode does: streamed into an upload, then `imports.open`. */
export async function openFile(app: TestApp, path: string, name = 'leads.csv'): Promise<ImportPreview> {
  const { uploadId } = await saveUpload(app.dataDir, name, createReadStream(path))
  return app.call<ImportPreview>('imports.open', { uploadId })
}

export async function openBytes(app: TestApp, bytes: Buffer | string, name = 'leads.csv'): Promise<ImportPreview> {
  const path = join(app.dataDir, `source-${Math.random().toString(36).slice(2)}.csv`)
  await writeFile(path, bytes)
  return openFile(app, path, name)
}

export function options(connectionId: string, extra: Partial<ImportOptions> = {}): ImportOptions {
  return {
    mode: 'both',
    connectionId,
    matchBy: { remoteId: true, email: true, phone: true },
    defaultCountry: null,
    dateOrder: 'auto',
    verbatim: false,
    emptyClears: false,
    ...extra
  }
}

export async function analyze(
  app: TestApp,
  preview: ImportPreview,
  opts: ImportOptions,
  mapping: ColumnMapping[] = preview.mapping
): Promise<ImportSummary> {
  return app.call<ImportSummary>('imports.analyze', { sessionId: preview.sessionId, mapping, options: opts })
}

export async function importFile(
  app: TestApp,
  bytes: Buffer | string,
  opts: ImportOptions,
  mapping?: (preview: ImportPreview) => ColumnMapping[]
): Promise<{ preview: ImportPreview; summary: ImportSummary; record: ImportRecord }> {
  const preview = await openBytes(app, bytes)
  const summary = await analyze(app, preview, opts, mapping ? mapping(preview) : preview.mapping)
  const record = await app.call<ImportRecord>('imports.commit', { sessionId: preview.sessionId })
  return { preview, summary, record }
}

export function targets(preview: ImportPreview): Record<string, string> {
  return Object.fromEntries(preview.mapping.map((m) => [preview.headers[m.column]!, m.target]))
}
