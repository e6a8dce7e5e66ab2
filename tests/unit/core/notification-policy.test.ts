import { describe, expect, it } from 'vitest'
import { DEFAULT_PREFERENCES, type NotificationPreferences } from '../../../shared/schemas/preferences'
import {
  decideNotifications,
  inQuietHours,
  type NotificationContext,
  type SupportActivity,
} from '../../../electron/core/notifications/notification-policy'

const ME = 'usr-aiko'
const ENGINEER = 'usr-emi'

function reply(ticket: number, overrides: Partial<SupportActivity> = {}): SupportActivity {
  return {
    kind: 'reply',
    ticketId: `00000000-0000-4000-8000-${String(ticket).padStart(12, '0')}`,
    ticketKey: `SUP-${1000 + ticket}`,
    summary: `Ticket ${ticket}`,
    severity: 'S2',
    actorId: ENGINEER,
    at: '2026-11-23T05:00:00.000Z',
    body: 'We found the cause: a hot region on the orders table. Splitting it now; expect writes to recover within minutes.',
    ...overrides,
  } as SupportActivity
}

function context(
  preferences: Partial<NotificationPreferences> = {},
  now = '2026-11-23T05:00:00.000Z',
  language: NotificationContext['language'] = 'en',
): NotificationContext {
  return {
    preferences: { ...DEFAULT_PREFERENCES.notifications, ...preferences },
    now: new Date(now),
    userId: ME,
    timeZone: 'Asia/Tokyo',
    language,
  }
}

describe('notification policy', () => {
  it('notifies a single reply once, with the ticket key, summary and the start of the reply', () => {
    const decision = decideNotifications([reply(42)], [], context())
    expect(decision.held).toEqual([])
    expect(decision.show).toHaveLength(1)
    expect(decision.show[0]).toMatchObject({
      title: 'New reply on SUP-1042: Ticket 42',
      body: expect.stringMatching(/^We found the cause: a hot region/),
      silent: false,
      target: { to: 'ticket', ticketId: reply(42).ticketId },
    })
    expect(decision.show[0]!.body.length).toBeLessThanOrEqual(140)
  })

  it('turns 50 replies on 7 tickets in one sync into one summary', () => {
    const burst = Array.from({ length: 50 }, (_, index) => reply(index % 7))
    const decision = decideNotifications(burst, [], context())
    expect(decision.show).toEqual([
      expect.objectContaining({ title: '50 new replies on 7 tickets', target: { to: 'tickets' } }),
    ])
  })

  it('never notifies the user about their own comments', () => {
    expect(decideNotifications([reply(1, { actorId: ME }), reply(2, { actorId: ME })], [], context()).show).toEqual([])
  })

  it('respects the minimum severity', () => {
    const activities = [reply(1, { severity: 'S3' }), reply(2, { severity: 'S4' })]
    expect(decideNotifications(activities, [], context({ minimumSeverity: 'S2' })).show).toEqual([])
    const s3 = decideNotifications(activities, [], context({ minimumSeverity: 'S3' }))
    expect(s3.show).toEqual([expect.objectContaining({ title: 'New reply on SUP-1001: Ticket 1' })])
  })

  it('holds everything during quiet hours and releases one summary after them', () => {
    const quiet = { quietHours: { enabled: true, start: '22:00', end: '07:00' } }
    // 23:30 in Tokyo.
    const night = decideNotifications([reply(1), reply(2), reply(2)], [], context(quiet, '2026-11-23T14:30:00.000Z'))
    expect(night.show).toEqual([])
    expect(night.held).toHaveLength(3)
    const later = decideNotifications([reply(3)], night.held, context(quiet, '2026-11-23T18:00:00.000Z'))
    expect(later.held).toHaveLength(4)
    // 07:00 in Tokyo: quiet hours are over.
    const morning = decideNotifications([], later.held, context(quiet, '2026-11-23T22:00:00.000Z'))
    expect(morning).toEqual({ show: [expect.objectContaining({ title: '4 new replies on 3 tickets' })], held: [] })
  })

  it('handles quiet hours within a day and across midnight', () => {
    const preferences = (start: string, end: string) => ({ ...DEFAULT_PREFERENCES.notifications, quietHours: { enabled: true, start, end } })
    const at = (utc: string) => new Date(`2026-11-23T${utc}:00.000Z`)
    expect(inQuietHours(preferences('12:00', '13:00'), at('03:30'), 'Asia/Tokyo')).toBe(true)
    expect(inQuietHours(preferences('12:00', '13:00'), at('04:00'), 'Asia/Tokyo')).toBe(false)
    expect(inQuietHours(preferences('22:00', '07:00'), at('21:59'), 'Asia/Tokyo')).toBe(true)
    expect(inQuietHours(preferences('22:00', '07:00'), at('22:00'), 'Asia/Tokyo')).toBe(false)
    expect(inQuietHours({ ...preferences('22:00', '07:00'), quietHours: { enabled: false, start: '22:00', end: '07:00' } }, at('15:00'), 'Asia/Tokyo')).toBe(false)
  })

  it('holds while paused, drops everything when notifications are off, and follows the event switches', () => {
    const paused = decideNotifications([reply(1)], [], context({ pausedUntil: '2026-11-23T06:00:00.000Z' }))
    expect(paused).toMatchObject({ show: [], held: [expect.anything()] })
    expect(decideNotifications([reply(1)], paused.held, context({ enabled: false }))).toEqual({ show: [], held: [] })
    expect(decideNotifications([reply(1)], [], context({ replies: false })).show).toEqual([])
    const status = { ...reply(5), kind: 'status', status: 'resolved' } as SupportActivity
    expect(decideNotifications([status], [], context({ statusChanges: false })).show).toEqual([])
    expect(decideNotifications([status], [], context()).show[0]).toMatchObject({ body: 'Status changed to Resolved' })
  })

  it('notifies a missed response target only for the chosen severities, silently when sound is off', () => {
    const breach = (severity: SupportActivity['severity']) => ({ ...reply(9, { severity }), kind: 'breach', actorId: '' }) as SupportActivity
    expect(decideNotifications([breach('S3')], [], context()).show).toEqual([])
    expect(decideNotifications([breach('S1')], [], context({ sound: false })).show).toEqual([
      expect.objectContaining({ title: 'S1 response target passed', silent: true }),
    ])
  })

  it('speaks the language the user chose for the app', () => {
    const ja = (activities: SupportActivity[]) => decideNotifications(activities, [], context({}, undefined, 'ja')).show[0]
    expect(ja([reply(42)])).toMatchObject({ title: 'SUP-1042: Ticket 42 に新しい返信', body: expect.stringMatching(/^We found the cause/) })
    expect(ja([{ ...reply(5), kind: 'status', status: 'waiting_for_customer' } as SupportActivity])).toMatchObject({
      title: 'SUP-1005: Ticket 5',
      body: 'ステータスが「お客様の返信待ち」に変わりました',
    })
    expect(ja([{ ...reply(9, { severity: 'S1' }), kind: 'breach', actorId: '' } as SupportActivity])).toMatchObject({
      title: 'S1 の初回応答目標を過ぎました',
      body: 'SUP-1009: Ticket 9 にはまだサポートからの回答がありません。',
    })
    expect(ja(Array.from({ length: 12 }, (_, index) => reply(index % 3)))).toMatchObject({
      title: '3 件のチケット: 新しい返信 12 件',
      body: 'TiDB Cloud Support を開いて確認してください。',
    })
  })
})
