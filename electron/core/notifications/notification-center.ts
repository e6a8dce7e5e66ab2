import { TICKET_STATUSES } from '../../../shared/domain/ticket'
import type { Change } from '../../../shared/schemas/ticket'
import type { Preferences } from '../../../shared/schemas/preferences'
import type { AccountDatabase } from '../database/account-database'
import { TicketStore } from '../tickets/ticket-store'
import { decideNotifications, type DesktopNotification, type SupportActivity } from './notification-policy'

export interface UnreadTicket {
  ticketId: string
  key: string | null
  summary: string
}

/** What the shell does with the center's decisions: Electron notifications, the badge and the tray menu. */
export interface DesktopNotifier {
  show(notification: DesktopNotification): void
  /** The unread count and the five most recent unread tickets. */
  showUnread(count: number, recent: UnreadTicket[]): void
}

export interface NotificationCenterOptions {
  notifier: DesktopNotifier
  preferences: () => Preferences
  /** The open account's cache and user, or null when signed out. */
  account: () => { db: AccountDatabase; userId: string } | null
  now?: () => Date
  timeZone?: () => string
}

const SUPPORT_ROLES = new Set(['engineer', 'admin', 'tam'])
const RECENT_UNREAD = 5
const BREACH_NOTIFIED = 'breach-notified:'

/**
 * Turns what sync brought in into at most one notification per round, following the user's preferences
 * (the policy itself is plain functions in notification-policy.ts). Holds what arrives in quiet hours or a
 * pause, and watches open tickets for missed first-response targets.
 */
export class NotificationCenter {
  private held: SupportActivity[] = []
  private readonly now: () => Date
  private readonly timeZone: () => string

  constructor(private readonly options: NotificationCenterOptions) {
    this.now = options.now ?? (() => new Date())
    this.timeZone = options.timeZone ?? (() => Intl.DateTimeFormat().resolvedOptions().timeZone)
  }

  /** A page of changes was stored. The first sync of an account is history, not news. */
  pulled(changes: Change[], initial: boolean): void {
    const account = this.options.account()
    if (!account) return
    if (!initial) this.decide(this.activitiesIn(changes, account))
    this.refreshUnread()
  }

  /** The clock moved (every minute): release what quiet hours held, and notice missed targets. */
  tick(): void {
    const account = this.options.account()
    if (!account) return
    this.decide(this.breaches(account))
  }

  refreshUnread(): void {
    const account = this.options.account()
    if (!account) {
      this.options.notifier.showUnread(0, [])
      return
    }
    const store = new TicketStore(account.db)
    this.options.notifier.showUnread(store.unreadTotal(), store.recentUnread(RECENT_UNREAD))
  }

  /** Signed out or switched accounts: what was held belonged to the old one. */
  reset(): void {
    this.held = []
    this.refreshUnread()
  }

  private decide(activities: SupportActivity[]): void {
    const account = this.options.account()
    if (!account) return
    const preferences = this.options.preferences()
    const decision = decideNotifications(activities, this.held, {
      preferences: preferences.notifications,
      now: this.now(),
      userId: account.userId,
      timeZone: this.timeZone(),
      language: preferences.language,
    })
    this.held = decision.held
    for (const notification of decision.show) this.options.notifier.show(notification)
  }

  private activitiesIn(changes: Change[], account: { db: AccountDatabase; userId: string }): SupportActivity[] {
    const store = new TicketStore(account.db)
    const activities: SupportActivity[] = []
    const repliedTickets = new Set<string>()
    const about = (ticketId: string) => {
      const ticket = store.get(ticketId)
      // Only the user's own requests notify; colleagues' tickets in the same organization do not.
      return ticket && ticket.requesterId === account.userId
        ? { ticketId, ticketKey: ticket.key, summary: ticket.summary, severity: ticket.severity }
        : null
    }
    for (const change of changes) {
      if (change.entity === 'comment') {
        const { comment } = change
        const ticket = about(comment.ticketId)
        if (!ticket || comment.visibility !== 'public' || !SUPPORT_ROLES.has(comment.authorRole)) continue
        activities.push({ ...ticket, kind: 'reply', body: comment.body, actorId: comment.authorId, at: comment.createdAt })
        repliedTickets.add(comment.ticketId)
      } else if (change.entity === 'history' && change.history.field === 'status' && change.history.to) {
        const { history } = change
        const ticket = about(history.ticketId)
        const status = TICKET_STATUSES.find((candidate) => candidate === history.to)
        // Filing is the user's own act; only later moves are news.
        if (!ticket || history.from === null || !status) continue
        activities.push({ ...ticket, kind: 'status', status, actorId: history.actorId, at: history.at })
      }
    }
    // A reply moves the ticket to "waiting for you" as well: the reply says it all.
    return activities.filter((activity) => activity.kind !== 'status' || !repliedTickets.has(activity.ticketId))
  }

  private breaches(account: { db: AccountDatabase; userId: string }): SupportActivity[] {
    const now = this.now().toISOString()
    const store = new TicketStore(account.db)
    const activities: SupportActivity[] = []
    for (const ticket of store.awaitingFirstResponse(account.userId, now)) {
      const key = `${BREACH_NOTIFIED}${ticket.id}`
      const known = account.db.prepare('SELECT 1 FROM sync_state WHERE key = ?').get(key)
      if (known) continue
      account.db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?)').run(key, now)
      activities.push({
        ticketId: ticket.id,
        ticketKey: ticket.key,
        summary: ticket.summary,
        severity: ticket.severity,
        kind: 'breach',
        // The help center's clock, not a person: never the user's own action.
        actorId: '',
        at: ticket.firstResponseDueAt ?? now,
      })
    }
    return activities
  }
}
