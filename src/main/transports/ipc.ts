import { ipcMain, type BrowserWindow, type WebFrameMain } from 'electron'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/bridge'
import type { RpcResult } from '../../shared/contract/errors'
import type { EventBus } from '../events'
import type { Dispatch } from '../rpc'

/** One channel for every method: the router does the rest, exactly as over HTTP. */
export function serveIpc(dispatch: Dispatch, events: EventBus, window: BrowserWindow, rendererUrl: string): () => void {
  const trusted = (frame: WebFrameMain | null): boolean =>
    frame !== null && frame === window.webContents.mainFrame && frame.url.startsWith(rendererUrl)

  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method: unknown, input: unknown): Promise<RpcResult<unknown>> => {
    if (!trusted(event.senderFrame)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the app window.' } }
    }
    return dispatch(method, input).catch((): RpcResult<unknown> => ({
      ok: false,
      error: { code: 'INTERNAL', message: 'The app failed to answer; try again.' }
    }))
  })
  const unsubscribe = events.subscribe((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, name, payload)
  })
  return () => {
    unsubscribe()
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL)
  }
}
