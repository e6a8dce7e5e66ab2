import Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { addAccount, demoHelpCenter, getAs, postAs, signIn, tempDir } from './help-center'
import {
  INVOICE_QUESTION,
  WRITE_STALL,
  addComment,
  allChanges,
  changePage,
  commentIdsIn,
  fileTicket,
  historyIn,
  mutate,
  ticketIdsIn,
} from './ticket-mutations'
import { openHelpCenterDatabase } from '../../../server/database'
import { MIGRATIONS } from '../../../server/migrations'
import { DEMO_ACCOUNTS } from '../../../server/seed/demo'
import { seedDemoTickets } from '../../../server/seed/demo-tickets'
import { firstResponseDue } from '../../../shared/domain/first-response'
import { PUBLISHED_RESPONSE_TARGETS } from '../../../shared/domain/response-targets'
import type { Severity } from '../../../shared/domain/support-plan'
import type { Priority, TicketStatus } from '../../../shared/domain/ticket'
import {
  commentSchema,
  ticketSchema,
  ticketSearchPageSchema,
  type Change,
  type Mutation,
  type Ticket,
} from '../../../shared/schemas/ticket'
import { staffListSchema } from '../../../shared/schemas/triage'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

type MutationOf<T extends Mutation['type']> = Extract<Mutation, { type: T }>

const HELIX_STALL = { ...WRITE_STALL, organizationId: 'org-helix', clusterId: 'cl-shipments-prod' }

function setSeverity(ticketId: string, severity: Severity, base: Severity, reason: string): MutationOf<'triage.setSeverity'> {
  return { id: randomUUID(), type: 'triage.setSeverity', ticketId, severity, base, reason }
}

function setPriority(ticketId: string, priority: Priority | null, base: Priority | null): MutationOf<'triage.setPriority'> {
  return { id: randomUUID(), type: 'triage.setPriority', ticketId, priority, base }
}

function assign(ticketId: string, assigneeId: string | null, base: string | null): MutationOf<'triage.assign'> {
  return { id: randomUUID(), type: 'triage.assign', ticketId, assigneeId, base }
}

function setTriageStatus(ticketId: string, status: TicketStatus, base: TicketStatus): MutationOf<'triage.setStatus'> {
  return { id: randomUUID(), type: 'triage.setStatus', ticketId, status, base }
}

function labels(ticketId: string, add: string[], remove: string[] = []): MutationOf<'triage.labels'> {
  return { id: randomUUID(), type: 'triage.labels', ticketId, add, remove }
}

function addNote(ticketId: string, body: string): MutationOf<'note.add'> {
  return { id: randomUUID(), type: 'note.add', commentId: randomUUID(), ticketId, body }
}

/** One of each triage change (and a note) on the ticket as filed. */
function everyTriageChange(ticketId: string): Mutation[] {
  return [
    setSeverity(ticketId, 'S1', 'S2', 'Checkout is down for all EU users'),
    setPriority(ticketId, 'urgent', null),
    assign(ticketId, 'usr-emi', null),
    setTriageStatus(ticketId, 'open', 'waiting_for_support'),
    labels(ticketId, ['escalated']),
    addNote(ticketId, 'Customer is renegotiating the contract.'),
  ]
}

async function ticketAs(app: FastifyInstance, accessToken: string, ticketId: string): Promise<Ticket> {
  const response = await getAs(app, accessToken, `/api/v1/tickets/${ticketId}`)
  expect(response.statusCode, response.body).toBe(200)
  return ticketSchema.parse(response.json())
}

async function commentsAs(app: FastifyInstance, accessToken: string, ticketId: string) {
  const response = await getAs(app, accessToken, `/api/v1/tickets/${ticketId}/comments`)
  expect(response.statusCode, response.body).toBe(200)
  return commentSchema.array().parse(response.json().comments)
}

function ticketsIn(changes: Change[]): Ticket[] {
  return changes.flatMap((change) => (change.entity === 'ticket' ? [change.ticket] : []))
}

