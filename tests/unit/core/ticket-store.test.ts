import { describe, expect, it } from 'vitest'
import type { Comment, Ticket } from '../../../shared/schemas/ticket'
import { openAccountDatabase } from '../../../electron/core/database/account-database'
import { TicketStore } from '../../../electron/core/tickets/ticket-store'

let sequence = 0
function ticket(overrides: Partial<Ticket> = {}): Ticket {
  sequence += 1
  const at = new Date(Date.UTC(2026, 10, 1, 0, sequence)).toISOString()
  return {
    id: crypto.randomUUID(),
    key: `SUP-${1000 + sequence}`,
    kind: 'technical',
    summary: 'TiKV region unavailable',
    description: 'Region is unavailable after scale-in',
    organizationId: 'org-sakura',
    clusterId: 'cl-payments-prod',
    environment: 'production',
    severity: 'S2',
    component: 'tikv',
    affectedVersion: 'v8.5.1',
    status: 'waiting_for_support',
    requesterId: 'usr-aiko',
    requesterName: 'Aiko Sato',
    assigneeId: null,
    assigneeName: null,
    timeZone: 'Asia/Tokyo',
    createdAt: at,
    updatedAt: at,
    firstResponseDueAt: null,
    firstRespondedAt: null,
    priority: null,
    labels: [],
    lastCustomerActivityAt: '2026-11-23T04:00:00.000Z',
    ...overrides,
  }
}

function reply(ticketId: string, overrides: Partial<Comment> = {}): Comment {
  return {
    id: crypto.randomUUID(),
    ticketId,
    authorId: 'usr-emi',
    authorName: 'Emi Nakamura',
    authorRole: 'engineer',
    body: 'Could you share the PD leader logs?',
    visibility: 'public',
    createdAt: '2026-11-20T01:00:00.000Z',
    ...overrides,
  }
}

function store() {
  return new TicketStore(openAccountDatabase(':memory:'))
}

