import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { ipcChannel, isCommandName, type SupportBridge } from '../../shared/ipc/contract'

/** The renderer's only door to the app: typed commands out, named events in. */
const support: SupportBridge = {
  invoke(command, input) {
    if (!isCommandName(command)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'invalid_input', message: 'Unknown command', fields: { command: 'Unknown command' } },
      })
    }
    return ipcRenderer.invoke(ipcChannel.command(command), input)
  },
  on(event, listener) {
    const forward = (_event: IpcRendererEvent, message: { event: string; payload: never }) => {
      if (message.event === event) listener(message.payload)
    }
    ipcRenderer.on(ipcChannel.event, forward)
    return () => ipcRenderer.removeListener(ipcChannel.event, forward)
  },
}

contextBridge.exposeInMainWorld('support', support)
