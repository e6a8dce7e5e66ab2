import { describe, expect, it } from 'vitest'
import { demoHelpCenter, getAs, postAs, signIn } from './help-center'
import {
  INVOICE_QUESTION,
  WRITE_STALL,
  addComment,
  allChanges,
  changePage,
  commentIdsIn,
  fileTicket,
  mutate,
  setStatus,
  ticketIdsIn,
} from './ticket-mutations'
import { DEMO_ACCOUNTS } from '../../../server/seed/demo'
import { supportErrorSchema } from '../../../shared/schemas/error'
import { commentSchema, ticketSchema, type Change, type Ticket } from '../../../shared/schemas/ticket'
import { firstResponseDue } from '../../../shared/domain/first-response'
import { PUBLISHED_RESPONSE_TARGETS } from '../../../shared/domain/response-targets'

function ticketsIn(changes: Change[]): Ticket[] {
  return changes.flatMap((change) => (change.entity === 'ticket' ? [change.ticket] : []))
}

describe('filing tickets through /mutations', () => {
  it('stores it waiting for support, with its key and first-response deadline, and feeds it to /changes', async () => {
    const { app, clock } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    const technical = fileTicket(WRITE_STALL)
    const billing = fileTicket(INVOICE_QUESTION, 'Europe/Berlin')

    const results = await mutate(app, accessToken, [technical, billing])
    expect(results.map((result) => result.status)).toEqual(['applied', 'applied'])

    const page = await changePage(app, accessToken)
    const [first, second] = ticketsIn(page.changes)
    const appliedSeqs = results.map((result) => (result.status === 'applied' ? result.seq : -1))
    // Each filing is the ticket and the first entry of its history; the result names the last of them.
    expect(page.changes.map((change) => change.entity)).toEqual(['ticket', 'history', 'ticket', 'history'])
    expect([page.changes[1]!.seq, page.changes[3]!.seq]).toEqual(appliedSeqs)
    expect(first).toMatchObject({
      id: technical.ticketId,
      key: 'SUP-1001',
      kind: 'technical',
      organizationId: 'org-sakura',
      clusterId: 'cl-payments-prod',
      environment: 'production',
      component: 'tikv',
      affectedVersion: 'v8.5.1',
      status: 'waiting_for_support',
      requesterId: 'usr-aiko',
      requesterName: 'Aiko Sato',
      assigneeId: null,
      assigneeName: null,
      timeZone: 'Asia/Tokyo',
      createdAt: clock.now().toISOString(),
      firstRespondedAt: null,
    })
    const due = firstResponseDue({
      createdAt: clock.now(),
      plan: 'enterprise',
      severity: 'S2',
      timeZone: 'Asia/Tokyo',
      targets: PUBLISHED_RESPONSE_TARGETS,
    })
    expect(first!.firstResponseDueAt).toBe(due!.toISOString())
    // Pebble Labs is on Basic, which promises no response time.
    expect(second).toMatchObject({
      key: 'SUP-1002',
      kind: 'account_billing',
      environment: null,
      firstResponseDueAt: null,
    })
    expect(page).toMatchObject({ cursor: page.changes.at(-1)!.seq, hasMore: false, latest: page.changes.at(-1)!.seq })
  })

  it('applies a repeated mutation once and answers every repeat with the first result', async () => {
    const { app } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    const mutation = fileTicket(WRITE_STALL)

    const firstBatch = await mutate(app, accessToken, [mutation, mutation])
    const secondBatch = await mutate(app, accessToken, [mutation])
    expect(firstBatch[0]).toMatchObject({ id: mutation.id, status: 'applied' })
    expect(firstBatch[1]).toEqual(firstBatch[0])
    expect(secondBatch[0]).toEqual(firstBatch[0])
    expect((await allChanges(app, accessToken)).map((change) => change.entity)).toEqual(['ticket', 'history'])

    // Same ticket id under a new mutation id: a different request that collides.
    const [collision] = await mutate(app, accessToken, [{ ...mutation, id: crypto.randomUUID() }])
    expect(collision).toMatchObject({ status: 'rejected', error: { code: 'conflict' } })

    // Someone else replaying the id gets no result of Aiko's and changes nothing.
    const ben = await signIn(app, DEMO_ACCOUNTS.member)
    const [stolen] = await mutate(app, ben.accessToken, [mutation])
    expect(stolen).toMatchObject({ id: mutation.id, status: 'rejected', error: { code: 'conflict' } })
    expect(await allChanges(app, ben.accessToken)).toEqual([])
    expect(await mutate(app, accessToken, [mutation])).toEqual([firstBatch[0]])
  })

  it('refuses the whole batch with 400 and the field when one breaks the shared schema (S1 billing)', async () => {
    const { app } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    const valid = fileTicket(WRITE_STALL)
    const s1Billing = fileTicket({ ...INVOICE_QUESTION, severity: 'S1' } as never)

    const response = await postAs(app, accessToken, '/api/v1/mutations', { mutations: [valid, s1Billing] })
    expect(response.statusCode).toBe(400)
    const body = supportErrorSchema.parse(response.json())
    expect(body.code).toBe('invalid_input')
    expect(body.fields?.['mutations.1.ticket.severity']).toBe(
      'Choose S2, S3 or S4: S1 is not available for account or billing tickets',
    )
    expect(await allChanges(app, accessToken)).toEqual([])
  })

  it('rejects a technical ticket on Basic, pointing to the community, without stopping the rest', async () => {
    const { app } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    const pebble = fileTicket({ ...WRITE_STALL, organizationId: 'org-pebble', clusterId: 'cl-pebble-prototype' })
    const sakura = fileTicket(WRITE_STALL)

    const [rejected, applied] = await mutate(app, accessToken, [pebble, sakura])
    expect(rejected).toMatchObject({ id: pebble.id, status: 'rejected', error: { code: 'forbidden' } })
    const message = rejected!.status === 'rejected' ? rejected!.error.message : ''
    expect(message).toContain('Basic')
    expect(message).toMatch(/Slack|Discord/)
    expect(message).toMatch(/upgrade/i)
    expect(applied).toMatchObject({ id: sakura.id, status: 'applied' })
    expect([...ticketIdsIn(await allChanges(app, accessToken))]).toEqual([sakura.ticketId])
    // The rejection is the mutation's answer from now on, too.
    expect(await mutate(app, accessToken, [pebble])).toEqual([rejected])
  })

  it('rejects a cluster of another organization on clusterId, and an organization the caller is not in', async () => {
    const { app } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    const [foreignCluster, foreignOrganization, clusterWithoutOrganization] = await mutate(app, accessToken, [
      fileTicket({ ...WRITE_STALL, clusterId: 'cl-leaderboard-prod' }),
      fileTicket({ ...WRITE_STALL, organizationId: 'org-northwind', clusterId: 'cl-leaderboard-prod' }),
      fileTicket({ ...INVOICE_QUESTION, organizationId: undefined, clusterId: 'cl-payments-prod' }),
    ])
    expect(foreignCluster).toMatchObject({ status: 'rejected', error: { code: 'invalid_input' } })
    expect(foreignCluster!.status === 'rejected' && foreignCluster!.error.fields?.clusterId).toBeTruthy()
    expect(foreignOrganization).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } })
    expect(clusterWithoutOrganization).toMatchObject({
      status: 'rejected',
      error: { fields: { clusterId: expect.any(String) } },
    })
    expect(await allChanges(app, accessToken)).toEqual([])
  })
})

