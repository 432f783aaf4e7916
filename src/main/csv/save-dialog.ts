import { join } from 'node:path'
import { app, dialog, type BrowserWindow } from 'electron'

/** The desktop app's `chooseSaveFile`: the native save dialog, over the window when there is one. */
export function nativeSaveDialog(window: BrowserWindow): (suggestedName: string) => Promise<string | null> {
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
    const result = window.isDestroyed()
      ? await dialog.showSaveDialog(options)
      : await dialog.showSaveDialog(window, options)
    return result.canceled || !result.filePath ? null : result.filePath
  }
}
