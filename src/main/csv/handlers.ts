import { basename } from 'node:path'
import type { Handlers } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { EventBus } from '../events'
import type { ExportPresets } from './presets'
import { compileScope } from './selection'
import type { CsvExportService } from './service'

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

/** The desktop app's native save dialog: the chosen path, or null when the user closed it. */
export type ChooseSaveFile = (suggestedName: string) => Promise<string | null>

export interface CsvExportHandlerDeps {
  csv: CsvExportService
  presets: ExportPresets
  events: EventBus
  /** Absent in browser mode, where exports download instead. */
  chooseSaveFile?: ChooseSaveFile
}

/** The name offered in the save dialog or sent with the download: printable, ending in .csv. */
export function csvFileName(name: string): string {
  const printable = name.replace(/[\p{Cc}\p{Cf}]/gu, '').trim() || 'leads'
  return /\.csv$/i.test(printable) ? printable : `${printable}.csv`
}

export function csvExportHandlers({ csv, presets, events, chooseSaveFile }: CsvExportHandlerDeps): CsvExportHandlers {
  return {
    'export.start': async ({ scope, columns, options, target, fileName }) => {
      const plan = { selection: compileScope(scope), columns, options }
      const name = csvFileName(fileName)
      if (target === 'file') {
        if (!chooseSaveFile) {
          throw new AppError('UNSUPPORTED', 'Saving to a file needs the desktop app; in a browser, download instead.')
        }
        const path = await chooseSaveFile(name)
        if (!path) return { started: false, exportId: null, fileName: name, downloadUrl: null }
        await presets.rememberLast({ columns, options })
        const exportId = csv.startToFile(plan, path, basename(path))
        return { started: true, exportId, fileName: basename(path), downloadUrl: null }
      }
      await presets.rememberLast({ columns, options })
      const { exportId, downloadUrl } = csv.prepareDownload(plan, name)
      return { started: true, exportId, fileName: name, downloadUrl }
    },

    'export.cancel': async ({ exportId }) => ({ cancelled: csv.cancel(exportId) }),

    'export.status': async ({ exportId }) => csv.status(exportId),

    'export.attributeKeys': ({ query }) => csv.attributeKeys(query),

    'export.presets': () => presets.list(),

    'export.savePreset': async (preset) => {
      const saved = await presets.save(preset)
      events.emit('data.changed', { entity: 'settings', connectionId: null })
      return saved
    },

    'export.deletePreset': async ({ name }) => {
      if (!(await presets.delete(name))) throw new AppError('NOT_FOUND', `There is no export preset named “${name}”.`)
      events.emit('data.changed', { entity: 'settings', connectionId: null })
      return { ok: true as const }
    }
  }
}