describe('TicketStore', () => {
  it('filters by status, kind, severity and organization, and sorts', () => {
    const tickets = store()
    tickets.upsertServerTicket(ticket({ severity: 'S3' }))
    tickets.upsertServerTicket(ticket({ severity: 'S1', status: 'resolved' }))
    tickets.upsertServerTicket(ticket({ kind: 'account_billing', severity: 'S4', organizationId: 'org-pebble' }))
    expect(tickets.list({ status: 'open' }).total).toBe(2)
    expect(tickets.list({ status: 'closed' }).tickets.map((t) => t.severity)).toEqual(['S1'])
    expect(tickets.list({ kind: 'account_billing' }).total).toBe(1)
    expect(tickets.list({ organizationId: 'org-pebble' }).total).toBe(1)
    expect(tickets.list({ sort: 'severity' }).tickets.map((t) => t.severity)).toEqual(['S1', 'S3', 'S4'])
    expect(tickets.list({ sort: 'updated', limit: 1 }).tickets).toHaveLength(1)
  })

  it('keeps its totals right as tickets arrive, change status, severity or organization, and go', () => {
    const db = openAccountDatabase(':memory:')
    const tickets = new TicketStore(db)
    const countedAndReal = (query: Parameters<TicketStore['list']>[0]) => {
      const { total } = tickets.list(query)
      // The same total the slow way, counting rows.
      const rows = tickets.list({ ...query, limit: 500 }).tickets.length
      return [total, rows]
    }
    const moving = ticket({ severity: 'S2', organizationId: null })
    tickets.upsertServerTicket(moving)
    tickets.upsertServerTicket(ticket({ severity: 'S3' }))
    tickets.upsertServerTicket(ticket({ severity: 'S3', status: 'closed' }))
    expect(countedAndReal({})).toEqual([3, 3])
    expect(countedAndReal({ status: 'open', severity: 'S3' })).toEqual([1, 1])

    tickets.upsertServerTicket({ ...moving, severity: 'S3', organizationId: 'org-pebble', status: 'resolved' })
    tickets.upsertServerTicket({ ...moving, severity: 'S3', organizationId: 'org-pebble', status: 'resolved' })
    expect(countedAndReal({})).toEqual([3, 3])
    expect(countedAndReal({ status: 'closed', severity: 'S3' })).toEqual([2, 2])
    expect(countedAndReal({ organizationId: 'org-pebble' })).toEqual([1, 1])
    expect(countedAndReal({ severity: 'S2' })).toEqual([0, 0])

    db.prepare('DELETE FROM tickets WHERE id = ?').run(moving.id)
    expect(countedAndReal({})).toEqual([2, 2])
    expect(countedAndReal({ organizationId: 'org-pebble' })).toEqual([0, 0])
  })

  it('searches summaries, descriptions and comments, Japanese included', () => {
    const tickets = store()
    const region = ticket({ summary: 'TiKV region unavailable', description: 'エラー: リージョンが利用できません' })
    const invoice = ticket({ kind: 'account_billing', summary: 'Invoice VAT number', description: 'Wrong VAT on October invoice' })
    tickets.upsertServerTicket(region)
    tickets.upsertServerTicket(invoice)
    tickets.upsertServerComment(reply(invoice.id, { body: 'We reissued the invoice with the corrected tax id' }))
    expect(tickets.list({ search: 'region' }).tickets.map((t) => t.id)).toEqual([region.id])
    expect(tickets.list({ search: 'リージョン' }).tickets.map((t) => t.id)).toEqual([region.id])
    expect(tickets.list({ search: 'reissued' }).tickets.map((t) => t.id)).toEqual([invoice.id])
    expect(tickets.list({ search: 'VAT October' }).tickets.map((t) => t.id)).toEqual([invoice.id])
  })

  it('finds a ticket whose search terms are in different replies, and keeps the index in step with each reply', () => {
    const tickets = store()
    const region = ticket({ summary: 'Slow queries after upgrade', description: 'p99 went up' })
    const other = ticket({ summary: 'Invoice question', description: 'VAT' })
    tickets.upsertServerTicket(region)
    tickets.upsertServerTicket(other)
    const first = reply(region.id, { body: 'The coprocessor tasks pile up' })
    tickets.upsertServerComment(first)
    tickets.upsertServerComment(reply(region.id, { body: 'Statement summary attached' }))
    const found = (search: string) => tickets.list({ search }).tickets.map((t) => t.id)
    expect(found('upgrade coprocessor attached')).toEqual([region.id])
    expect(tickets.list({ search: 'upgrade coprocessor' }).total).toBe(1)

    // The server edits the reply, then makes it internal: the index follows both.
    tickets.upsertServerComment({ ...first, body: 'The unified read pool is saturated' })
    expect(found('coprocessor')).toEqual([])
    expect(found('saturated')).toEqual([region.id])
    tickets.upsertServerComment({ ...first, body: 'The unified read pool is saturated', visibility: 'internal' })
    expect(found('saturated')).toEqual([])

    // A changed summary replaces the old one; an unchanged one stays found.
    tickets.upsertServerTicket({ ...region, summary: 'Slow analytical queries', updatedAt: '2026-11-22T00:00:00.000Z' })
    expect(found('upgrade')).toEqual([])
    expect(found('analytical attached')).toEqual([region.id])
    tickets.upsertServerTicket({ ...other, status: 'resolved' })
    expect(found('Invoice')).toEqual([other.id])
  })

  it('indexes a batch of server changes once at its end, and forgets a discarded reply', () => {
    const tickets = store()
    const filed = ticket({ summary: 'Backup to S3 fails' })
    tickets.withDeferredIndex(() => {
      tickets.upsertServerTicket(filed)
      tickets.upsertServerComment(reply(filed.id, { body: 'AccessDenied from the bucket policy' }))
      expect(tickets.list({ search: 'AccessDenied' }).total).toBe(0)
    }, { reindex: true })
    expect(tickets.list({ search: 'backup AccessDenied' }).tickets.map((t) => t.id)).toEqual([filed.id])

    const draft = reply(filed.id, { id: crypto.randomUUID(), authorRole: 'customer', body: 'Retrying with a new role ARN' })
    tickets.insertPendingComment(draft)
    expect(tickets.list({ search: 'role ARN' }).total).toBe(1)
    tickets.removeLocal('comment', draft.id)
    expect(tickets.list({ search: 'role ARN' }).total).toBe(0)
    expect(tickets.list({ search: 'AccessDenied' }).total).toBe(1)
  })

  it('indexes a reply that arrived before its ticket once the ticket arrives', () => {
    const tickets = store()
    const late = ticket({ summary: 'Lightning import aborted' })
    tickets.withDeferredIndex(() => tickets.upsertServerComment(reply(late.id, { body: 'duplicate entry on the target table' })), { reindex: true })
    tickets.withDeferredIndex(() => tickets.upsertServerTicket(late), { reindex: true })
    expect(tickets.list({ search: 'Lightning duplicate' }).tickets.map((t) => t.id)).toEqual([late.id])
  })

  it('keeps the index to a rebuild when asked, and the rebuild finds everything', () => {
    const tickets = store()
    const filed = ticket({ summary: 'CDC changefeed stuck' })
    tickets.withDeferredIndex(() => {
      tickets.upsertServerTicket(filed)
      tickets.upsertServerComment(reply(filed.id, { body: 'checkpoint lag grows' }))
    }, { reindex: false })
    expect(tickets.list({ search: 'changefeed' }).total).toBe(0)
    tickets.rebuildSearchIndex()
    expect(tickets.list({ search: 'changefeed checkpoint' }).tickets.map((t) => t.id)).toEqual([filed.id])
    tickets.rebuildSearchIndex()
    expect(tickets.list({ search: 'changefeed checkpoint' }).total).toBe(1)
  })

  it('treats FTS syntax and SQL metacharacters in a search as plain text', () => {
    const tickets = store()
    tickets.upsertServerTicket(ticket({ summary: "Error 1105: can't parse \"AND\" NEAR(x) * 100%_ '; DROP TABLE tickets; --" }))
    for (const search of ['AND', '"', '"unbalanced', '*', 'NEAR(', 'OR OR', "'; DROP TABLE tickets; --", '%', '_', 'a', '\\']) {
      expect(() => tickets.list({ search }), search).not.toThrow()
    }
    expect(tickets.list({ search: 'NEAR(x)' }).total).toBe(1)
    expect(tickets.list({ search: '100%_' }).total).toBe(1)
    expect(tickets.list({}).total).toBe(1)
  })

  it('marks a ticket unread when support replies, and read when opened', () => {
    const tickets = store()
    const filed = ticket()
    tickets.upsertServerTicket(filed)
    tickets.upsertServerComment(reply(filed.id, { authorRole: 'customer', authorId: 'usr-aiko' }))
    expect(tickets.unreadTotal()).toBe(0)
    tickets.upsertServerComment(reply(filed.id, { visibility: 'internal' }))
    expect(tickets.unreadTotal()).toBe(0)
    tickets.upsertServerComment(reply(filed.id))
    expect(tickets.get(filed.id)?.unread).toBe(true)
    expect(tickets.list({}).unreadTotal).toBe(1)
    tickets.markRead(filed.id)
    expect(tickets.get(filed.id)?.unread).toBe(false)
  })

  it('finds the requester own similar tickets', () => {
    const tickets = store()
    const mine = ticket({ summary: 'TiFlash replica lagging behind TiKV' })
    tickets.upsertServerTicket(mine)
    tickets.upsertServerTicket(ticket({ summary: 'TiFlash replica lagging', requesterId: 'usr-someone-else' }))
    tickets.upsertServerTicket(ticket({ summary: 'Invoice question' }))
    expect(tickets.similar('Our TiFlash replica is lagging', 'usr-aiko').map((t) => t.id)).toEqual([mine.id])
    expect(tickets.similar('a b', 'usr-aiko')).toEqual([])
  })
})