/** Chen files a Helix ticket (the TAM's organization); the TAM, the engineer and Chen are signed in. */
async function helixTicket() {
  const center = await demoHelpCenter()
  const { app } = center
  const chen = await signIn(app, DEMO_ACCOUNTS.premiumCustomer)
  const tam = await signIn(app, DEMO_ACCOUNTS.tam)
  const engineer = await signIn(app, DEMO_ACCOUNTS.engineer)
  const filed = fileTicket(HELIX_STALL, 'Europe/Berlin')
  await mutate(app, chen.accessToken, [filed])
  return { ...center, chen, tam, engineer, ticketId: filed.ticketId }
}

describe('triage changes', () => {
  it('apply once each, with who made them in the history and the severity’s reason', async () => {
    const { app, clock, tam, ticketId } = await helixTicket()
    clock.advance(5 * MINUTE)
    const changes = everyTriageChange(ticketId)
    const results = await mutate(app, tam.accessToken, changes)
    expect(results.map((result) => result.status)).toEqual(changes.map(() => 'applied'))

    const ticket = await ticketAs(app, tam.accessToken, ticketId)
    expect(ticket).toMatchObject({
      severity: 'S1',
      priority: 'urgent',
      assigneeId: 'usr-emi',
      assigneeName: 'Emi Nakamura',
      status: 'open',
      labels: ['escalated'],
      updatedAt: clock.now().toISOString(),
    })
    const byDaniel = { actorId: 'usr-daniel', actorName: 'Daniel Kim', actorRole: 'tam', at: clock.now().toISOString() }
    const triaged = historyIn(await allChanges(app, tam.accessToken)).slice(1)
    expect(triaged).toEqual(
      [
        { field: 'severity', from: 'S2', to: 'S1', reason: 'Checkout is down for all EU users' },
        { field: 'priority', from: null, to: 'urgent', reason: null },
        { field: 'assignee', from: null, to: 'Emi Nakamura', reason: null },
        { field: 'status', from: 'waiting_for_support', to: 'open', reason: null },
        { field: 'labels', from: null, to: 'escalated', reason: null },
      ].map((entry) => ({ ...entry, ...byDaniel, id: expect.any(String), ticketId })),
    )

    // A retry gets the first answers back; the same values sent again are already there: nothing more to record.
    const feed = await allChanges(app, tam.accessToken)
    expect(await mutate(app, tam.accessToken, changes)).toEqual(results)
    const again = await mutate(app, tam.accessToken, [
      setSeverity(ticketId, 'S1', 'S2', 'Still down'),
      setPriority(ticketId, 'urgent', null),
      assign(ticketId, 'usr-emi', null),
      setTriageStatus(ticketId, 'open', 'waiting_for_support'),
      labels(ticketId, ['escalated']),
    ])
    expect(again.map((result) => result.status)).toEqual(again.map(() => 'applied'))
    expect(await allChanges(app, tam.accessToken)).toEqual(feed)
  })

  it('keep the help center’s newer value over a stale base, name who set it, and apply over the new base', async () => {
    const { app, tam, engineer, ticketId } = await helixTicket()
    await postAs(app, engineer.accessToken, `/api/v1/tickets/${ticketId}/status`, { status: 'resolved' })

    const stale = await mutate(app, tam.accessToken, [
      setTriageStatus(ticketId, 'waiting_for_customer', 'waiting_for_support'),
      setPriority(ticketId, 'high', 'low'),
      assign(ticketId, 'usr-emi', 'usr-daniel'),
      setSeverity(ticketId, 'S1', 'S3', 'Outage'),
    ])
    expect(stale).toEqual([
      {
        id: stale[0]!.id,
        status: 'rejected',
        error: {
          code: 'conflict',
          message: "SUP-1001's status is now Resolved (changed by Emi Nakamura)",
          fields: { status: 'resolved' },
        },
      },
      {
        id: stale[1]!.id,
        status: 'rejected',
        error: { code: 'conflict', message: 'SUP-1001 has no priority now', fields: { priority: '' } },
      },
      {
        id: stale[2]!.id,
        status: 'rejected',
        error: { code: 'conflict', message: 'SUP-1001 is now unassigned', fields: { assigneeId: '' } },
      },
      {
        id: stale[3]!.id,
        status: 'rejected',
        error: { code: 'conflict', message: "SUP-1001's severity is now S2", fields: { severity: 'S2' } },
      },
    ])
    expect(await ticketAs(app, tam.accessToken, ticketId)).toMatchObject({
      status: 'resolved',
      priority: null,
      assigneeId: null,
      severity: 'S2',
    })

    // "Apply again" sends the same change over the value the help center reported.
    const reapplied = await mutate(app, tam.accessToken, [
      setTriageStatus(ticketId, 'waiting_for_customer', 'resolved'),
      setPriority(ticketId, 'high', null),
      assign(ticketId, 'usr-emi', null),
      setSeverity(ticketId, 'S1', 'S2', 'Outage'),
    ])
    expect(reapplied.map((result) => result.status)).toEqual(['applied', 'applied', 'applied', 'applied'])
    expect(await ticketAs(app, tam.accessToken, ticketId)).toMatchObject({
      status: 'waiting_for_customer',
      priority: 'high',
      assigneeId: 'usr-emi',
      severity: 'S1',
    })
    const [conflict] = await mutate(app, engineer.accessToken, [assign(ticketId, null, 'usr-daniel')])
    expect(conflict).toMatchObject({
      status: 'rejected',
      error: {
        code: 'conflict',
        message: 'SUP-1001 is now assigned to Emi Nakamura (changed by Daniel Kim)',
        fields: { assigneeId: 'usr-emi' },
      },
    })
  })

  it('add and remove labels as sets, in either order, without conflicts', async () => {
    const { app, chen, tam, engineer, ticketId } = await helixTicket()
    const other = fileTicket(HELIX_STALL, 'Europe/Berlin')
    await mutate(app, chen.accessToken, [other])
    const start = ['upgrade-8-5', 'needs-logs']
    await mutate(app, tam.accessToken, [labels(ticketId, start), labels(other.ticketId, start)])
    const fromTam = (id: string) => labels(id, ['hot-region'], ['needs-logs'])
    const fromEngineer = (id: string) => labels(id, ['tikv', 'hot-region'], ['upgrade-8-5', 'not-there'])

    await mutate(app, tam.accessToken, [fromTam(ticketId)])
    await mutate(app, engineer.accessToken, [fromEngineer(ticketId)])
    await mutate(app, engineer.accessToken, [fromEngineer(other.ticketId)])
    const [late] = await mutate(app, tam.accessToken, [fromTam(other.ticketId)])
    expect(late).toMatchObject({ status: 'applied' })

    expect((await ticketAs(app, tam.accessToken, ticketId)).labels).toEqual(['hot-region', 'tikv'])
    expect((await ticketAs(app, tam.accessToken, other.ticketId)).labels).toEqual(['hot-region', 'tikv'])
    const history = historyIn(await allChanges(app, tam.accessToken)).filter((entry) => entry.ticketId === ticketId)
    expect(history.filter((entry) => entry.field === 'labels').map(({ from, to, actorName }) => [from, to, actorName])).toEqual([
      [null, 'needs-logs, upgrade-8-5', 'Daniel Kim'],
      ['needs-logs, upgrade-8-5', 'hot-region, upgrade-8-5', 'Daniel Kim'],
      ['hot-region, upgrade-8-5', 'hot-region, tikv', 'Emi Nakamura'],
    ])
  })

  it('assign only to support who look after the organization, and unassign', async () => {
    const { app, db, tam, ticketId } = await helixTicket()
    const [toCustomer, toNobody] = await mutate(app, tam.accessToken, [
      assign(ticketId, 'usr-chen', null),
      assign(ticketId, 'usr-nobody', null),
    ])
    for (const result of [toCustomer, toNobody]) {
      expect(result).toMatchObject({ status: 'rejected', error: { code: 'invalid_input', fields: { assigneeId: expect.any(String) } } })
    }
    await mutate(app, tam.accessToken, [assign(ticketId, 'usr-daniel', null)])
    expect((await ticketAs(app, tam.accessToken, ticketId)).assigneeName).toBe('Daniel Kim')

    // A TAM of other organizations could not open the ticket they were given.
    await addAccount(db, { id: 'usr-otto', email: 'otto@support.example', name: 'Otto Berg', role: 'tam' }, [{ organizationId: 'org-sakura', role: 'tam' }])
    const [toOtherTam] = await mutate(app, tam.accessToken, [assign(ticketId, 'usr-otto', 'usr-daniel')])
    expect(toOtherTam).toMatchObject({
      status: 'rejected',
      error: { code: 'invalid_input', message: "Otto Berg does not look after this ticket's organization", fields: { assigneeId: expect.any(String) } },
    })
    expect((await ticketAs(app, tam.accessToken, ticketId)).assigneeName).toBe('Daniel Kim')
    await mutate(app, tam.accessToken, [assign(ticketId, null, 'usr-daniel')])
    expect(await ticketAs(app, tam.accessToken, ticketId)).toMatchObject({ assigneeId: null, assigneeName: null })
    const assignments = historyIn(await allChanges(app, tam.accessToken)).filter((entry) => entry.field === 'assignee')
    expect(assignments.map(({ from, to }) => [from, to])).toEqual([
      [null, 'Daniel Kim'],
      ['Daniel Kim', null],
    ])
  })

  it('move an unanswered ticket’s first-response target with its severity, and keep S1 from billing tickets', async () => {
    const { app, clock, chen, tam, ticketId } = await helixTicket()
    const filedAt = clock.now()
    const billing = fileTicket({ ...INVOICE_QUESTION, organizationId: 'org-helix' }, 'Europe/Berlin')
    await mutate(app, chen.accessToken, [billing])
    clock.advance(10 * MINUTE)

    await mutate(app, tam.accessToken, [setSeverity(ticketId, 'S1', 'S2', 'All writes fail')])
    const due = firstResponseDue({
      createdAt: filedAt,
      plan: 'premium',
      severity: 'S1',
      timeZone: 'Europe/Berlin',
      targets: PUBLISHED_RESPONSE_TARGETS,
    })
    expect((await ticketAs(app, tam.accessToken, ticketId)).firstResponseDueAt).toBe(due!.toISOString())

    const [s1Billing] = await mutate(app, tam.accessToken, [setSeverity(billing.ticketId, 'S1', 'S3', 'Urgent')])
    expect(s1Billing).toMatchObject({ status: 'rejected', error: { code: 'invalid_input', fields: { severity: expect.any(String) } } })
    expect((await ticketAs(app, tam.accessToken, billing.ticketId)).severity).toBe('S3')
  })
})

