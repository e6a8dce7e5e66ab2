import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { UnreadTicket } from '../../../electron/core/notifications/notification-center'
import { electron, FakeTray, resetFakeElectron, startedShell } from './shell-fakes'

vi.mock('electron', async () => (await import('./shell-fakes')).electron)

const { SupportTray, trayIconFile } = await import('../../../electron/main/tray')

const recent: UnreadTicket[] = [
  { ticketId: '6a0c1e52-3f4b-4d7e-9a21-0c5b8e7d1f01', key: 'SUP-1046', summary: 'Backup restore stuck at 90%' },
  { ticketId: '6a0c1e52-3f4b-4d7e-9a21-0c5b8e7d1f02', key: 'SUP-1045', summary: 'TiFlash replica lagging' },
  { ticketId: '6a0c1e52-3f4b-4d7e-9a21-0c5b8e7d1f03', key: 'SUP-1044', summary: 'Invoice shows the wrong plan' },
  { ticketId: '6a0c1e52-3f4b-4d7e-9a21-0c5b8e7d1f04', key: 'SUP-1043', summary: 'Connection resets from Lambda' },
  { ticketId: '6a0c1e52-3f4b-4d7e-9a21-0c5b8e7d1f05', key: null, summary: 'Filed offline, not sent yet' },
]

function setup() {
  const started = startedShell()
  const tray = new SupportTray('/app/resources/tray/tray.png', started.actions)
  const [native] = FakeTray.created
  return { ...started, tray, native: native! }
}

describe('SupportTray', () => {
  beforeEach(resetFakeElectron)

  it('lists the five most recent unread tickets and says how many are unread', () => {
    const { tray, native } = setup()
    expect(native.image).toBe('/app/resources/tray/tray.png')
    expect(native.tooltip).toBe('TiDB Cloud Support')
    expect(native.labels()).toContain('No unread replies')

    tray.update(12, recent)
    expect(native.tooltip).toBe('TiDB Cloud Support: 12 unread')
    expect(native.labels()).toEqual([
      'Open TiDB Cloud Support',
      'New ticket',
      'SUP-1046 Backup restore stuck at 90%',
      'SUP-1045 TiFlash replica lagging',
      'SUP-1044 Invoice shows the wrong plan',
      'SUP-1043 Connection resets from Lambda',
      'Filed offline, not sent yet',
      'Pause notifications for 1 hour',
      'Pause notifications until tomorrow',
      'Resume notifications',
      'Quit',
    ])
  })

  it('opens an unread ticket in the window', () => {
    const { tray, native, core, windows } = setup()
    tray.update(5, recent)
    windows[0]!.close()
    native.choose('SUP-1044 Invoice shows the wrong plan')
    expect(windows[0]!.visible).toBe(true)
    expect(core.navigate).toHaveBeenCalledExactlyOnceWith({ to: 'ticket', ticketId: recent[2]!.ticketId })
  })

  it('opens the window, the New ticket form, and quits', () => {
    const { native, core, windows } = setup()
    native.choose('Open TiDB Cloud Support')
    expect(windows[0]!.focus).toHaveBeenCalled()
    expect(core.navigate).not.toHaveBeenCalled()

    native.choose('New ticket')
    expect(core.navigate).toHaveBeenCalledExactlyOnceWith({ to: 'new-ticket' })

    native.choose('Quit')
    expect(electron.app.quit).toHaveBeenCalledOnce()
  })

  it('opens the window when the icon is clicked', () => {
    const { native, windows } = setup()
    windows[0]!.close()
    native.emit('click')
    expect(windows[0]!.visible).toBe(true)
  })

  it('pauses and resumes notifications through core', () => {
    const { native, core } = setup()
    native.choose('Pause notifications for 1 hour')
    native.choose('Pause notifications until tomorrow')
    native.choose('Resume notifications')
    expect(core.dispatch.mock.calls).toEqual([
      ['notifications.pause', { pause: '1h' }],
      ['notifications.pause', { pause: 'tomorrow' }],
      ['notifications.pause', { pause: 'resume' }],
    ])
  })

  it('offers Resume only while notifications are paused', () => {
    const { tray, native, core } = setup()
    expect(native.item('Resume notifications').enabled).toBe(false)

    core.preferences().notifications.pausedUntil = new Date(Date.now() + 3_600_000).toISOString()
    tray.refresh()
    expect(native.item('Resume notifications').enabled).toBe(true)

    core.preferences().notifications.pausedUntil = new Date(Date.now() - 1000).toISOString()
    tray.refresh()
    expect(native.item('Resume notifications').enabled).toBe(false)
  })

  it('shortens long summaries', () => {
    const { tray, native } = setup()
    tray.update(1, [{ ...recent[0]!, summary: 'x'.repeat(200) }])
    const label = native.labels()[2]!
    expect(label.length).toBeLessThanOrEqual(60)
    expect(label.endsWith('…')).toBe(true)
  })

  it('shows an ampersand in a summary as itself, not as a keyboard mnemonic', () => {
    const { tray, native } = setup()
    tray.update(1, [{ ...recent[0]!, key: null, summary: 'Billing & invoices' }])
    // Electron reads '&&' as a literal '&' on Windows and Linux; macOS menus have no mnemonics.
    expect(native.labels()[2]).toBe(process.platform === 'darwin' ? 'Billing & invoices' : 'Billing && invoices')
  })

  it('uses the template image on macOS, which tints it for the menu bar', () => {
    expect(trayIconFile('/app/resources', 'darwin')).toBe(join('/app/resources', 'tray', 'trayTemplate.png'))
    expect(trayIconFile('/app/resources', 'win32')).toBe(join('/app/resources', 'tray', 'tray.png'))
  })
})
