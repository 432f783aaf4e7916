import { join } from 'node:path'
import { app, dialog, type BrowserWindow } from 'electron'
import type { ChooseSaveFile } from './handlers'

/** The desktop app's `chooseSaveFile`: the native save dialog, over the window when there is one. */
export function nativeSaveDialog(windowOf: () => BrowserWindow | null): ChooseSaveFile {
  return async (suggestedName) => {
    const options: Electron.SaveDialogOptions = {
      title: 'Export leads as CSV',
      buttonLabel: 'Export',
      defaultPath: join(app.getPath('documents'), suggestedName),
      filters: [
        { name: 'CSV files', extensions: ['csv'] },
        { name: 'All files', extensions: ['*'] }
      ],
      properties: ['createDirectory', 'showOverwriteConfirmation']
    }
    const window = windowOf()
    const result =
      !window || window.isDestroyed()
        ? await dialog.showSaveDialog(options)
        : await dialog.showSaveDialog(window, options)
    return result.canceled || !result.filePath ? null : result.filePath
  }
}
