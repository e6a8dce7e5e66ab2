import { app, Notification } from 'electron'
import type { Navigation } from '../../shared/schemas/preferences'
import type { DesktopNotifier, UnreadTicket } from '../core/notifications/notification-center'
import type { DesktopNotification } from '../core/notifications/notification-policy'

export interface ElectronNotifierOptions {
  /** Brings the window forward at the notification's target. */
  open: (target: Navigation) => void
  /** The tray's tooltip and menu follow the unread tickets. */
  unread: { update(count: number, recent: UnreadTicket[]): void }
}

/** Shows what core decided, as it is: what to notify and when is core's policy, not the shell's. */
export class ElectronNotifier implements DesktopNotifier {
  // A notification nobody references is collected, and its click handler with it.
  private readonly shown = new Set<Notification>()

  constructor(private readonly options: ElectronNotifierOptions) {}

  show(notification: DesktopNotification): void {
    if (!Notification.isSupported()) return
    const native = new Notification({ title: notification.title, body: notification.body, silent: notification.silent })
    this.shown.add(native)
    const release = () => this.shown.delete(native)
    native.once('click', () => {
      release()
      this.options.open(notification.target)
    })
    native.once('close', release)
    native.once('failed', release)
    native.show()
  }

  showUnread(count: number, recent: UnreadTicket[]): void {
    // False where there is no badge (Windows, Linux docks without the LauncherEntry API): the tray still shows it.
    app.setBadgeCount(count)
    this.options.unread.update(count, recent)
  }
}