describe('who sees which ticket', () => {
  it('keeps a customer to their own tickets and their organizations’ tickets, in /changes and by id', async () => {
    const { app, db } = await demoHelpCenter()
    const aiko = await signIn(app, DEMO_ACCOUNTS.customer)
    const ben = await signIn(app, DEMO_ACCOUNTS.member)
    const chen = await signIn(app, DEMO_ACCOUNTS.premiumCustomer)
    const sakura = fileTicket(WRITE_STALL)
    const personal = fileTicket({ ...INVOICE_QUESTION, organizationId: undefined })
    const northwind = fileTicket({ ...WRITE_STALL, organizationId: 'org-northwind', clusterId: 'cl-leaderboard-prod' })
    const helix = fileTicket({ ...WRITE_STALL, organizationId: 'org-helix', clusterId: 'cl-shipments-prod' })
    await mutate(app, aiko.accessToken, [sakura, personal])
    await mutate(app, ben.accessToken, [northwind, addComment(northwind.ticketId, 'Still failing.')])
    await mutate(app, chen.accessToken, [helix])

    expect(ticketIdsIn(await allChanges(app, aiko.accessToken))).toEqual(new Set([sakura.ticketId, personal.ticketId]))
    expect(ticketIdsIn(await allChanges(app, ben.accessToken))).toEqual(new Set([northwind.ticketId]))
    const missing = await getAs(app, aiko.accessToken, `/api/v1/tickets/${crypto.randomUUID()}`)
    for (const url of [`/api/v1/tickets/${northwind.ticketId}`, `/api/v1/tickets/${northwind.ticketId}/comments`]) {
      const response = await getAs(app, aiko.accessToken, url)
      expect(response.statusCode, url).toBe(404)
      expect(response.json(), url).toEqual(missing.json())
    }
    const own = await getAs(app, aiko.accessToken, `/api/v1/tickets/${sakura.ticketId}`)
    expect(ticketSchema.parse(own.json()).key).toBe('SUP-1001')
    expect((await getAs(app, aiko.accessToken, '/api/v1/tickets/not-a-uuid')).statusCode).toBe(404)
    const [hidden] = await mutate(app, aiko.accessToken, [addComment(northwind.ticketId, 'Hello?')])
    expect(hidden).toMatchObject({ status: 'rejected', error: { code: 'not_found' } })

    // Joining Sakura shows Ben its tickets, but not Aiko's personal one.
    db.prepare('INSERT INTO memberships (user_id, organization_id, org_role) VALUES (?, ?, ?)').run(
      'usr-ben',
      'org-sakura',
      'member',
    )
    expect(ticketIdsIn(await allChanges(app, ben.accessToken))).toEqual(new Set([northwind.ticketId, sakura.ticketId]))
    expect((await getAs(app, ben.accessToken, `/api/v1/tickets/${personal.ticketId}`)).statusCode).toBe(404)

    const tam = await signIn(app, DEMO_ACCOUNTS.tam)
    expect(ticketIdsIn(await allChanges(app, tam.accessToken))).toEqual(new Set([helix.ticketId]))
    const engineer = await signIn(app, DEMO_ACCOUNTS.engineer)
    expect(ticketIdsIn(await allChanges(app, engineer.accessToken)).size).toBe(4)
    expect((await getAs(app, engineer.accessToken, `/api/v1/tickets/${northwind.ticketId}`)).statusCode).toBe(200)
  })

  it('never sends internal notes to a customer, but does to engineers and TAMs', async () => {
    const { app } = await demoHelpCenter()
    const chen = await signIn(app, DEMO_ACCOUNTS.premiumCustomer)
    const engineer = await signIn(app, DEMO_ACCOUNTS.engineer)
    const tam = await signIn(app, DEMO_ACCOUNTS.tam)
    const filed = fileTicket({ ...WRITE_STALL, organizationId: 'org-helix', clusterId: 'cl-shipments-prod' })
    await mutate(app, chen.accessToken, [filed])
    const repliesUrl = `/api/v1/tickets/${filed.ticketId}/replies`
    const staffReply = async (body: object) =>
      commentSchema.parse((await postAs(app, engineer.accessToken, repliesUrl, body)).json())
    const note = await staffReply({ body: 'Disk at 91% on tikv-2.', visibility: 'internal' })
    const reply = await staffReply({ body: 'Looking into it.' })
    expect(reply.visibility).toBe('public')

    const commentsUrl = `/api/v1/tickets/${filed.ticketId}/comments`
    const customerFeed = await allChanges(app, chen.accessToken)
    expect(commentIdsIn(customerFeed)).toEqual(new Set([reply.id]))
    expect(JSON.stringify(customerFeed)).not.toContain('91%')
    const customerComments = await getAs(app, chen.accessToken, commentsUrl)
    expect(customerComments.json().comments.map((comment: { id: string }) => comment.id)).toEqual([reply.id])
    expect(customerComments.body).not.toContain('91%')
    // The customer's `latest` does not move for a note they will never get.
    expect((await changePage(app, chen.accessToken)).latest).toBe(customerFeed.at(-1)!.seq)

    for (const staff of [engineer, tam]) {
      expect(commentIdsIn(await allChanges(app, staff.accessToken))).toEqual(new Set([note.id, reply.id]))
      const comments = (await getAs(app, staff.accessToken, commentsUrl)).json().comments
      expect(comments.map((comment: { id: string }) => comment.id)).toEqual([note.id, reply.id])
    }
  })
})

