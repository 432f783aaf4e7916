import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type LeadManagerBridge } from '../shared/bridge'

// Only the typed contract crosses: never ipcRenderer itself, never a Node API.
const bridge: LeadManagerBridge = {
  invoke: (method, input) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, input),
  onEvent: (listener) => {
    const handler = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (typeof name === 'string') listener(name, payload)
    }
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler)
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler)
  }
}

contextBridge.exposeInMainWorld('leadManager', bridge)
