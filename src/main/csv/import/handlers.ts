import { rm, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { Handlers, ImportProgress } from '../../../shared/contract'
import { AppError } from '../../../shared/contract/errors'
import { analyze, summaryOf, type Progress } from './analyze'
import { commitImport } from './commit'
import type { ImportDeps } from './deps'
import { fixCell, gridPage, skipRow } from './grid'
import { listImports } from './import-store'
import { buildPreview } from './preview'
import { deletePreset, listPresets, markPresetUsed, savePreset } from './preset-store'
import { pushImport } from './push'
import { rejectedCsv } from './rejected'
import { revertImport } from './revert'
import { ImportSession, SessionRegistry, type ImportFile } from './session'
import { sniff, type SniffOverrides } from './sniff'
import { stageDir } from './staged'
import { openUpload } from './uploads'

export type ImportHandlers = Pick<
  Handlers,
  | 'imports.open'
  | 'imports.configure'
  | 'imports.analyze'
  | 'imports.rows'
  | 'imports.fix'
  | 'imports.skip'
  | 'imports.rejected'
  | 'imports.commit'
  | 'imports.cancel'
  | 'imports.close'
  | 'imports.history'
  | 'imports.revert'
  | 'imports.push'
  | 'imports.presets'
  | 'imports.savePreset'
  | 'imports.deletePreset'
>

const PROGRESS_EVERY_MS = 200

/** The import's handlers; `importHandlers` in lazy-handlers.ts loads this module on the first call. */
export function loadedImportHandlers(ctx: ImportDeps): ImportHandlers {
  const now = (): string => ctx.clock.now()
  const sessions = new SessionRegistry()
  const pushes = new Map<string, AbortController>()
  const overrides = new Map<string, SniffOverrides>()

  const progress = (key: string, phase: ImportProgress['phase']): ((p: Progress) => void) => {
    let last = 0
    return ({ rows, fraction }) => {
      const at = Date.now()
      if (at - last < PROGRESS_EVERY_MS) return
      last = at
      ctx.events.emit('import.progress', { key, phase, rows, fraction, message: null })
    }
  }
  /** Runs a long task of a session and says how it ended, for the progress bar. */
  const tracked = async <T>(
    key: string,
    phase: 'analyzing' | 'committing' | 'pushing',
    run: (onProgress: (p: Progress) => void) => Promise<T>
  ): Promise<T> => {
    ctx.events.emit('import.progress', { key, phase, rows: 0, fraction: 0, message: null })
    try {
      const result = await run(progress(key, phase))
      ctx.events.emit('import.progress', { key, phase: 'done', rows: 0, fraction: 1, message: null })
      return result
    } catch (err) {
      const cancelled = err instanceof AppError && err.code === 'CANCELLED'
      const message = err instanceof AppError ? err.message : 'It failed; the details are in the log.'
      ctx.events.emit('import.progress', {
        key,
        phase: cancelled ? 'cancelled' : 'failed',
        rows: 0,
        fraction: null,
        message
      })
      throw err
    }
  }
  const changed = (): void => {
    ctx.events.emit('data.changed', { entity: 'leads', connectionId: null })
    ctx.events.emit('data.changed', { entity: 'outbox', connectionId: null })
    ctx.events.emit('data.changed', { entity: 'imports', connectionId: null })
  }

  const open = async (file: ImportFile): Promise<ImportSession> => {
    try {
      const session = new ImportSession(file, await sniff(file.path, file.size))
      session.stageDir = stageDir(ctx.dataDir)
      return sessions.add(session)
    } catch (err) {
      if (file.owned) await rm(file.path, { force: true })
      throw err
    }
  }

  return {
    'imports.open': async (input) => {
      let file: ImportFile
      if ('uploadId' in input) file = await openUpload(ctx.dataDir, input.uploadId)
      else {
        if (!ctx.pickFile) throw new AppError('CONFLICT', 'There is no file dialog here: choose the file in the page.')
        const path = await ctx.pickFile()
        if (!path) return null
        const info = await stat(path)
        file = { path, name: basename(path), size: info.size, owned: false }
      }
      return buildPreview(ctx.db, await open(file))
    },

    'imports.configure': async ({ sessionId, ...change }) => {
      const session = sessions.get(sessionId)
      if (session.running) throw new AppError('CONFLICT', 'Wait for the check to finish, or cancel it.')
      const next: SniffOverrides = { ...overrides.get(sessionId) }
      if (change.encoding !== undefined) next.encoding = change.encoding
      if (change.delimiter !== undefined) next.delimiter = change.delimiter
      if (change.headerRow !== undefined) next.headerRow = change.headerRow
      session.sniffed = await sniff(session.file.path, session.file.size, next)
      overrides.set(sessionId, next)
      // Rows may now split differently: what was checked, fixed or skipped no longer applies.
      await session.setAnalysis(null)
      session.fixes.clear()
      session.skips.clear()
      return buildPreview(ctx.db, session)
    },

    'imports.analyze': ({ sessionId, mapping, options }) => {
      const session = sessions.get(sessionId)
      return session.exclusive((signal) =>
        tracked(sessionId, 'analyzing', (onProgress) => analyze(ctx.db, session, mapping, options, signal, onProgress))
      )
    },

    'imports.rows': async ({ sessionId, onlyProblems, offset, limit }) =>
      gridPage(sessions.get(sessionId), onlyProblems, offset, limit),

    'imports.fix': ({ sessionId, row, column, value }) => fixCell(ctx.db, sessions.get(sessionId), row, column, value),

    'imports.skip': ({ sessionId, row, skip }) => skipRow(ctx.db, sessions.get(sessionId), row, skip),

    'imports.rejected': ({ sessionId }) => {
      const session = sessions.get(sessionId)
      summaryOf(session)
      return session.exclusive((signal) => rejectedCsv(session, signal))
    },

    'imports.commit': async ({ sessionId }) => {
      const session = sessions.get(sessionId)
      const preset = session.preview?.preset
      const record = await session.exclusive((signal) =>
        tracked(sessionId, 'committing', (onProgress) => commitImport(ctx.db, session, now, signal, onProgress))
      )
      if (preset) await ctx.db.write((tx) => markPresetUsed(tx, preset.id, now()))
      await sessions.close(sessionId)
      overrides.delete(sessionId)
      changed()
      ctx.sync.pushSoon()
      return record
    },

    'imports.cancel': async ({ sessionId }) => {
      const push = pushes.get(sessionId)
      if (push) {
        push.abort(new Error('cancelled'))
        return { cancelled: true }
      }
      const session = sessions.get(sessionId)
      if (!session.running) return { cancelled: false }
      session.running.abort(new Error('cancelled'))
      return { cancelled: true }
    },

    'imports.close': async ({ sessionId }) => {
      await sessions.close(sessionId)
      overrides.delete(sessionId)
      return { ok: true as const }
    },

    'imports.history': () => listImports(ctx.db),

    'imports.revert': async ({ importId }) => {
      const result = await ctx.db.write((tx) => revertImport(tx, importId, now()))
      changed()
      ctx.sync.pushSoon()
      return result
    },

    'imports.push': async ({ importId, connectionId }) => {
      const key = `push:${importId}`
      if (pushes.has(key)) throw new AppError('CONFLICT', 'These leads are being pushed already.')
      const controller = new AbortController()
      pushes.set(key, controller)
      try {
        return await tracked(key, 'pushing', (onProgress) =>
          pushImport(ctx, importId, connectionId ?? null, onProgress, controller.signal)
        )
      } finally {
        pushes.delete(key)
        changed()
      }
    },

    'imports.presets': () => listPresets(ctx.db),

    'imports.savePreset': async ({ sessionId, name, mapping, options }) => {
      const session = sessions.get(sessionId)
      const headers = session.sniffed.headers
      const id = await ctx.db.write((tx) => savePreset(tx, name, headers, mapping, options, now()))
      const saved = (await listPresets(ctx.db)).find((p) => p.id === id)
      if (!saved) throw new Error(`preset ${id} was not saved`)
      return saved
    },

    'imports.deletePreset': async ({ id }) => {
      await ctx.db.write((tx) => deletePreset(tx, id))
      return { ok: true as const }
    }
  }
}
