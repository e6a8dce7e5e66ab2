import { pathToFileURL } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { COMMAND_NAMES, ipcChannel } from '../../../shared/ipc/contract'
import type { SupportCore } from '../../../electron/core/support-core'

type Handler = (event: unknown, payload: unknown) => unknown
const handlers = vi.hoisted(() => new Map<string, Handler>())
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}))

const { bindCommands } = await import('../../../electron/main/ipc-binding')

const rendererFile = '/app/out/renderer/index.html'
const topFrame = (url: string) => ({ senderFrame: { url, parent: null } })

function fakeCore() {
  const dispatch = vi.fn(async () => ({ ok: true as const, value: 'handled' }))
  return { core: { dispatch } as unknown as SupportCore, dispatch }
}

describe('IPC binding', () => {
  it('binds a handler for every command of the contract', () => {
    const unbind = bindCommands(fakeCore().core, { rendererFile })
    expect([...handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(ipcChannel.command).sort())
    unbind()
    expect(handlers.size).toBe(0)
  })

  it('forwards calls from the app page to core', async () => {
    const { core, dispatch } = fakeCore()
    const unbind = bindCommands(core, { rendererFile })
    const handler = handlers.get(ipcChannel.command('session.get'))!
    await expect(handler(topFrame(`${pathToFileURL(rendererFile).href}#/tickets`), {})).resolves.toEqual({
      ok: true,
      value: 'handled',
    })
    expect(dispatch).toHaveBeenCalledWith('session.get', {})
    unbind()
  })

  it('refuses other pages, sub-frames and destroyed frames without reaching core', async () => {
    const { core, dispatch } = fakeCore()
    const unbind = bindCommands(core, { rendererFile })
    const handler = handlers.get(ipcChannel.command('session.signOut'))!
    const trustedUrl = pathToFileURL(rendererFile).href
    for (const event of [
      topFrame('https://evil.example/'),
      { senderFrame: { url: trustedUrl, parent: { url: 'https://evil.example/' } } },
      { senderFrame: null },
    ]) {
      expect(await handler(event, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    expect(dispatch).not.toHaveBeenCalled()
    unbind()
  })
})
