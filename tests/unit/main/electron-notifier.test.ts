import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { DesktopNotification } from '../../../electron/core/notifications/notification-policy'
import { electron, FakeNotification, resetFakeElectron, startedShell } from './shell-fakes'

vi.mock('electron', async () => (await import('./shell-fakes')).electron)

const { ElectronNotifier } = await import('../../../electron/main/electron-notifier')

const ticketId = '0b6f3f5e-8a51-4c1e-9a53-5d2e7c1f4a10'
const reply: DesktopNotification = {
  title: 'New reply on SUP-1042: Slow queries after upgrade',
  body: 'We looked at the slow query log and…',
  silent: false,
  target: { to: 'ticket', ticketId },
}

function shell() {
  const started = startedShell()
  const unread = { update: vi.fn() }
  const notifier = new ElectronNotifier({ open: (target) => started.actions.open(target), unread })
  return { ...started, unread, notifier }
}

describe('ElectronNotifier', () => {
  beforeEach(resetFakeElectron)

  it('shows what core decided, as it is', () => {
    const { notifier } = shell()
    notifier.show({ ...reply, silent: true })
    expect(FakeNotification.created).toHaveLength(1)
    const [shown] = FakeNotification.created
    expect(shown!.options).toEqual({ title: reply.title, body: reply.body, silent: true })
    expect(shown!.shown).toBe(true)
  })

  it('brings a window hidden in the tray back and opens the ticket when the notification is clicked', () => {
    const { notifier, windows, core } = shell()
    const [window] = windows
    window!.close()
    expect(window!.visible).toBe(false)

    notifier.show(reply)
    expect(core.navigate).not.toHaveBeenCalled()
    FakeNotification.created[0]!.emit('click')

    expect(window!.visible).toBe(true)
    expect(window!.focus).toHaveBeenCalled()
    expect(core.navigate).toHaveBeenCalledExactlyOnceWith({ to: 'ticket', ticketId })
  })

  it('restores a minimised window on click', () => {
    const { notifier, windows } = shell()
    windows[0]!.minimized = true
    notifier.show(reply)
    FakeNotification.created[0]!.emit('click')
    expect(windows[0]!.restore).toHaveBeenCalled()
  })

  it('opens a new window when the last one was closed, and routes once its page has loaded', () => {
    const { notifier, windows, windowHost, core } = shell()
    windowHost.quit()
    windows[0]!.close()

    notifier.show(reply)
    FakeNotification.created[0]!.emit('click')
    expect(windows).toHaveLength(2)
    expect(core.navigate).not.toHaveBeenCalled()
    windows[1]!.finishLoading()
    expect(core.navigate).toHaveBeenCalledExactlyOnceWith({ to: 'ticket', ticketId })
  })

  it('shows nothing where the system has no notifications', () => {
    const { notifier } = shell()
    FakeNotification.supported = false
    notifier.show(reply)
    expect(FakeNotification.created).toHaveLength(0)
  })

  it('puts the unread count on the badge and the recent unread tickets in the tray', () => {
    const { notifier, unread } = shell()
    const recent = [{ ticketId, key: 'SUP-1042', summary: 'Slow queries after upgrade' }]
    notifier.showUnread(3, recent)
    expect(electron.app.setBadgeCount).toHaveBeenCalledWith(3)
    expect(unread.update).toHaveBeenCalledWith(3, recent)
  })

  it('keeps the tray up to date where the OS has no badge', () => {
    const { notifier, unread } = shell()
    electron.app.setBadgeCount.mockReturnValueOnce(false)
    notifier.showUnread(0, [])
    expect(electron.app.setBadgeCount).toHaveBeenCalledWith(0)
    expect(unread.update).toHaveBeenCalledWith(0, [])
  })
})
