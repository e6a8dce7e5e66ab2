import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { commentSchema, ticketSchema, type Ticket } from '../../shared/schemas/ticket'
import { z } from 'zod'
import { DEMO_ACCOUNTS } from '../../server/seed/demo'
import { startFlakyProxy } from '../support/flaky-proxy'
import { apiAs, call, until, useCoreHarness } from '../support/core-harness'
import { useTempDir } from '../support/temp-dir'

const billing = (summary: string) => ({
  ticket: { kind: 'account_billing' as const, summary, description: 'Our October invoice shows the wrong VAT number.', severity: 'S3' as const },
})

describe('ticket sync: core against the real help center', () => {
  const tempDir = useTempDir('support-sync-')
  const { helpCenter, signedInCore, cleanups } = useCoreHarness()
  const staff = (url: string) => apiAs(url, DEMO_ACCOUNTS.engineer)

  it('pulls the demo history and files a ticket created offline exactly once', async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const port = Number(new URL(server.url).port)
    const core = await signedInCore(join(dir, 'app'), server.url)
    const history = await call(core, 'tickets.list', {})
    expect(history.total).toBeGreaterThan(0)
    expect(history.tickets.every((ticket) => ticket.key?.startsWith('SUP-'))).toBe(true)

    await server.close()
    const created = await call(core, 'tickets.create', billing('Offline: wrong VAT number'))
    expect(created).toMatchObject({ key: null, syncState: 'pending' })
    expect((await call(core, 'sync.now', {})).pendingMutations).toBe(1)

    await helpCenter(join(dir, 'hc.sqlite'), port)
    const status = await call(core, 'sync.now', {})
    expect(status).toMatchObject({ pendingMutations: 0, failedMutations: 0 })
    const filed = await call(core, 'tickets.get', { ticketId: created.id })
    expect(filed.ticket).toMatchObject({ syncState: 'synced', key: expect.stringMatching(/^SUP-\d+$/) })

    const { client, token } = await staff(server.url)
    const onServer = await client.request(`/tickets/${created.id}`, { accessToken: token, response: ticketSchema })
    expect(onServer.key).toBe(filed.ticket.key)
    const everything = await call(core, 'tickets.list', { search: 'Offline wrong VAT' })
    expect(everything.tickets.map((ticket) => ticket.id)).toEqual([created.id])
  })

  it('shows an engineer reply without a manual refresh, as unread', async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const core = await signedInCore(join(dir, 'app'), server.url)
    const created = await call(core, 'tickets.create', billing('Please check our invoice'))
    await call(core, 'sync.now', {})
    const { client, token } = await staff(server.url)
    await client.request(`/tickets/${created.id}/replies`, {
      method: 'POST',
      body: { body: 'We are looking into the invoice now.', visibility: 'public' },
      accessToken: token,
      response: commentSchema,
    })
    const conversation = await until(async () => {
      const current = await call(core, 'tickets.get', { ticketId: created.id })
      return current.comments.some((comment) => comment.authorRole === 'engineer') && current
    }, 'the engineer reply to arrive through the event stream')
    expect(conversation.ticket.unread).toBe(true)
    expect(conversation.ticket.firstRespondedAt).not.toBeNull()
  })

  it('delivers 500 mutations through a proxy that fails a third of requests exactly once, in order per ticket', async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const proxy = await startFlakyProxy(server.url, { faultRate: 0, seed: 42 })
    cleanups.push(() => proxy.close())
    const core = await signedInCore(join(dir, 'app'), proxy.url)
    proxy.setFaultRate(1 / 3)

    const tickets: string[] = []
    for (let index = 0; index < 20; index++) tickets.push((await call(core, 'tickets.create', billing(`Flaky ${index}`))).id)
    for (let round = 1; round <= 24; round++) {
      for (const ticketId of tickets) await call(core, 'tickets.comment', { ticketId, body: `update ${round}` })
    }

    await until(async () => (await call(core, 'sync.now', {})).pendingMutations === 0, 'the outbox to drain', 120_000)
    proxy.setFaultRate(0)
    const faults = new Set(proxy.log.map((entry) => entry.fault).filter((fault) => fault !== null))
    // The dangerous case is among them: the server applied a batch and the app never heard back.
    expect([...faults].sort()).toEqual(['drop_request', 'drop_response', 'server_error'])

    const { client, token } = await staff(server.url)
    for (const ticketId of tickets) {
      const ticket: Ticket = await client.request(`/tickets/${ticketId}`, { accessToken: token, response: ticketSchema })
      expect(ticket.summary).toMatch(/^Flaky \d+$/)
      const { comments } = await client.request(`/tickets/${ticketId}/comments`, {
        accessToken: token,
        response: z.object({ comments: z.array(commentSchema) }),
      })
      const mine = comments.filter((comment) => comment.authorRole === 'customer').map((comment) => comment.body)
      expect(mine).toEqual(Array.from({ length: 24 }, (_, index) => `update ${index + 1}`))
    }
    expect((await call(core, 'sync.status', {})).failedMutations).toBe(0)
  })
})