describe('who may triage', () => {
  it('refuses every triage change and note from a customer, changing nothing', async () => {
    const { app, chen, engineer, ticketId } = await helixTicket()
    const before = await allChanges(app, engineer.accessToken)
    const results = await mutate(app, chen.accessToken, everyTriageChange(ticketId))
    expect(results.map((result) => (result.status === 'rejected' ? result.error : undefined))).toEqual([
      ...Array.from({ length: 5 }, () => ({ code: 'forbidden', message: 'Only support can triage tickets' })),
      { code: 'forbidden', message: 'Only support can add internal notes' },
    ])
    expect(await allChanges(app, engineer.accessToken)).toEqual(before)
  })

  it('keeps a TAM to their organizations: another one’s ticket cannot be read, fed or changed', async () => {
    const { app, engineer, tam, ticketId } = await helixTicket()
    const aiko = await signIn(app, DEMO_ACCOUNTS.customer)
    const sakura = fileTicket(WRITE_STALL)
    await mutate(app, aiko.accessToken, [sakura])
    const before = await allChanges(app, engineer.accessToken)

    expect((await getAs(app, tam.accessToken, `/api/v1/tickets/${sakura.ticketId}`)).statusCode).toBe(404)
    expect((await getAs(app, tam.accessToken, `/api/v1/tickets/${sakura.ticketId}/comments`)).statusCode).toBe(404)
    expect(ticketIdsIn(await allChanges(app, tam.accessToken))).toEqual(new Set([ticketId]))
    const results = await mutate(app, tam.accessToken, [
      ...everyTriageChange(sakura.ticketId),
      addComment(sakura.ticketId, 'Hello from your TAM'),
    ])
    for (const result of results) expect(result).toMatchObject({ status: 'rejected', error: { code: 'not_found' } })
    expect(await allChanges(app, engineer.accessToken)).toEqual(before)

    // Engineers triage any organization's tickets.
    const byEngineer = await mutate(app, engineer.accessToken, everyTriageChange(sakura.ticketId))
    expect(byEngineer.map((result) => result.status)).toEqual(byEngineer.map(() => 'applied'))
  })

  it('lists support staff to support only', async () => {
    const { app, chen, tam } = await helixTicket()
    const refused = await getAs(app, chen.accessToken, '/api/v1/staff')
    expect(refused.statusCode).toBe(403)
    expect(refused.json()).toMatchObject({ code: 'forbidden' })
    const { staff } = staffListSchema.parse((await getAs(app, tam.accessToken, '/api/v1/staff')).json())
    expect(staff).toEqual([
      { id: 'usr-daniel', name: 'Daniel Kim', role: 'tam' },
      { id: 'usr-emi', name: 'Emi Nakamura', role: 'engineer' },
      { id: 'usr-admin', name: 'Sam Rivera', role: 'admin' },
    ])
  })
})

