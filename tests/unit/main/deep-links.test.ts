import { resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { ipcChannel } from '../../../shared/ipc/contract'
import { MemorySecretStore } from '../../../electron/core/secrets/secret-store'
import { createSupportCore } from '../../../electron/core/support-core'
import { useTempDir } from '../../support/temp-dir'
import { appEvents, electron, fakeCore, fakeShell, resetFakeElectron, startedShell } from './shell-fakes'

vi.mock('electron', async () => (await import('./shell-fakes')).electron)

const { deepLinkIn, listenForDeepLinks, registerDeepLinkProtocol } = await import('../../../electron/main/deep-links')
const { forwardEvents } = await import('../../../electron/main/ipc-binding')

const link = 'tidbcloud-support://ticket/SUP-1042'

/** The running first instance, listening for links as index.ts has it listen. */
function firstInstance() {
  const shell = startedShell()
  listenForDeepLinks(shell.actions)
  return shell
}

/** What the OS hands the first instance when a second one starts: Chromium's switches around the user's arguments. */
function secondInstanceArgv(...args: string[]): string[] {
  return ['/opt/TiDB Cloud Support/tidbcloud-support', '--allow-file-access-from-files', ...args, '--original-process-start-time=13370000000000000']
}

describe('deep links in the shell', () => {
  beforeEach(resetFakeElectron)

  it('finds our link among the arguments and nothing else', () => {
    expect(deepLinkIn(secondInstanceArgv(link))).toBe(link)
    expect(deepLinkIn(secondInstanceArgv('https://evil.example/', '--inspect=9229'))).toBeNull()
    expect(deepLinkIn(['tidbcloud-support:ticket/SUP-1', 'xtidbcloud-support://ticket/SUP-1'])).toBeNull()
  })

  it('focuses the first instance and hands core exactly the link a second launch carried', () => {
    const { windows, core } = firstInstance()
    windows[0]!.close()

    appEvents.emit('second-instance', {}, secondInstanceArgv('--no-sandbox', link), '/home/aiko')

    expect(windows[0]!.visible).toBe(true)
    expect(windows[0]!.focus).toHaveBeenCalled()
    expect(core.openDeepLink).toHaveBeenCalledExactlyOnceWith(link)
    expect(core.navigate).not.toHaveBeenCalled()
  })

  it('only focuses the window when a second launch carries no link', () => {
    const { windows, core } = firstInstance()
    windows[0]!.minimized = true

    appEvents.emit('second-instance', {}, secondInstanceArgv('https://help.example.com/ticket/1', '--flag'), '/home/aiko')

    expect(windows[0]!.restore).toHaveBeenCalled()
    expect(core.openDeepLink).not.toHaveBeenCalled()
    expect(core.navigate).not.toHaveBeenCalled()
    expect(core.dispatch).not.toHaveBeenCalled()
  })

  it("routes macOS's open-url, and ignores other schemes", () => {
    const { core } = firstInstance()
    const preventDefault = vi.fn()
    appEvents.emit('open-url', { preventDefault }, 'tidbcloud-support://new?org=org_1&kind=technical')
    appEvents.emit('open-url', { preventDefault }, 'mailto:support@example.com')
    expect(preventDefault).toHaveBeenCalledTimes(2)
    expect(core.openDeepLink).toHaveBeenCalledExactlyOnceWith('tidbcloud-support://new?org=org_1&kind=technical')
  })

  it('holds a link that arrives while core is starting, and opens it once core has started and the page loaded', () => {
    const { windows, windowHost, actions } = fakeShell()
    listenForDeepLinks(actions)
    appEvents.emit('open-url', { preventDefault: vi.fn() }, link)
    const core = fakeCore()
    windowHost.show()
    actions.attach(core)
    expect(core.openDeepLink).not.toHaveBeenCalled()
    windows[0]!.finishLoading()
    expect(core.openDeepLink).toHaveBeenCalledExactlyOnceWith(link)
  })

  describe('with the real core', () => {
    const tempDir = useTempDir()

    it('shows an error for a malformed link and goes nowhere, and follows a good one', () => {
      const { windows, windowHost, actions } = fakeShell()
      listenForDeepLinks(actions)
      const core = createSupportCore({ userDataDir: tempDir(), secrets: new MemorySecretStore() })
      onTestFinished(() => core.close())
      forwardEvents(core, () => windowHost.current())
      windowHost.show()
      windows[0]!.finishLoading()
      actions.attach(core)

      appEvents.emit('second-instance', {}, secondInstanceArgv('tidbcloud-support://ticket/DROP TABLE tickets'), '/')
      appEvents.emit('second-instance', {}, secondInstanceArgv('tidbcloud-support://new?org=org_7&cluster=cl-9&kind=technical'), '/')

      const sent = windows[0]!.webContents.send.mock.calls.map(([channel, message]) => ({ channel, message }))
      expect(sent).toEqual([
        { channel: ipcChannel.event, message: { event: 'app.notice', payload: { level: 'error', message: expect.stringContaining('ticket/SUP-1042') } } },
        {
          channel: ipcChannel.event,
          message: { event: 'app.navigate', payload: { to: 'new-ticket', kind: 'technical', organizationId: 'org_7', clusterId: 'cl-9' } },
        },
      ])
    })
  })

  describe('registering the protocol', () => {
    const argv = process.argv

    afterEach(() => {
      process.argv = argv
      Reflect.deleteProperty(process, 'defaultApp')
    })

    it('registers the packaged app as it is', () => {
      registerDeepLinkProtocol()
      expect(electron.app.setAsDefaultProtocolClient).toHaveBeenCalledExactlyOnceWith('tidbcloud-support')
    })

    it('tells the OS which script to run when started with `electron .`', () => {
      Object.defineProperty(process, 'defaultApp', { value: true, configurable: true })
      process.argv = [process.execPath, 'out/main/index.js']
      registerDeepLinkProtocol()
      expect(electron.app.setAsDefaultProtocolClient).toHaveBeenCalledExactlyOnceWith('tidbcloud-support', process.execPath, [
        resolve('out/main/index.js'),
      ])
    })
  })
})
