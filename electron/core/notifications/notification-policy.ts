import type { Severity } from '../../../shared/domain/support-plan'
import { SEVERITIES } from '../../../shared/domain/support-plan'
import type { TicketStatus } from '../../../shared/domain/ticket'
import type { Navigation, NotificationPreferences, SupportLanguage } from '../../../shared/schemas/preferences'

/** Something support did on one of the user's tickets, as a sync round brought it in. */
export type SupportActivity = {
  ticketId: string
  ticketKey: string | null
  summary: string
  severity: Severity
  actorId: string
  at: string
} & (
  | { kind: 'reply'; body: string }
  | { kind: 'status'; status: TicketStatus }
  /** The first-response target passed without an answer. */
  | { kind: 'breach' }
)

export interface DesktopNotification {
  title: string
  body: string
  silent: boolean
  /** Where a click takes the user. */
  target: Navigation
}

export interface NotificationContext {
  preferences: NotificationPreferences
  now: Date
  /** The signed-in user: their own actions never notify. */
  userId: string
  /** For quiet hours, which are local times. */
  timeZone: string
  /** The language the user chose for the app. */
  language: SupportLanguage
}

export interface NotificationDecision {
  /** Zero or one notification: a burst becomes one summary, never a flood. */
  show: DesktopNotification[]
  /** Waiting for quiet hours (or a pause) to end; released as a summary afterwards. */
  held: SupportActivity[]
}

const EXCERPT_LENGTH = 140

/** What the user asked to hear about, whatever the time. */
export function wanted(activity: SupportActivity, context: NotificationContext): boolean {
  const { preferences } = context
  if (!preferences.enabled || activity.actorId === context.userId) return false
  if (SEVERITIES.indexOf(activity.severity) > SEVERITIES.indexOf(preferences.minimumSeverity)) return false
  switch (activity.kind) {
    case 'reply':
      return preferences.replies
    case 'status':
      return preferences.statusChanges
    case 'breach':
      return preferences.targetBreaches && preferences.breachSeverities.includes(activity.severity)
  }
}

/** Minutes since local midnight in the given zone. */
function localMinutes(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now)
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0)
  return value('hour') * 60 + value('minute')
}

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number)
  return (hours ?? 0) * 60 + (minutes ?? 0)
}

/** Quiet hours may wrap midnight (22:00-07:00); start is inside, end is not. */
export function inQuietHours(preferences: NotificationPreferences, now: Date, timeZone: string): boolean {
  const { enabled, start, end } = preferences.quietHours
  if (!enabled) return false
  const current = localMinutes(now, timeZone)
  const from = minutesOf(start)
  const to = minutesOf(end)
  if (from === to) return false
  return from < to ? current >= from && current < to : current >= from || current < to
}

export function isPaused(preferences: NotificationPreferences, now: Date): boolean {
  return preferences.pausedUntil !== null && Date.parse(preferences.pausedUntil) > now.getTime()
}

function ticketLabel(activity: SupportActivity): string {
  return activity.ticketKey ? `${activity.ticketKey}: ${activity.summary}` : activity.summary
}

function excerpt(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim()
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text
}