describe('what customers see of triage', () => {
  it('never sends an internal note to a customer, in the feed or the conversation, but does to the TAM and engineer', async () => {
    const { app, chen, tam, engineer, ticketId } = await helixTicket()
    const note = addNote(ticketId, 'Kumquat: they are renegotiating the contract.')
    expect(await mutate(app, tam.accessToken, [note])).toMatchObject([{ status: 'applied' }])

    const customerFeed = await allChanges(app, chen.accessToken)
    expect(commentIdsIn(customerFeed)).toEqual(new Set())
    expect(JSON.stringify(customerFeed)).not.toContain('Kumquat')
    const conversation = await getAs(app, chen.accessToken, `/api/v1/tickets/${ticketId}/comments`)
    expect(conversation.json()).toEqual({ comments: [] })
    for (const staff of [tam, engineer]) {
      expect(commentIdsIn(await allChanges(app, staff.accessToken))).toEqual(new Set([note.commentId]))
      expect(await commentsAs(app, staff.accessToken, ticketId)).toEqual([
        expect.objectContaining({ id: note.commentId, authorName: 'Daniel Kim', visibility: 'internal' }),
      ])
    }
    // A note is support's record, not a reply: the ticket still waits for support's first response.
    expect(await ticketAs(app, tam.accessToken, ticketId)).toMatchObject({ firstRespondedAt: null, status: 'waiting_for_support' })
  })

  it('gives customers no priority, no labels and no internal history, but the public changes with their reason', async () => {
    const { app, chen, tam, ticketId } = await helixTicket()
    await mutate(app, tam.accessToken, everyTriageChange(ticketId))

    const feed = await allChanges(app, chen.accessToken)
    const seen = { severity: 'S1', status: 'open', assigneeName: 'Emi Nakamura', priority: null, labels: [] }
    expect(ticketsIn(feed).at(-1)).toMatchObject(seen)
    expect(await ticketAs(app, chen.accessToken, ticketId)).toMatchObject(seen)
    const search = await getAs(app, chen.accessToken, '/api/v1/tickets?search=stall')
    expect(ticketSearchPageSchema.parse(search.json()).tickets).toEqual([expect.objectContaining(seen)])
    expect(historyIn(feed).map((entry) => entry.field)).toEqual(['status', 'severity', 'assignee', 'status'])
    expect(historyIn(feed)[1]!.reason).toBe('Checkout is down for all EU users')
    const text = JSON.stringify(feed)
    expect(text).not.toContain('escalated')
    expect(text).not.toContain('urgent')
    // Nor does their `latest` move for the internal entries after what they were sent.
    expect((await changePage(app, chen.accessToken)).latest).toBe(feed.at(-1)!.seq)

    const forTam = await ticketAs(app, tam.accessToken, ticketId)
    expect(forTam).toMatchObject({ priority: 'urgent', labels: ['escalated'] })
  })
})