describe('paging through /changes', () => {
  it('walks every change exactly once, in order, whatever the page size', async () => {
    const { app } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    const filed = [fileTicket(WRITE_STALL), fileTicket(INVOICE_QUESTION), fileTicket(WRITE_STALL)]
    await mutate(app, accessToken, filed)
    await mutate(app, accessToken, [
      addComment(filed[0]!.ticketId, 'More logs attached.'),
      setStatus(filed[1]!.ticketId, 'resolved'),
    ])
    const everything = await allChanges(app, accessToken)
    // Filings: ticket and history each; the comment and the resolution move their tickets to the end (a ticket keeps
    // one row in the feed, its latest); the resolution adds its history entry.
    expect(everything).toHaveLength(3 * 2 + 1 + 1)
    expect(everything.filter((change) => change.entity === 'ticket')).toHaveLength(3)

    for (const limit of [1, 2, 4]) {
      const walked: Change[] = []
      let after = 0
      for (;;) {
        const page = await changePage(app, accessToken, after, limit)
        expect(page.changes.length).toBeLessThanOrEqual(limit)
        expect(page.latest).toBe(everything.at(-1)!.seq)
        walked.push(...page.changes)
        expect(page.cursor).toBe(page.changes.at(-1)?.seq ?? after)
        after = page.cursor
        if (!page.hasMore) break
      }
      expect(walked.map((change) => change.seq), `limit ${limit}`).toEqual(everything.map((change) => change.seq))
    }
    const pastTheEnd = await changePage(app, accessToken, everything.at(-1)!.seq, 10)
    expect(pastTheEnd).toMatchObject({ changes: [], cursor: everything.at(-1)!.seq, hasMore: false })
  })

  it('answers a bad query with 400 and no token with 401', async () => {
    const { app } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    const bad = await getAs(app, accessToken, '/api/v1/changes?limit=5001')
    expect(bad.statusCode).toBe(400)
    expect(supportErrorSchema.parse(bad.json()).fields?.limit).toBeDefined()
    expect((await app.inject({ method: 'GET', url: '/api/v1/changes' })).statusCode).toBe(401)
    const anonymous = await app.inject({ method: 'POST', url: '/api/v1/mutations', payload: { mutations: [] } })
    expect(anonymous.statusCode).toBe(401)
  })
})

