import { describe, expect, it } from 'vitest'
import type { Ticket } from '../../../shared/schemas/ticket'
import { DEFAULT_PREFERENCES, type Preferences } from '../../../shared/schemas/preferences'
import { openAccountDatabase } from '../../../electron/core/database/account-database'
import { NotificationCenter, type DesktopNotifier, type UnreadTicket } from '../../../electron/core/notifications/notification-center'
import type { DesktopNotification } from '../../../electron/core/notifications/notification-policy'
import { TicketStore } from '../../../electron/core/tickets/ticket-store'

const ME = 'usr-aiko'

function ticket(overrides: Partial<Ticket>): Ticket {
  return {
    id: crypto.randomUUID(),
    key: 'SUP-2001',
    kind: 'technical',
    summary: 'TiKV region unavailable',
    description: 'Region 4012 unavailable after scale-in',
    organizationId: 'org-sakura',
    clusterId: null,
    environment: 'production',
    severity: 'S1',
    component: 'tikv',
    affectedVersion: 'v8.5.1',
    status: 'waiting_for_support',
    requesterId: ME,
    requesterName: 'Aiko Sato',
    assigneeId: null,
    assigneeName: null,
    timeZone: 'Asia/Tokyo',
    createdAt: '2026-11-23T04:00:00.000Z',
    updatedAt: '2026-11-23T04:00:00.000Z',
    firstResponseDueAt: '2026-11-23T05:00:00.000Z',
    firstRespondedAt: null,
    priority: null,
    labels: [],
    lastCustomerActivityAt: '2026-11-23T04:00:00.000Z',
    ...overrides,
  }
}

function setUp(now: { value: Date }, preferences: Preferences = DEFAULT_PREFERENCES) {
  const db = openAccountDatabase(':memory:')
  const shown: DesktopNotification[] = []
  const unread: { count: number; recent: UnreadTicket[] }[] = []
  const notifier: DesktopNotifier = {
    show: (notification) => void shown.push(notification),
    showUnread: (count, recent) => void unread.push({ count, recent }),
  }
  const center = new NotificationCenter({
    notifier,
    preferences: () => preferences,
    account: () => ({ db, userId: ME }),
    now: () => now.value,
    timeZone: () => 'Asia/Tokyo',
  })
  return { db, store: new TicketStore(db), center, shown, unread }
}

describe('notification center', () => {
  it('notifies a missed S1 target once, and not S3 or colleagues’ tickets', () => {
    const now = { value: new Date('2026-11-23T04:30:00.000Z') }
    const { store, center, shown } = setUp(now)
    const breached = ticket({})
    store.upsertServerTicket(breached)
    store.upsertServerTicket(ticket({ key: 'SUP-2002', severity: 'S3' }))
    store.upsertServerTicket(ticket({ key: 'SUP-2003', requesterId: 'usr-ben', requesterName: 'Ben Carter' }))
    store.upsertServerTicket(ticket({ key: 'SUP-2004', firstRespondedAt: '2026-11-23T04:20:00.000Z' }))

    center.tick()
    expect(shown).toEqual([])
    now.value = new Date('2026-11-23T05:01:00.000Z')
    center.tick()
    center.tick()
    expect(shown).toEqual([
      expect.objectContaining({ title: 'S1 response target passed', target: { to: 'ticket', ticketId: breached.id } }),
    ])
  })

  it('reports the unread count and the five newest unread tickets for the badge and tray', () => {
    const now = { value: new Date('2026-11-23T06:00:00.000Z') }
    const { store, center, unread } = setUp(now)
    const tickets = Array.from({ length: 7 }, (_, index) => ticket({ key: `SUP-${3000 + index}`, summary: `Ticket ${index}` }))
    tickets.forEach((item, index) => {
      store.upsertServerTicket(item)
      store.upsertServerComment({
        id: crypto.randomUUID(),
        ticketId: item.id,
        authorId: 'usr-emi',
        authorName: 'Emi Nakamura',
        authorRole: 'engineer',
        body: 'Looking into it',
        visibility: 'public',
        createdAt: `2026-11-23T05:0${index}:00.000Z`,
      })
    })
    center.refreshUnread()
    expect(unread.at(-1)!.count).toBe(7)
    expect(unread.at(-1)!.recent.map(({ key }) => key)).toEqual(['SUP-3006', 'SUP-3005', 'SUP-3004', 'SUP-3003', 'SUP-3002'])
  })
})
