import { app, Menu, Tray, type MenuItemConstructorOptions } from 'electron'
import { join } from 'node:path'
import type { UnreadTicket } from '../core/notifications/notification-center'
import type { ShellActions } from './shell-actions'

const APP_NAME = 'TiDB Cloud Support'
const LABEL_LENGTH = 60

/** macOS tints a "Template" image for light and dark menu bars; elsewhere the coloured one shows. @2x is picked up by name. */
export function trayIconFile(resourcesDir: string, platform: NodeJS.Platform = process.platform): string {
  return join(resourcesDir, 'tray', platform === 'darwin' ? 'trayTemplate.png' : 'tray.png')
}

export type TrayActions = Pick<ShellActions, 'open' | 'pauseNotifications' | 'notificationsPaused'>

/** The tray icon: the unread count in its tooltip, and a menu to reach the app while its window is closed. */
export class SupportTray {
  private readonly tray: Tray
  private count = 0
  private recent: UnreadTicket[] = []

  constructor(
    icon: string,
    private readonly actions: TrayActions,
  ) {
    this.tray = new Tray(icon)
    // Ignored where the tray is an app indicator (some Linux desktops): the menu's Open does the same.
    this.tray.on('click', () => actions.open())
    this.refresh()
  }

  update(count: number, recent: UnreadTicket[]): void {
    this.count = count
    this.recent = recent
    this.refresh()
  }

  /** Rebuilds tooltip and menu; also when preferences change, since the menu shows whether notifications are paused. */
  refresh(): void {
    if (this.tray.isDestroyed()) return
    this.tray.setToolTip(this.count > 0 ? `${APP_NAME}: ${this.count} unread` : APP_NAME)
    // Linux only picks up a changed menu when it is set again, so it is always built anew.
    this.tray.setContextMenu(Menu.buildFromTemplate(this.template()))
  }

  private template(): MenuItemConstructorOptions[] {
    const { actions } = this
    const paused = actions.notificationsPaused()
    const unread: MenuItemConstructorOptions[] =
      this.recent.length > 0
        ? this.recent.map((ticket) => ({
            label: menuLabel(ticket.key ? `${ticket.key} ${ticket.summary}` : ticket.summary),
            click: () => actions.open({ to: 'ticket', ticketId: ticket.ticketId }),
          }))
        : [{ label: 'No unread replies', enabled: false }]
    return [
      { label: `Open ${APP_NAME}`, click: () => actions.open() },
      { label: 'New ticket', click: () => actions.open({ to: 'new-ticket' }) },
      { type: 'separator' },
      ...unread,
      { type: 'separator' },
      { label: 'Pause notifications for 1 hour', click: () => actions.pauseNotifications('1h') },
      { label: 'Pause notifications until tomorrow', click: () => actions.pauseNotifications('tomorrow') },
      { label: 'Resume notifications', enabled: paused, click: () => actions.pauseNotifications('resume') },
      { type: 'separator' },
      { label: 'Quit', click: () => app.quit() },
    ]
  }
}

/** Summaries are the user's text: shortened, and '&' doubled where Windows and Linux would take it for a mnemonic. */
function menuLabel(text: string): string {
  const short = text.length > LABEL_LENGTH ? `${text.slice(0, LABEL_LENGTH - 1)}…` : text
  return process.platform === 'darwin' ? short : short.replaceAll('&', '&&')
}
