import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { COMMAND_NAMES, ipcChannel, type IpcResult } from '../../shared/ipc/contract'
import type { SupportCore } from '../core/support-core'
import { isTrustedRendererUrl, type TrustedRenderer } from '../core/ipc/sender-policy'

const UNTRUSTED_SENDER: IpcResult<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This page may not talk to TiDB Cloud Support.' },
}

/** Binds every command of the contract to core, after checking who is asking. */
export function bindCommands(core: SupportCore, trusted: TrustedRenderer): () => void {
  for (const command of COMMAND_NAMES) {
    ipcMain.handle(ipcChannel.command(command), (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame
      if (!frame || frame.parent !== null || !isTrustedRendererUrl(frame.url, trusted)) return UNTRUSTED_SENDER
      return core.dispatch(command, payload)
    })
  }
  return () => {
    for (const command of COMMAND_NAMES) ipcMain.removeHandler(ipcChannel.command(command))
  }
}

/** Core's events go to the window's renderer, whichever page state it is in. */
export function forwardEvents(core: SupportCore, window: () => BrowserWindow | null): () => void {
  return core.onEvent((event, payload) => {
    const target = window()
    if (target && !target.isDestroyed()) target.webContents.send(ipcChannel.event, { event, payload })
  })
}
