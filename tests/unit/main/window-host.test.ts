import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeShell, resetFakeElectron } from './shell-fakes'

vi.mock('electron', async () => (await import('./shell-fakes')).electron)

function host(closeToTray: boolean) {
  const preference = { closeToTray }
  const { windowHost, windows } = fakeShell(() => preference.closeToTray)
  return { windowHost, windows, preference }
}

describe('WindowHost', () => {
  beforeEach(resetFakeElectron)

  it('hides the window instead of closing it when the user keeps the app in the tray', () => {
    const { windowHost, windows } = host(true)
    windowHost.show()
    const [window] = windows
    expect(window!.close()).toBe(false)
    expect(window!.visible).toBe(false)
    expect(windowHost.current()).toBe(window)

    windowHost.show()
    expect(window!.show).toHaveBeenCalled()
    expect(window!.focus).toHaveBeenCalled()
    expect(windows).toHaveLength(1)
  })

  it('closes the window when the preference is off, and reads the preference at each close', () => {
    const { windowHost, windows, preference } = host(true)
    windowHost.show()
    preference.closeToTray = false
    expect(windows[0]!.close()).toBe(true)
    expect(windows[0]!.hide).not.toHaveBeenCalled()
    expect(windowHost.current()).toBeNull()

    windowHost.show()
    expect(windows).toHaveLength(2)
  })

  it('lets the window close once the app is quitting, even with the tray preference on', () => {
    const { windowHost, windows } = host(true)
    windowHost.show()
    windowHost.quit()
    expect(windows[0]!.close()).toBe(true)
  })

  it('lets a Windows shutdown close the window', () => {
    const { windowHost, windows } = host(true)
    windowHost.show()
    windows[0]!.emit('session-end')
    expect(windows[0]!.close()).toBe(true)
  })

  it('restores a minimised window', () => {
    const { windowHost, windows } = host(true)
    windowHost.show()
    windows[0]!.minimized = true
    windowHost.show()
    expect(windows[0]!.restore).toHaveBeenCalled()
    expect(windows[0]!.minimized).toBe(false)
  })

  it('runs what waits for the page once it has loaded, and at once after that', () => {
    const { windowHost, windows } = host(true)
    const first = vi.fn()
    windowHost.show(first)
    expect(first).not.toHaveBeenCalled()
    windows[0]!.finishLoading()
    expect(first).toHaveBeenCalledOnce()

    const second = vi.fn()
    windowHost.show(second)
    expect(second).toHaveBeenCalledOnce()
  })

  it('waits again for a window opened after the last one closed', () => {
    const { windowHost, windows } = host(false)
    windowHost.show()
    windows[0]!.finishLoading()
    windows[0]!.close()

    const action = vi.fn()
    windowHost.show(action)
    expect(windows).toHaveLength(2)
    expect(action).not.toHaveBeenCalled()
    windows[1]!.finishLoading()
    expect(action).toHaveBeenCalledOnce()
  })
})
