import { createApp, type App, type AppOptions } from '../../src/main/compose'
import { fileLogger } from '../../src/main/logger'
import { join } from 'node:path'
import { tempDir } from './temp-dir'

export interface TestApp extends App {
  dataDir: string
  /** Calls a method through the router, as a transport would; throws on an error reply. */
  call<T = unknown>(method: string, input?: unknown): Promise<T>
  dispose(): Promise<void>
}

/** The real app (real SQLite file, real keychain) in a fresh data directory. */
export async function startTestApp(
  options: {
    dataDir?: string
    schedule?: boolean
    firstSyncAfter?: AppOptions['firstSyncAfter']
    chooseSaveFile?: AppOptions['chooseSaveFile']
  } = {}
): Promise<TestApp> {
  const dir = options.dataDir ? null : await tempDir()
  const dataDir = options.dataDir ?? dir!.path
  const app = await createApp({
    dataDir,
    schedule: options.schedule ?? false,
    firstSyncAfter: options.firstSyncAfter,
    chooseSaveFile: options.chooseSaveFile,
    logger: fileLogger(join(dataDir, 'logs', 'lead-manager.log'), { quiet: true })
  })
  return {
    ...app,
    dataDir,
    async call<T>(method: string, input: unknown = {}): Promise<T> {
      const reply = await app.dispatch(method, input)
      if (!reply.ok) throw Object.assign(new Error(`${reply.error.code}: ${reply.error.message}`), reply.error)
      return reply.result as T
    },
    async dispose() {
      await app.close()
      await dir?.cleanup()
    }
  }
}
