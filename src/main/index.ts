import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, dialog, session, shell } from 'electron'
import { createApp, resolveDataDir, type App } from './app-context'
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

async function openWindow(): Promise<void> {
  const dataDir = resolveDataDir(argValue('--data-dir'), join(app.getPath('userData'), 'data'))
  lead = await createApp({ dataDir, schedule: true, pickFile: pickCsvFile })

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
      spellcheck: false
    }
  })
  mainWindow = window
  window.on('closed', () => (mainWindow = null))

  // Nothing but the app's own page, ever: no navigation, no new windows, no permissions.
  window.webContents.on('will-navigate', (event) => event.preventDefault())
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url)
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
    lead.ctx.events,
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
    console.error('Lead Manager could not start:', err)
    app.exit(1)
  })

app.on('window-all-closed', () => {
  void (lead?.close() ?? Promise.resolve()).finally(() => app.quit())
})