describe('support’s own triage fields', () => {
  it('change priority and labels without moving the ticket for the customer, whose feed still gets every public change', async () => {
    const { app, chen, tam, ticketId } = await helixTicket()
    const filed = await ticketAs(app, chen.accessToken, ticketId)
    const before = await changePage(app, chen.accessToken)

    await mutate(app, tam.accessToken, [setPriority(ticketId, 'high', null), labels(ticketId, ['watch'])])
    expect((await ticketAs(app, chen.accessToken, ticketId)).updatedAt).toBe(filed.updatedAt)
    const quiet = await changePage(app, chen.accessToken, before.latest)
    expect(quiet.changes).toEqual([])
    expect(quiet.latest).toBe(before.latest)
    expect(await ticketAs(app, tam.accessToken, ticketId)).toMatchObject({ priority: 'high', labels: ['watch'], updatedAt: filed.updatedAt })
    expect(ticketsIn((await changePage(app, tam.accessToken, before.latest)).changes)).toEqual([
      expect.objectContaining({ id: ticketId, priority: 'high', labels: ['watch'] }),
    ])

    // A public change after them reaches the customer, once.
    await mutate(app, tam.accessToken, [setTriageStatus(ticketId, 'open', 'waiting_for_support')])
    const feed = await changePage(app, chen.accessToken, before.latest)
    expect(ticketsIn(feed.changes)).toEqual([expect.objectContaining({ id: ticketId, status: 'open', priority: null, labels: [] })])
    expect(JSON.stringify(feed)).not.toContain('watch')
  })
})

