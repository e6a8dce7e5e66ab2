import { describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { demoHelpCenter, getAs, postAs, signIn, type TestHelpCenter } from './help-center'
import { INVOICE_QUESTION, WRITE_STALL, fileTicket, mutate } from './ticket-mutations'
import { DEMO_ACCOUNTS } from '../../../server/seed/demo'
import { supportErrorSchema } from '../../../shared/schemas/error'
import { ticketSearchPageSchema, type NewTicket } from '../../../shared/schemas/ticket'

async function search(app: FastifyInstance, accessToken: string, text: string, limit?: number) {
  const query = new URLSearchParams({ search: text, ...(limit === undefined ? {} : { limit: String(limit) }) })
  const response = await getAs(app, accessToken, `/api/v1/tickets?${query}`)
  expect(response.statusCode, response.body).toBe(200)
  return ticketSearchPageSchema.parse(response.json())
}

const NORTHWIND_STALL: NewTicket = {
  kind: 'technical',
  summary: 'Write stall on leaderboard-prod',
  organizationId: 'org-northwind',
  environment: 'production',
  severity: 'S2',
  component: 'tikv',
  affectedVersion: 'v7.5.6',
  description: 'Leaderboard writes are slow since the season launch.',
}

const JAPANESE_STALL: NewTicket = {
  ...WRITE_STALL,
  summary: 'payments-prod の書き込み遅延',
  description: '月末の締め処理の途中から書き込み遅延が発生しています。',
}

/** Aiko (Sakura, Pebble) and Ben (Northwind) file tickets; the engineer answers Aiko's first one. */
async function filedTickets(center: TestHelpCenter) {
  const { app, clock } = center
  const aiko = await signIn(app, DEMO_ACCOUNTS.customer)
  const ben = await signIn(app, DEMO_ACCOUNTS.member)
  const engineer = await signIn(app, DEMO_ACCOUNTS.engineer)
  const stall = fileTicket(WRITE_STALL)
  await mutate(app, aiko.accessToken, [stall])
  clock.advance(60_000)
  const invoice = fileTicket(INVOICE_QUESTION)
  await mutate(app, aiko.accessToken, [invoice])
  clock.advance(60_000)
  const japanese = fileTicket(JAPANESE_STALL)
  await mutate(app, aiko.accessToken, [japanese])
  await mutate(app, ben.accessToken, [fileTicket(NORTHWIND_STALL)])
  const replies = `/api/v1/tickets/${stall.ticketId}/replies`
  clock.advance(60_000)
  await postAs(app, engineer.accessToken, replies, { body: 'We added compaction threads on tikv-2.' })
  await postAs(app, engineer.accessToken, replies, { body: 'Kumquat escalation to the storage team.', visibility: 'internal' })
  return { aiko, ben, stall, invoice, japanese }
}

describe('GET /api/v1/tickets?search=', () => {
  it('finds tickets by summary, description and public replies, newest update first, within what the user may see', async () => {
    const center = await demoHelpCenter()
    const { aiko, ben, stall, japanese } = await filedTickets(center)

    const stalls = await search(center.app, aiko.accessToken, 'write stall')
    expect(stalls.tickets.map((ticket) => ticket.id)).toEqual([stall.ticketId])
    expect(stalls.total).toBe(1)
    expect((await search(center.app, ben.accessToken, 'write stall')).tickets.map((ticket) => ticket.summary)).toEqual([
      NORTHWIND_STALL.summary,
    ])

    expect((await search(center.app, aiko.accessToken, 'compaction threads')).tickets.map((ticket) => ticket.id)).toEqual([
      stall.ticketId,
    ])
    expect((await search(center.app, aiko.accessToken, 'pending compaction')).tickets).toHaveLength(1)
    expect((await search(center.app, aiko.accessToken, '書き込み遅延')).tickets.map((ticket) => ticket.id)).toEqual([
      japanese.ticketId,
    ])
    // The engineer's reply made the first ticket the most recently updated one.
    const everything = await search(center.app, aiko.accessToken, 'payments')
    expect(everything.tickets.map((ticket) => ticket.id)).toEqual([stall.ticketId, japanese.ticketId])
  })

  it('never matches internal notes, and treats what is typed as text, not query syntax', async () => {
    const center = await demoHelpCenter()
    const { aiko } = await filedTickets(center)
    expect(await search(center.app, aiko.accessToken, 'kumquat')).toEqual({ tickets: [], total: 0 })
    expect(await search(center.app, aiko.accessToken, '"stall" OR NEAR(')).toEqual({ tickets: [], total: 0 })
    expect((await search(center.app, aiko.accessToken, 'stall*')).total).toBe(0)
  })

  it('matches terms too short for the index against summaries, and counts every match beyond the limit', async () => {
    const center = await demoHelpCenter()
    const { aiko, invoice } = await filedTickets(center)
    expect((await search(center.app, aiko.accessToken, 'on Duplicate')).tickets.map((ticket) => ticket.id)).toEqual([
      invoice.ticketId,
    ])
    const first = await search(center.app, aiko.accessToken, 'payments', 1)
    expect(first.tickets).toHaveLength(1)
    expect(first.total).toBe(2)
  })

  it('matches a short term after a NUL in a summary, and takes % and _ as text', async () => {
    const { app } = await demoHelpCenter()
    const aiko = await signIn(app, DEMO_ACCOUNTS.customer)
    const nul = fileTicket({ ...WRITE_STALL, summary: 'Log line\0 ab_% cut here' })
    await mutate(app, aiko.accessToken, [nul])
    expect((await search(app, aiko.accessToken, 'ab')).tickets.map((ticket) => ticket.id)).toContain(nul.ticketId)
    expect((await search(app, aiko.accessToken, '_%')).tickets.map((ticket) => ticket.id)).toEqual([nul.ticketId])
  })

  it('needs a session and something to search for', async () => {
    const { app } = await demoHelpCenter()
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/tickets?search=stall' })
    expect(anonymous.statusCode).toBe(401)
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    const blank = await getAs(app, accessToken, '/api/v1/tickets?search=%20%20')
    expect(blank.statusCode).toBe(400)
    expect(supportErrorSchema.parse(blank.json()).code).toBe('invalid_input')
  })
})
