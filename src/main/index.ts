import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, dialog, net, session, shell } from 'electron'
import { createApp, resolveDataDir, type App } from './compose'
import { nativeSaveDialog } from './csv/save-dialog'
import { guardProcess } from './process-guards'
import { describeStartupError } from './startup-errors'
import { serveIpc } from './transports/ipc'
import { CONTENT_SECURITY_POLICY } from './transports/security'

function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(name)
  return index >= 0 ? process.argv[index + 1] : undefined
}

let lead: App | null = null
let mainWindow: BrowserWindow | null = null

/** The native open dialog for a CSV import; main-side, so the page never sees other paths. */
async function pickCsvFile(): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    title: 'Import leads from a CSV file',
    properties: ['openFile'],
    filters: [
      { name: 'CSV and text files', extensions: ['csv', 'tsv', 'txt'] },
      { name: 'All files', extensions: ['*'] }
    ]
  }
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options)
  return result.canceled ? null : (result.filePaths[0] ?? null)
}

const dataDir = (): string => resolveDataDir(argValue('--data-dir'), join(app.getPath('userData'), 'data'))

async function openWindow(): Promise<void> {
  // The dialogs sit over the window, which is made after the app (a window without an app to talk
  // to would show nothing): they find the window when asked.
  lead = await createApp({
    dataDir: dataDir(),
    schedule: true,
    isOnline: () => net.isOnline(),
    chooseSaveFile: nativeSaveDialog(() => mainWindow),
    pickFile: pickCsvFile
  })
  const logger = lead.logger
  guardProcess((message, err) => logger.error(message, err))

  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    title: 'Lead Manager',
    icon: join(__dirname, '../../resources/icon.png'),
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // Middle-click would open links in a new window, around setWindowOpenHandler's checks.
      disableBlinkFeatures: 'Auxclick'
    }
  })
  mainWindow = window
  window.on('closed', () => (mainWindow = null))

  // Nothing but the app's own page, ever: no navigation, no new windows, no permissions.
  window.webContents.on('will-navigate', (event) => event.preventDefault())
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url))
      shell.openExternal(url).catch((err: unknown) => logger.warn(`could not open ${url}`, err))
    return { action: 'deny' }
  })
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] }
    })
  })

  const devUrl = process.env.ELECTRON_RENDERER_URL
  const rendererUrl = devUrl ?? pathToFileURL(join(__dirname, '../renderer/index.html')).href
  const stopIpc = serveIpc(
    lead.dispatch,
    lead.events,
    window,
    devUrl ?? pathToFileURL(join(__dirname, '../renderer')).href
  )
  window.on('closed', stopIpc)
  window.once('ready-to-show', () => window.show())
  await window.loadURL(rendererUrl)
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault())
})

void app
  .whenReady()
  .then(openWindow)
  .catch((err: unknown) => {
    // The details for whoever reads the terminal; plain words in a dialog for the user.
    console.error('Lead Manager could not start:', err)
    dialog.showErrorBox('Lead Manager could not start', describeStartupError(err, dataDir()))
    app.exit(1)
  })

app.on('window-all-closed', () => {
  void (lead?.close() ?? Promise.resolve())
    .catch((err: unknown) => lead?.logger.error('could not close cleanly', err))
    .finally(() => app.quit())
})