describe('support’s public replies and customers’ activity', () => {
  it('counts a TAM’s public reply as support’s first response, and a customer’s reply as their latest activity', async () => {
    const { app, clock, chen, tam, ticketId } = await helixTicket()
    const filedAt = clock.now().toISOString()
    clock.advance(10 * MINUTE) // within the access tokens' 15 minutes
    const reply = addComment(ticketId, 'Hi Chen, I am on it with the storage team.')
    expect(await mutate(app, tam.accessToken, [reply])).toMatchObject([{ status: 'applied' }])
    const repliedAt = clock.now().toISOString()
    expect(await ticketAs(app, chen.accessToken, ticketId)).toMatchObject({
      firstRespondedAt: repliedAt,
      status: 'waiting_for_customer',
      assigneeId: 'usr-daniel',
      lastCustomerActivityAt: filedAt,
    })
    expect((await commentsAs(app, chen.accessToken, ticketId))[0]).toMatchObject({ authorRole: 'tam', visibility: 'public' })

    clock.advance(MINUTE)
    await mutate(app, chen.accessToken, [addComment(ticketId, 'Thanks, logs are attached.')])
    expect(await ticketAs(app, tam.accessToken, ticketId)).toMatchObject({
      firstRespondedAt: repliedAt,
      status: 'waiting_for_support',
      lastCustomerActivityAt: clock.now().toISOString(),
    })
  })
})

