import { describe, expect, it } from 'vitest'
import { demoHelpCenter, getAs, postAs, signIn } from './help-center'
import {
  WRITE_STALL,
  addAttachment,
  addComment,
  allChanges,
  fileTicket,
  historyIn,
  mutate,
  setStatus,
} from './ticket-mutations'
import { DEMO_ACCOUNTS } from '../../../server/seed/demo'
import { ticketSchema } from '../../../shared/schemas/ticket'

const MINUTE = 60_000
const LOG = { fileName: 'tikv.log', contentType: 'text/plain', content: Buffer.from('[WARN] write stall\n') }

describe('ticket history', () => {
  it('records the filing and each real change of status or assignee, with who made it, in the feed', async () => {
    const { app, clock } = await demoHelpCenter()
    const aiko = await signIn(app, DEMO_ACCOUNTS.customer)
    const engineer = await signIn(app, DEMO_ACCOUNTS.engineer)
    const filed = fileTicket(WRITE_STALL)
    await mutate(app, aiko.accessToken, [filed])
    const filedAt = clock.now().toISOString()
    clock.advance(5 * MINUTE)
    const repliesUrl = `/api/v1/tickets/${filed.ticketId}/replies`
    await postAs(app, engineer.accessToken, repliesUrl, { body: 'Checking.', visibility: 'internal' })
    await postAs(app, engineer.accessToken, repliesUrl, { body: 'We raised the limits.' })
    const repliedAt = clock.now().toISOString()
    clock.advance(MINUTE)
    // Already assigned and already waiting for the customer: nothing more to record.
    await postAs(app, engineer.accessToken, repliesUrl, { body: 'One more thing.' })
    await mutate(app, aiko.accessToken, [addComment(filed.ticketId, 'Throughput is back.')])
    const answeredAt = clock.now().toISOString()

    const byAiko = { actorId: 'usr-aiko', actorName: 'Aiko Sato', actorRole: 'customer' }
    const byEmi = { actorId: 'usr-emi', actorName: 'Emi Nakamura', actorRole: 'engineer' }
    const expected = [
      { field: 'status', from: null, to: 'waiting_for_support', ...byAiko, at: filedAt },
      { field: 'status', from: 'waiting_for_support', to: 'waiting_for_customer', ...byEmi, at: repliedAt },
      { field: 'assignee', from: null, to: 'Emi Nakamura', ...byEmi, at: repliedAt },
      { field: 'status', from: 'waiting_for_customer', to: 'waiting_for_support', ...byAiko, at: answeredAt },
    ].map((entry) => ({ ...entry, id: expect.any(String), ticketId: filed.ticketId, reason: null }))
    expect(historyIn(await allChanges(app, aiko.accessToken))).toEqual(expected)
    expect(historyIn(await allChanges(app, engineer.accessToken))).toEqual(expected)
    // Someone outside the organization sees none of it.
    const ben = await signIn(app, DEMO_ACCOUNTS.member)
    expect(historyIn(await allChanges(app, ben.accessToken))).toEqual([])
  })

  it('records status changes made through the staff endpoint and the customer’s resolve and reopen', async () => {
    const { app } = await demoHelpCenter()
    const aiko = await signIn(app, DEMO_ACCOUNTS.customer)
    const admin = await signIn(app, DEMO_ACCOUNTS.admin)
    const filed = fileTicket(WRITE_STALL)
    await mutate(app, aiko.accessToken, [filed])
    await postAs(app, admin.accessToken, `/api/v1/tickets/${filed.ticketId}/status`, { status: 'open' })
    await mutate(app, aiko.accessToken, [setStatus(filed.ticketId, 'resolved'), setStatus(filed.ticketId, 'resolved')])
    await mutate(app, aiko.accessToken, [setStatus(filed.ticketId, 'open')])

    const steps = historyIn(await allChanges(app, aiko.accessToken)).map(({ from, to, actorName }) => ({
      from,
      to,
      actorName,
    }))
    expect(steps).toEqual([
      { from: null, to: 'waiting_for_support', actorName: 'Aiko Sato' },
      { from: 'waiting_for_support', to: 'open', actorName: 'Sam Rivera' },
      { from: 'open', to: 'resolved', actorName: 'Aiko Sato' },
      { from: 'resolved', to: 'waiting_for_support', actorName: 'Aiko Sato' },
    ])
  })
})