interface NotificationTexts {
  statuses: Record<TicketStatus, string>
  replyTitle: (ticket: string) => string
  statusBody: (status: string) => string
  breachTitle: (severity: Severity) => string
  breachBody: (ticket: string) => string
  replies: (count: number) => string
  statusChanges: (count: number) => string
  breaches: (count: number) => string
  /** The parts of a summary, about one ticket or several. */
  summaryTitle: (parts: string[], onTickets: { ticket: string } | { count: number }) => string
  summaryBody: string
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`

// Native notifications are written here, in the main process, while the window may be closed: the
// renderer's message files cannot be used, so the two languages live beside the code that needs them.
const TEXTS: Record<SupportLanguage, NotificationTexts> = {
  en: {
    statuses: {
      open: 'Open',
      waiting_for_support: 'Waiting for support',
      waiting_for_customer: 'Waiting for you',
      resolved: 'Resolved',
      closed: 'Closed',
    },
    replyTitle: (ticket) => `New reply on ${ticket}`,
    statusBody: (status) => `Status changed to ${status}`,
    breachTitle: (severity) => `${severity} response target passed`,
    breachBody: (ticket) => `${ticket} has had no answer from support yet.`,
    replies: (count) => plural(count, 'new reply', 'new replies'),
    statusChanges: (count) => plural(count, 'status change', 'status changes'),
    breaches: (count) => plural(count, 'missed response target', 'missed response targets'),
    summaryTitle: (parts, on) => `${parts.join(', ')} ${'ticket' in on ? `on ${on.ticket}` : `on ${on.count} tickets`}`,
    summaryBody: 'Open TiDB Cloud Support to read them.',
  },
  ja: {
    statuses: {
      open: 'オープン',
      waiting_for_support: 'サポートの対応待ち',
      waiting_for_customer: 'お客様の返信待ち',
      resolved: '解決済み',
      closed: 'クローズ',
    },
    replyTitle: (ticket) => `${ticket} に新しい返信`,
    statusBody: (status) => `ステータスが「${status}」に変わりました`,
    breachTitle: (severity) => `${severity} の初回応答目標を過ぎました`,
    breachBody: (ticket) => `${ticket} にはまだサポートからの回答がありません。`,
    replies: (count) => `新しい返信 ${count} 件`,
    statusChanges: (count) => `ステータスの変更 ${count} 件`,
    breaches: (count) => `初回応答目標の超過 ${count} 件`,
    summaryTitle: (parts, on) => `${'ticket' in on ? on.ticket : `${on.count} 件のチケット`}: ${parts.join('、')}`,
    summaryBody: 'TiDB Cloud Support を開いて確認してください。',
  },
}

function single(activity: SupportActivity, silent: boolean, texts: NotificationTexts): DesktopNotification {
  const target: Navigation = { to: 'ticket', ticketId: activity.ticketId }
  switch (activity.kind) {
    case 'reply':
      return { title: texts.replyTitle(ticketLabel(activity)), body: excerpt(activity.body), silent, target }
    case 'status':
      return { title: ticketLabel(activity), body: texts.statusBody(texts.statuses[activity.status]), silent, target }
    case 'breach':
      return { title: texts.breachTitle(activity.severity), body: texts.breachBody(ticketLabel(activity)), silent, target }
  }
}

/** "7 new replies on 3 tickets", plus status changes and breaches when there are any. */
function summary(activities: SupportActivity[], silent: boolean, texts: NotificationTexts): DesktopNotification {
  const tickets = new Set(activities.map((activity) => activity.ticketId))
  const count = (kind: SupportActivity['kind']) => activities.filter((activity) => activity.kind === kind).length
  const parts = [
    count('reply') > 0 ? texts.replies(count('reply')) : null,
    count('status') > 0 ? texts.statusChanges(count('status')) : null,
    count('breach') > 0 ? texts.breaches(count('breach')) : null,
  ].filter((part): part is string => part !== null)
  const on = tickets.size === 1 ? { ticket: ticketLabel(activities[0]!) } : { count: tickets.size }
  const target: Navigation = tickets.size === 1 ? { to: 'ticket', ticketId: activities[0]!.ticketId } : { to: 'tickets' }
  return { title: texts.summaryTitle(parts, on), body: texts.summaryBody, silent, target }
}

/**
 * What to show for the activities of one sync round (plus any held from before): nothing, one notification,
 * or one summary. During quiet hours or a pause everything wanted is held, to be released as one summary.
 */
export function decideNotifications(
  activities: SupportActivity[],
  held: SupportActivity[],
  context: NotificationContext,
): NotificationDecision {
  const pending = [...held, ...activities.filter((activity) => wanted(activity, context))]
  if (pending.length === 0) return { show: [], held: [] }
  const { preferences, now, timeZone } = context
  if (!preferences.enabled) return { show: [], held: [] }
  if (isPaused(preferences, now) || inQuietHours(preferences, now, timeZone)) return { show: [], held: pending }
  const silent = !preferences.sound
  const texts = TEXTS[context.language]
  return { show: [pending.length === 1 ? single(pending[0]!, silent, texts) : summary(pending, silent, texts)], held: [] }
}
