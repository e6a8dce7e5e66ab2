import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { demoHelpCenter, tempDir } from './help-center'
import { INVOICE_QUESTION, WRITE_STALL, fileTicket } from './ticket-mutations'
import { DEMO_ACCOUNTS, type DemoAccount } from '../../../server/seed/demo'
import { startHelpCenter, type RunningHelpCenter } from '../../../server/start'
import { tokenGrantSchema, type TokenGrant } from '../../../shared/schemas/account'
import { changePageSchema, commentSchema, mutationResultsSchema, type Mutation } from '../../../shared/schemas/ticket'

interface ServerSentEvent {
  event: string
  data: string
}

async function request(url: string, method: string, token?: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  return fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
}

async function signIn(server: RunningHelpCenter, account: DemoAccount): Promise<TokenGrant> {
  const { email, password } = account
  const response = await request(`${server.url}/api/v1/auth/token`, 'POST', undefined, { email, password })
  return tokenGrantSchema.parse(await response.json())
}

async function mutate(server: RunningHelpCenter, token: string, mutations: Mutation[]) {
  const response = await request(`${server.url}/api/v1/mutations`, 'POST', token, { mutations })
  return mutationResultsSchema.parse(await response.json()).results
}

async function latestFor(server: RunningHelpCenter, token: string): Promise<number> {
  const response = await request(`${server.url}/api/v1/changes?limit=1`, 'GET', token)
  return changePageSchema.parse(await response.json()).latest
}

/** Reads the stream event by event, skipping heartbeat comments; `null` once the server ends it. */
async function openEvents(server: RunningHelpCenter, token: string) {
  const response = await request(`${server.url}/api/v1/events`, 'GET', token)
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  async function next(): Promise<ServerSentEvent | null> {
    for (;;) {
      const end = buffer.indexOf('\n\n')
      if (end >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const fields = block.split('\n').filter((line) => !line.startsWith(':'))
        if (fields.length === 0) continue
        const field = (name: string) =>
          fields.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2) ?? ''
        return { event: field('event'), data: field('data') }
      }
      const { value, done } = await reader.read()
      if (done) return null
      buffer += value
    }
  }
  return { response, next, cancel: () => reader.cancel() }
}

async function demoServer(): Promise<RunningHelpCenter> {
  return startHelpCenter({ dbFile: join(tempDir(), 'help-center.sqlite'), seed: 'demo', demoAutoReply: { delayMs: 0 } })
}

describe('GET /api/v1/events', () => {
  it('tells a connected client when something it can see changes', { timeout: 20_000 }, async () => {
    const server = await demoServer()
    try {
      const aiko = await signIn(server, DEMO_ACCOUNTS.customer)
      const engineer = await signIn(server, DEMO_ACCOUNTS.engineer)
      const events = await openEvents(server, aiko.accessToken)
      expect(events.response.status).toBe(200)
      expect(events.response.headers.get('content-type')).toMatch(/^text\/event-stream/)
      // The first event says where the feed stands now.
      const before = await latestFor(server, aiko.accessToken)
      expect(await events.next()).toEqual({ event: 'changes', data: JSON.stringify({ latest: before }) })

      const filed = fileTicket(WRITE_STALL)
      const [result] = await mutate(server, aiko.accessToken, [filed])
      expect(result!.status).toBe('applied')
      const seq = result!.status === 'applied' ? result!.seq : -1
      expect(await events.next()).toEqual({ event: 'changes', data: JSON.stringify({ latest: seq }) })

      // An internal note is nothing Aiko can pull, so the next event she gets is the public reply's.
      const repliesUrl = `${server.url}/api/v1/tickets/${filed.ticketId}/replies`
      await request(repliesUrl, 'POST', engineer.accessToken, { body: 'Checking tikv-2.', visibility: 'internal' })
      commentSchema.parse(await (await request(repliesUrl, 'POST', engineer.accessToken, { body: 'On it.' })).json())
      const latest = await latestFor(server, aiko.accessToken)
      expect(latest).toBeGreaterThan(seq + 1)
      expect(await events.next()).toEqual({ event: 'changes', data: JSON.stringify({ latest }) })
      await events.cancel()
    } finally {
      await server.close()
    }
  })

  it('lets close() return with a client still connected, ending its stream', { timeout: 20_000 }, async () => {
    const server = await demoServer()
    const { accessToken } = await signIn(server, DEMO_ACCOUNTS.customer)
    const events = await openEvents(server, accessToken)
    expect((await events.next())?.event).toBe('changes')
    await server.close()
    expect(await events.next()).toBeNull()
  })

  it('ends the stream once its session is signed out', { timeout: 20_000 }, async () => {
    const server = await demoServer()
    try {
      const aiko = await signIn(server, DEMO_ACCOUNTS.customer)
      const events = await openEvents(server, aiko.accessToken)
      expect((await events.next())?.event).toBe('changes')
      await request(`${server.url}/api/v1/auth/revoke`, 'POST', undefined, { refreshToken: aiko.refreshToken })
      // Any change wakes the stream up, which then finds the session gone.
      const ben = await signIn(server, DEMO_ACCOUNTS.member)
      await mutate(server, ben.accessToken, [fileTicket({ ...INVOICE_QUESTION, organizationId: 'org-northwind' })])
      expect(await events.next()).toBeNull()
    } finally {
      await server.close()
    }
  })

  it('asks for a token before streaming anything', async () => {
    const { app } = await demoHelpCenter()
    const response = await app.inject({ method: 'GET', url: '/api/v1/events' })
    expect(response.statusCode).toBe(401)
    expect(response.json().code).toBe('unauthorized')
  })
})
