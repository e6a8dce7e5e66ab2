import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { ipcChannel, isCommandName, type SupportBridge } from '../../shared/ipc/contract'

/**
 * Notices that arrive before the page listens for them (a deep link that could not be opened at launch, a
 * problem found while starting) wait here for the first listener instead of being lost.
 */
const waitingNotices: unknown[] = []
let noticeListeners = 0
ipcRenderer.on(ipcChannel.event, (_event: IpcRendererEvent, message: { event: string; payload: unknown }) => {
  if (message.event === 'app.notice' && noticeListeners === 0) waitingNotices.push(message.payload)
})

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
    if (event === 'app.notice') {
      noticeListeners++
      for (const payload of waitingNotices.splice(0)) listener(payload as never)
    }
    return () => {
      ipcRenderer.removeListener(ipcChannel.event, forward)
      if (event === 'app.notice') noticeListeners--
    }
  },
}

contextBridge.exposeInMainWorld('support', support)
