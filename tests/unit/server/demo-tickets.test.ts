import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { demoHelpCenter, getAs, signIn, tempDir } from './help-center'
import {
  WRITE_STALL,
  allChanges,
  attachmentsIn,
  fileTicket,
  historyIn,
  mutate,
  ticketIdsIn,
} from './ticket-mutations'
import { DEMO_ACCOUNTS } from '../../../server/seed/demo'
import { seedDemoTickets } from '../../../server/seed/demo-tickets'
import { startHelpCenter } from '../../../server/start'
import { tokenGrantSchema } from '../../../shared/schemas/account'
import { attachmentWithContentSchema } from '../../../shared/schemas/attachment'
import { changePageSchema, commentSchema, type Change, type Ticket } from '../../../shared/schemas/ticket'

const DAY = 24 * 3_600_000

function ticketsIn(changes: Change[]): Map<string, Ticket> {
  return new Map(changes.flatMap((change) => (change.entity === 'ticket' ? [[change.ticket.id, change.ticket]] : [])))
}

async function feedOf(url: string, account: { email: string; password: string }): Promise<Change[]> {
  const { email, password } = account
  const grant = await fetch(`${url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  const { accessToken } = tokenGrantSchema.parse(await grant.json())
  const page = await fetch(`${url}/api/v1/changes?limit=1000`, { headers: { authorization: `Bearer ${accessToken}` } })
  return changePageSchema.parse(await page.json()).changes
}

describe('the demo ticket history', () => {
  it('is seeded once, recent, and scoped like any other ticket', { timeout: 30_000 }, async () => {
    const dbFile = join(tempDir(), 'help-center.sqlite')
    const first = await startHelpCenter({ dbFile, seed: 'demo', demoAutoReply: { delayMs: 0 } })
    let engineerFeed: Change[]
    try {
      engineerFeed = await feedOf(first.url, DEMO_ACCOUNTS.engineer)
      const all = [...ticketsIn(engineerFeed).values()]
      expect(all.map((ticket) => ticket.key)).toEqual(all.map((_, index) => `SUP-${1001 + index}`))
      const aikos = all.filter((ticket) => ticket.requesterId === 'usr-aiko')
      expect(aikos.length).toBeGreaterThanOrEqual(8)
      expect(new Set(aikos.map((ticket) => ticket.organizationId))).toEqual(new Set(['org-sakura', 'org-pebble', null]))
      expect(new Set(aikos.map((ticket) => ticket.kind))).toEqual(new Set(['technical', 'account_billing']))
      expect(new Set(aikos.map((ticket) => ticket.status)).size).toBeGreaterThanOrEqual(3)
      for (const ticket of all) {
        const age = Date.now() - Date.parse(ticket.createdAt)
        expect(age, ticket.key).toBeGreaterThan(0)
        expect(age, ticket.key).toBeLessThan(60 * DAY)
      }
      const comments = engineerFeed.flatMap((change) => (change.entity === 'comment' ? [change.comment] : []))
      const fromEmi = comments.filter((comment) => comment.authorName === 'Emi Nakamura')
      expect(fromEmi.some((comment) => comment.visibility === 'public')).toBe(true)
      expect(comments.some((comment) => comment.visibility === 'internal')).toBe(true)

      const aikoFeed = await feedOf(first.url, DEMO_ACCOUNTS.customer)
      expect(ticketIdsIn(aikoFeed)).toEqual(new Set(aikos.map((ticket) => ticket.id)))
      const aikosComments = aikoFeed.flatMap((change) => (change.entity === 'comment' ? [change.comment] : []))
      expect(aikosComments.length).toBeGreaterThan(0)
      expect(aikosComments.every((comment) => comment.visibility === 'public')).toBe(true)
    } finally {
      await first.close()
    }

    const second = await startHelpCenter({ dbFile, seed: 'demo', demoAutoReply: { delayMs: 0 } })
    try {
      expect(await feedOf(second.url, DEMO_ACCOUNTS.engineer)).toEqual(engineerFeed)
    } finally {
      await second.close()
    }
  })
})

describe('the demo files and history', () => {
  it('shows a newcomer a customer’s log, an engineer’s chart and every ticket’s history', async () => {
    const { app, db, clock } = await demoHelpCenter()
    expect(seedDemoTickets(db, clock.now())).toBe(true)
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    const feed = await allChanges(app, accessToken)
    const tickets = ticketsIn(feed)

    const files = attachmentsIn(feed)
    expect(files.map(({ fileName, uploaderName, commentId }) => [fileName, uploaderName, commentId === null])).toEqual([
      ['tikv-2-write-stall.log', 'Aiko Sato', true],
      ['tikv-2-pending-compaction-bytes.png', 'Emi Nakamura', false],
      ['ledger-to-kafka.toml', 'Aiko Sato', false],
    ])
    const download = async (id: string) =>
      attachmentWithContentSchema.parse((await getAs(app, accessToken, `/api/v1/attachments/${id}`)).json())
    const log = await download(files[0]!.id)
    expect(Buffer.from(log.contentBase64, 'base64').toString()).toContain('Write stall')
    const chart = Buffer.from((await download(files[1]!.id)).contentBase64, 'base64')
    expect(chart.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    expect(chart.length).toBe(files[1]!.size)
    expect(chart.length).toBeLessThan(1024)

    // Seeded through the same paths as live tickets, so each has its history.
    const history = historyIn(feed)
    for (const ticket of tickets.values()) {
      const own = history.filter((entry) => entry.ticketId === ticket.id)
      expect(own[0], ticket.key).toMatchObject({ field: 'status', from: null, to: 'waiting_for_support' })
      expect(own.filter((entry) => entry.field === 'status').at(-1)!.to, ticket.key).toBe(ticket.status)
    }
    const closing = history.filter((entry) => entry.to === 'closed')
    expect(closing.length).toBeGreaterThan(0)
    expect(closing.every((entry) => entry.actorName === 'Emi Nakamura')).toBe(true)
  })
})

describe('the demo engineer’s auto-reply', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('answers a newly filed ticket once, after the delay, as Emi', async () => {
    const { app, clock } = await demoHelpCenter({ demoAutoReply: { delayMs: 4000 } })
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const filed = fileTicket(WRITE_STALL)
    await mutate(app, accessToken, [filed, filed])
    await mutate(app, accessToken, [filed])
    const commentsUrl = `/api/v1/tickets/${filed.ticketId}/comments`
    const comments = async () => (await getAs(app, accessToken, commentsUrl)).json().comments as unknown[]

    await vi.advanceTimersByTimeAsync(3999)
    expect(await comments()).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    const [reply, ...more] = await comments()
    expect(more).toEqual([])
    expect(commentSchema.parse(reply)).toMatchObject({ authorName: 'Emi Nakamura', visibility: 'public' })
    expect(commentSchema.parse(reply).body).toContain(WRITE_STALL.summary)
    const ticket = (await getAs(app, accessToken, `/api/v1/tickets/${filed.ticketId}`)).json()
    expect(ticket).toMatchObject({ status: 'waiting_for_customer', firstRespondedAt: clock.now().toISOString() })

    await vi.advanceTimersByTimeAsync(60_000)
    expect(await comments()).toHaveLength(1)
    expect(ticketIdsIn(await allChanges(app, accessToken)).size).toBe(1)
  })

  it('drops pending replies when the help center closes', async () => {
    const { app } = await demoHelpCenter({ demoAutoReply: { delayMs: 4000 } })
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    await mutate(app, accessToken, [fileTicket(WRITE_STALL)])
    expect(vi.getTimerCount()).toBe(1)
    await app.close()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('runs inside startHelpCenter’s demo mode', { timeout: 30_000 }, async () => {
    const server = await startHelpCenter({
      dbFile: join(tempDir(), 'help-center.sqlite'),
      seed: 'demo',
      demoAutoReply: { delayMs: 10 },
    })
    try {
      const { email, password } = DEMO_ACCOUNTS.customer
      const grant = await fetch(`${server.url}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      })
      const headers = { authorization: `Bearer ${tokenGrantSchema.parse(await grant.json()).accessToken}` }
      const filed = fileTicket(WRITE_STALL)
      await fetch(`${server.url}/api/v1/mutations`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ mutations: [filed] }),
      })
      const comments = async () => {
        const response = await fetch(`${server.url}/api/v1/tickets/${filed.ticketId}/comments`, { headers })
        return z.object({ comments: z.array(commentSchema) }).parse(await response.json()).comments
      }
      await vi.waitFor(async () => expect(await comments()).toHaveLength(1), { timeout: 10_000, interval: 20 })
      expect((await comments())[0]!.authorName).toBe('Emi Nakamura')
    } finally {
      await server.close()
    }
  })
})
