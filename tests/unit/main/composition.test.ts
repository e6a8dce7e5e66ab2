// The shell as electron/main/index.ts puts it together, around the real core: one launch, followed step by step.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { SupportCore } from '../../../electron/core/support-core'
import { ipcChannel } from '../../../shared/ipc/contract'
import { appEvents, electron, FakeTray, FakeWindow } from './shell-fakes'

vi.mock('electron', async () => (await import('./shell-fakes')).electron)
vi.mock('../../../electron/main/main-window', async () => {
  const { FakeWindow } = await import('./shell-fakes')
  return { createMainWindow: () => new FakeWindow().asBrowserWindow() }
})
// electron-store loads the real 'electron' package, which is only a launcher here.
vi.mock('../../../electron/main/electron-preferences-store', async () => ({
  ElectronPreferencesStore: (await import('../../../electron/core/preferences/preferences-service')).MemoryPreferencesStore,
}))
vi.mock('../../../electron/core/support-core', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../electron/core/support-core')>()
  return { ...actual, createSupportCore: vi.fn(actual.createSupportCore) }
})

const { createSupportCore } = await import('../../../electron/core/support-core')

const launchLink = 'tidbcloud-support://ticket/SUP-1042'
let userData = ''
const argv = process.argv

function core(): SupportCore {
  const result = vi.mocked(createSupportCore).mock.results[0]
  if (result?.type !== 'return') throw new Error('core was not created')
  return result.value
}

function mainWindow(): FakeWindow {
  const window = FakeWindow.created.at(-1)
  if (!window) throw new Error('no window')
  return window
}

function tray(): FakeTray {
  const [created] = FakeTray.created
  if (!created) throw new Error('no tray')
  return created
}

describe('the Electron shell', () => {
  beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'support-shell-'))
    electron.app.getPath.mockReturnValue(userData)
    process.argv = [process.execPath, 'out/main/index.js', '--enable-logging', launchLink]
    await import('../../../electron/main/index')
  })

  afterAll(async () => {
    process.argv = argv
    await core().close()
    rmSync(userData, { recursive: true, force: true })
  })

  it('registers for links, and starts with a window, a tray and the badge', async () => {
    expect(electron.app.setAsDefaultProtocolClient).toHaveBeenCalledExactlyOnceWith('tidbcloud-support')
    expect(FakeWindow.created).toHaveLength(1)
    expect(tray().image).toBe(join('/app', 'resources', 'tray', 'tray.png'))
    const options = vi.mocked(createSupportCore).mock.calls[0]![0]
    expect(options.preferences).toBeDefined()
    expect(options.notifier).toBeDefined()
    await vi.waitFor(() => expect(electron.app.setBadgeCount).toHaveBeenCalledWith(0))
    expect(tray().tooltip).toBe('TiDB Cloud Support')
  })

  it('opens the link it was launched with once the page has loaded, and only that argument', async () => {
    mainWindow().finishLoading()
    await vi.waitFor(() =>
      expect(mainWindow().sentEvents()).toContainEqual({ event: 'app.navigate', payload: { to: 'tickets', search: 'SUP-1042' } }),
    )
    expect(mainWindow().sentEvents().filter((message) => JSON.stringify(message).includes('app.navigate'))).toHaveLength(1)
  })

  it("routes a second launch's link into this instance", () => {
    appEvents.emit('second-instance', {}, [process.execPath, 'tidbcloud-support://new?kind=technical'], '/')
    expect(mainWindow().sentEvents()).toContainEqual({ event: 'app.navigate', payload: { to: 'new-ticket', kind: 'technical' } })
  })

  it('keeps running in the tray when the window is closed, once the user chose that', async () => {
    await core().dispatch('preferences.update', { closeToTray: true })
    expect(mainWindow().close()).toBe(false)
    expect(mainWindow().visible).toBe(false)
    tray().emit('click')
    expect(mainWindow().visible).toBe(true)
  })

  it('pauses notifications from the tray, then offers Resume', async () => {
    expect(tray().item('Resume notifications').enabled).toBe(false)
    tray().choose('Pause notifications for 1 hour')
    await vi.waitFor(() => expect(tray().item('Resume notifications').enabled).toBe(true))
    expect(mainWindow().webContents.send).toHaveBeenCalledWith(ipcChannel.event, expect.objectContaining({ event: 'preferences.changed' }))
  })

  it('closes and quits when the user turned the tray off', async () => {
    await core().dispatch('preferences.update', { closeToTray: false })
    expect(mainWindow().close()).toBe(true)
    appEvents.emit('window-all-closed')
    // macOS apps stay in the Dock with no window.
    expect(electron.app.quit).toHaveBeenCalledTimes(process.platform === 'darwin' ? 0 : 1)
  })

  it('closes the window on quit even when the app lives in the tray, and closes core', async () => {
    await core().dispatch('preferences.update', { closeToTray: true })
    appEvents.emit('activate')
    expect(FakeWindow.created).toHaveLength(2)
    appEvents.emit('before-quit')
    expect(mainWindow().close()).toBe(true)

    const close = vi.spyOn(core(), 'close')
    appEvents.emit('will-quit')
    expect(close).toHaveBeenCalledOnce()
  })
})