describe('the conversation', () => {
  it('moves the ticket between support and the customer as each side replies or changes its status', async () => {
    const { app, clock } = await demoHelpCenter()
    const aiko = await signIn(app, DEMO_ACCOUNTS.customer)
    const engineer = await signIn(app, DEMO_ACCOUNTS.engineer)
    const filed = fileTicket(WRITE_STALL)
    await mutate(app, aiko.accessToken, [filed])
    const ticketUrl = `/api/v1/tickets/${filed.ticketId}`
    const ticket = async () => ticketSchema.parse((await getAs(app, aiko.accessToken, ticketUrl)).json())

    clock.advance(10 * 60_000) // within the access token's 15 minutes
    const repliedAt = clock.now().toISOString()
    const reply = await postAs(app, engineer.accessToken, `${ticketUrl}/replies`, { body: 'We raised the limits.' })
    expect(reply.statusCode).toBe(201)
    expect(commentSchema.parse(reply.json())).toMatchObject({
      ticketId: filed.ticketId,
      authorId: 'usr-emi',
      authorName: 'Emi Nakamura',
      authorRole: 'engineer',
      visibility: 'public',
      createdAt: repliedAt,
    })
    expect(await ticket()).toMatchObject({
      status: 'waiting_for_customer',
      firstRespondedAt: repliedAt,
      assigneeId: 'usr-emi',
      assigneeName: 'Emi Nakamura',
      updatedAt: repliedAt,
    })

    await mutate(app, aiko.accessToken, [addComment(filed.ticketId, 'Throughput is back.')])
    expect((await ticket()).status).toBe('waiting_for_support')
    clock.advance(60_000)
    await postAs(app, engineer.accessToken, `${ticketUrl}/replies`, { body: 'Great, closing soon.' })
    expect((await ticket()).firstRespondedAt).toBe(repliedAt)

    const [resolved] = await mutate(app, aiko.accessToken, [setStatus(filed.ticketId, 'resolved')])
    expect((await ticket()).status).toBe('resolved')
    const [reopened] = await mutate(app, aiko.accessToken, [setStatus(filed.ticketId, 'open')])
    expect((await ticket()).status).toBe('waiting_for_support')
    expect(resolved!.status === 'applied' && reopened!.status === 'applied' && reopened!.seq > resolved!.seq).toBe(true)

    const closed = await postAs(app, engineer.accessToken, `${ticketUrl}/status`, { status: 'closed' })
    expect(ticketSchema.parse(closed.json()).status).toBe('closed')
    const comments = (await getAs(app, aiko.accessToken, `${ticketUrl}/comments`)).json().comments
    const authors = comments.map((comment: { authorId: string }) => comment.authorId)
    expect(authors).toEqual(['usr-emi', 'usr-aiko', 'usr-emi'])
  })

  it('keeps the staff endpoints to engineers and admins', async () => {
    const { app } = await demoHelpCenter()
    const aiko = await signIn(app, DEMO_ACCOUNTS.customer)
    const filed = fileTicket(WRITE_STALL)
    await mutate(app, aiko.accessToken, [filed])
    for (const account of [DEMO_ACCOUNTS.customer, DEMO_ACCOUNTS.tam]) {
      const { accessToken } = await signIn(app, account)
      const reply = await postAs(app, accessToken, `/api/v1/tickets/${filed.ticketId}/replies`, { body: 'Hi' })
      const status = await postAs(app, accessToken, `/api/v1/tickets/${filed.ticketId}/status`, { status: 'closed' })
      for (const response of [reply, status]) {
        expect(response.statusCode, account.email).toBe(403)
        expect(response.json().code).toBe('forbidden')
      }
    }
    const admin = await signIn(app, DEMO_ACCOUNTS.admin)
    const ticketUrl = `/api/v1/tickets/${filed.ticketId}`
    const missingUrl = `/api/v1/tickets/${crypto.randomUUID()}/replies`
    const missing = await postAs(app, admin.accessToken, missingUrl, { body: 'Hi' })
    expect(missing.statusCode).toBe(404)
    const badStatus = await postAs(app, admin.accessToken, `${ticketUrl}/status`, { status: 'done' })
    expect(badStatus.statusCode).toBe(400)
    expect((await allChanges(app, aiko.accessToken)).map((change) => change.entity)).toEqual(['ticket', 'history'])
  })
})