describe('the demo queue for the TAM', () => {
  it('spans Helix and Kumo with triaged tickets, a breached S1/S2 and a reply waiting over a day', async () => {
    const { app, db, clock } = await demoHelpCenter()
    expect(seedDemoTickets(db, clock.now())).toBe(true)
    const tam = await signIn(app, DEMO_ACCOUNTS.tam)
    const now = clock.now().getTime()
    const open = ticketsIn(await allChanges(app, tam.accessToken)).filter(
      (ticket) => ticket.status !== 'resolved' && ticket.status !== 'closed',
    )
    expect(new Set(open.map((ticket) => ticket.organizationId))).toEqual(new Set(['org-helix', 'org-kumo']))
    const breached = open.filter(
      (ticket) =>
        (ticket.severity === 'S1' || ticket.severity === 'S2') &&
        ticket.firstRespondedAt === null &&
        Date.parse(ticket.firstResponseDueAt!) < now,
    )
    expect(breached.length).toBeGreaterThanOrEqual(1)
    const waiting = open.filter(
      (ticket) => ticket.status === 'waiting_for_support' && now - Date.parse(ticket.lastCustomerActivityAt) > DAY,
    )
    expect(waiting.length).toBeGreaterThanOrEqual(1)
    expect(open.some((ticket) => ticket.priority !== null)).toBe(true)
    expect(open.some((ticket) => ticket.labels.length > 0)).toBe(true)
    expect(open.some((ticket) => ticket.priority === null && ticket.assigneeId === null)).toBe(true)

    const chen = await signIn(app, DEMO_ACCOUNTS.premiumCustomer)
    const chenFeed = await allChanges(app, chen.accessToken)
    expect(ticketsIn(chenFeed).every((ticket) => ticket.priority === null && ticket.labels.length === 0)).toBe(true)
    expect(historyIn(chenFeed).every((entry) => entry.field !== 'priority' && entry.field !== 'labels')).toBe(true)
  })
})

describe('migrating a store from before triage', () => {
  it('backfills the customer’s last activity and keeps the history’s ids and seqs', async () => {
    const { db: seeded } = await demoHelpCenter()
    // Shipped schemas are frozen: a store at v4 has neither the triage columns nor the wider history.
    const file = join(tempDir(), 'help-center.sqlite')
    const old = new Database(file)
    for (const migration of MIGRATIONS.slice(0, 4)) old.exec(migration)
    old.pragma('user_version = 4')
    const users = seeded.prepare('SELECT * FROM users').all()
    const insertUser = old.prepare('INSERT INTO users VALUES (@id, @email, @name, @role, @password_hash, @created_at)')
    for (const user of users) insertUser.run(user)
    const ticketId = randomUUID()
    old.prepare(
      `INSERT INTO tickets (id, key_number, kind, summary, description, severity, status, requester_id, time_zone,
         created_at, updated_at, last_seq)
       VALUES (?, 1001, 'account_billing', 'Invoice', 'Twice billed', 'S3', 'waiting_for_support', 'usr-aiko',
         'Asia/Tokyo', '2026-01-01T00:00:00.000Z', '2026-01-03T00:00:00.000Z', 1)`,
    ).run(ticketId)
    const insertComment = old.prepare(`INSERT INTO comments VALUES (?, ?, ?, 'Hi', ?, ?, 2)`)
    insertComment.run(randomUUID(), ticketId, 'usr-aiko', 'public', '2026-01-02T00:00:00.000Z')
    insertComment.run(randomUUID(), ticketId, 'usr-emi', 'public', '2026-01-03T00:00:00.000Z')
    old.prepare(
      `INSERT INTO ticket_history VALUES ('h-1', ?, 'status', NULL, 'waiting_for_support', NULL, 'usr-aiko',
         '2026-01-01T00:00:00.000Z', 7)`,
    ).run(ticketId)
    old.close()

    const db = openHelpCenterDatabase(file)
    try {
      const ticket = db.prepare('SELECT priority, labels, last_customer_activity_at FROM tickets').get()
      expect(ticket).toEqual({ priority: null, labels: '[]', last_customer_activity_at: '2026-01-02T00:00:00.000Z' })
      expect(db.prepare('SELECT id, seq FROM ticket_history').all()).toEqual([{ id: 'h-1', seq: 7 }])
      const insertHistory = db.prepare(
        `INSERT INTO ticket_history VALUES (?, ?, ?, NULL, 'high', NULL, 'usr-daniel', '2026-01-04T00:00:00.000Z', 8)`,
      )
      insertHistory.run('h-2', ticketId, 'priority')
      expect(() => insertHistory.run('h-3', ticketId, 'mood')).toThrow(/CHECK/)
      expect(() => db.prepare(`UPDATE tickets SET priority = 'soon'`).run()).toThrow(/CHECK/)
    } finally {
      db.close()
    }
  })
})
