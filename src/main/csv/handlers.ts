import { basename } from 'node:path'
import type { Handlers } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { AppContext } from '../app-context'
import { attributeKeys } from './attribute-keys'
import { deletePreset, listPresets, rememberLast, savePreset } from './presets'
import { compileSelection } from './selection'

type CsvExportHandlers = Pick<
  Handlers,
  | 'export.start'
  | 'export.cancel'
  | 'export.status'
  | 'export.attributeKeys'
  | 'export.presets'
  | 'export.savePreset'
  | 'export.deletePreset'
>

/** The name offered in the save dialog or sent with the download: printable, ending in .csv. */
export function csvFileName(name: string): string {
  const printable = name.replace(/[\p{Cc}\p{Cf}]/gu, '').trim() || 'leads'
  return /\.csv$/i.test(printable) ? printable : `${printable}.csv`
}

export function csvExportHandlers(ctx: AppContext): CsvExportHandlers {
  return {
    'export.start': async ({ scope, columns, options, target, fileName }) => {
      const plan = { selection: compileSelection(scope.query), ids: scope.ids, columns, options }
      const name = csvFileName(fileName)
      if (target === 'file') {
        if (!ctx.chooseSaveFile) {
          throw new AppError('UNSUPPORTED', 'Saving to a file needs the desktop app; in a browser, download instead.')
        }
        const path = await ctx.chooseSaveFile(name)
        if (!path) return { started: false, exportId: null, fileName: name, downloadUrl: null }
        await rememberLast(ctx.db, { columns, options })
        const exportId = ctx.csv.startToFile(plan, path, basename(path))
        return { started: true, exportId, fileName: basename(path), downloadUrl: null }
      }
      await rememberLast(ctx.db, { columns, options })
      const { exportId, downloadUrl } = ctx.csv.prepareDownload(plan, name)
      return { started: true, exportId, fileName: name, downloadUrl }
    },

    'export.cancel': async ({ exportId }) => ({ cancelled: ctx.csv.cancel(exportId) }),

    'export.status': async ({ exportId }) => ctx.csv.status(exportId),

    'export.attributeKeys': ({ query }) => attributeKeys(ctx.db, compileSelection(query)),

    'export.presets': () => listPresets(ctx.db),

    'export.savePreset': async (preset) => {
      const presets = await savePreset(ctx.db, preset)
      ctx.events.emit('data.changed', { entity: 'settings', connectionId: null })
      return presets
    },

    'export.deletePreset': async ({ name }) => {
      if (!(await deletePreset(ctx.db, name)))
        throw new AppError('NOT_FOUND', `There is no export preset named “${name}”.`)
      ctx.events.emit('data.changed', { entity: 'settings', connectionId: null })
      return { ok: true as const }
    }
  }
}