describe('closed tickets', () => {
  it('refuse a customer’s reply, file or reopening, pointing to a follow-up ticket', async () => {
    const { app } = await demoHelpCenter()
    const aiko = await signIn(app, DEMO_ACCOUNTS.customer)
    const engineer = await signIn(app, DEMO_ACCOUNTS.engineer)
    const filed = fileTicket(WRITE_STALL)
    const reply = addComment(filed.ticketId, 'Logs attached.')
    await mutate(app, aiko.accessToken, [filed, reply])
    const ticketUrl = `/api/v1/tickets/${filed.ticketId}`
    await postAs(app, engineer.accessToken, `${ticketUrl}/status`, { status: 'closed' })
    const before = await allChanges(app, aiko.accessToken)

    const results = await mutate(app, aiko.accessToken, [
      addComment(filed.ticketId, 'It is back.'),
      addAttachment(filed.ticketId, LOG),
      addAttachment(filed.ticketId, LOG, reply.commentId),
      setStatus(filed.ticketId, 'open'),
      setStatus(filed.ticketId, 'resolved'),
    ])
    for (const result of results) {
      expect(result).toMatchObject({
        status: 'rejected',
        error: { code: 'ticket_closed', message: 'SUP-1001 is closed. File a follow-up ticket instead.' },
      })
    }
    expect(await allChanges(app, aiko.accessToken)).toEqual(before)
    expect(ticketSchema.parse((await getAs(app, aiko.accessToken, ticketUrl)).json()).status).toBe('closed')
  })

  it('refuse support’s public replies too, but still take its internal notes', async () => {
    const { app } = await demoHelpCenter()
    const aiko = await signIn(app, DEMO_ACCOUNTS.customer)
    const engineer = await signIn(app, DEMO_ACCOUNTS.engineer)
    const filed = fileTicket(WRITE_STALL)
    await mutate(app, aiko.accessToken, [filed])
    const ticketUrl = `/api/v1/tickets/${filed.ticketId}`
    await postAs(app, engineer.accessToken, `${ticketUrl}/status`, { status: 'closed' })
    const before = await allChanges(app, aiko.accessToken)

    const publicReply = await postAs(app, engineer.accessToken, `${ticketUrl}/replies`, { body: 'One more thing…', visibility: 'public' })
    expect(publicReply.statusCode).toBe(409)
    expect(publicReply.json()).toMatchObject({ code: 'ticket_closed' })
    expect(await allChanges(app, aiko.accessToken)).toEqual(before)

    const note = await postAs(app, engineer.accessToken, `${ticketUrl}/replies`, { body: 'Root cause written up in the wiki.', visibility: 'internal' })
    expect(note.statusCode).toBe(201)
  })

  it('unlike resolved ones, which a customer’s reply puts back in support’s queue', async () => {
    const { app } = await demoHelpCenter()
    const aiko = await signIn(app, DEMO_ACCOUNTS.customer)
    const filed = fileTicket(WRITE_STALL)
    await mutate(app, aiko.accessToken, [filed, setStatus(filed.ticketId, 'resolved')])
    const [reply] = await mutate(app, aiko.accessToken, [addComment(filed.ticketId, 'It is back.')])
    expect(reply).toMatchObject({ status: 'applied' })
    const ticket = ticketSchema.parse((await getAs(app, aiko.accessToken, `/api/v1/tickets/${filed.ticketId}`)).json())
    expect(ticket.status).toBe('waiting_for_support')
  })
})
