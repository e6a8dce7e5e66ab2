import { describe, expect, it, vi } from 'vitest'
import { appEvents, electron, FakeTray, FakeWindow } from './shell-fakes'

vi.mock('electron', async () => (await import('./shell-fakes')).electron)
// electron-store loads the real 'electron' package, which is only a launcher here.
vi.mock('../../../electron/main/electron-preferences-store', () => ({ ElectronPreferencesStore: class {} }))

describe('a second launch', () => {
  it('quits at once, leaving its arguments to the running instance', async () => {
    electron.app.requestSingleInstanceLock.mockReturnValueOnce(false)
    await import('../../../electron/main/index')

    expect(electron.app.quit).toHaveBeenCalledOnce()
    expect(electron.app.whenReady).not.toHaveBeenCalled()
    expect(electron.app.setAsDefaultProtocolClient).not.toHaveBeenCalled()
    expect(appEvents.eventNames()).toEqual([])
    expect(FakeWindow.created).toHaveLength(0)
    expect(FakeTray.created).toHaveLength(0)
  })
})
