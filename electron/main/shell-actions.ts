import type { CommandInput } from '../../shared/ipc/contract'
import type { Navigation } from '../../shared/schemas/preferences'
import { isPaused } from '../core/notifications/notification-policy'
import type { SupportCore } from '../core/support-core'
import type { WindowHost } from './window-host'

export type PauseChoice = CommandInput<'notifications.pause'>['pause']

/** The part of core that the tray, notifications and deep links reach. */
export type ShellCore = Pick<SupportCore, 'dispatch' | 'navigate' | 'openDeepLink' | 'preferences'>

/**
 * What the tray, notification clicks and deep links ask of the app. They exist before core has started,
 * so core is attached later; a link that arrives in the meantime (the first launch's own) waits for it.
 */
export class ShellActions {
  private core: ShellCore | null = null
  private pendingLink: string | null = null

  constructor(private readonly windows: WindowHost) {}

  /** Core has started, so a ticket key in a link can be looked up in the open account's cache. */
  attach(core: ShellCore): void {
    this.core = core
    const link = this.pendingLink
    this.pendingLink = null
    if (link) this.openDeepLink(link)
  }

  /** Brings the window forward and, given a target, goes there. */
  open(target?: Navigation): void {
    const core = this.core
    this.windows.show(target && core ? () => core.navigate(target) : undefined)
  }

  openDeepLink(link: string): void {
    const core = this.core
    if (!core) {
      this.pendingLink = link
      return
    }
    this.windows.show(() => core.openDeepLink(link))
  }

  pauseNotifications(pause: PauseChoice): void {
    void this.core?.dispatch('notifications.pause', { pause })
  }

  notificationsPaused(): boolean {
    return this.core ? isPaused(this.core.preferences().notifications, new Date()) : false
  }

  closeToTray(): boolean {
    return this.core?.preferences().closeToTray ?? false
  }
}
