import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { changePageSchema, commentSchema, ticketSchema, type Ticket } from '../../shared/schemas/ticket'
import { DEMO_ACCOUNTS } from '../../server/seed/demo'
import { startFlakyProxy } from '../support/flaky-proxy'
import { apiAs, call, useCoreHarness } from '../support/core-harness'
import { useTempDir } from '../support/temp-dir'

describe('TAM triage: core against the real help center', () => {
  const tempDir = useTempDir('support-triage-')
  const { helpCenter, signedInCore, cleanups } = useCoreHarness()

  async function setUp() {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const proxy = await startFlakyProxy(server.url, { faultRate: 0, seed: 11 })
    cleanups.push(() => proxy.close())
    const tam = await signedInCore(join(dir, 'tam'), proxy.url, DEMO_ACCOUNTS.tam)
    const { staff } = await call(tam, 'triage.staff', {})
    const engineer = staff.find(({ name }) => name === DEMO_ACCOUNTS.engineer.name)!
    const staffApi = await apiAs(server.url, DEMO_ACCOUNTS.engineer)
    const serverTicket = (id: string): Promise<Ticket> =>
      staffApi.client.request(`/tickets/${id}`, { accessToken: staffApi.token, response: ticketSchema })
    return { dir, server, proxy, tam, engineer, staffApi, serverTicket }
  }

  it('queues severity, assignment, labels and an internal note offline across two organizations; all of it lands once', async () => {
    const { dir, server, proxy, tam, engineer, staffApi, serverTicket } = await setUp()
    const queue = await call(tam, 'triage.list', {})
    const organizations = new Set(queue.tickets.map((ticket) => ticket.organizationName))
    expect([...organizations].sort()).toEqual(['Helix Logistics', 'Kumo Mobility'])
    const helix = queue.tickets.find((ticket) => ticket.organizationName === 'Helix Logistics' && ticket.severity !== 'S1')!
    const kumo = queue.tickets.find((ticket) => ticket.organizationName === 'Kumo Mobility')!

    proxy.setFaultRate(1)
    await call(tam, 'sync.now', {})
    await call(tam, 'triage.apply', { ticketIds: [helix.id], action: { kind: 'setSeverity', severity: 'S1', reason: 'Checkout is down for all EU users' } })
    await call(tam, 'triage.apply', { ticketIds: [kumo.id], action: { kind: 'assign', assigneeId: engineer.id } })
    await call(tam, 'triage.apply', { ticketIds: [helix.id, kumo.id], action: { kind: 'labels', add: ['escalated'], remove: [] } })
    await call(tam, 'triage.apply', { ticketIds: [helix.id], action: { kind: 'note', body: 'Customer is renegotiating the contract; handle with care.' } })
    const offline = await call(tam, 'triage.list', {})
    expect(offline.tickets.find((ticket) => ticket.id === helix.id)).toMatchObject({ severity: 'S1', labels: ['escalated'], pendingChanges: 3 })

    proxy.setFaultRate(0)
    expect(await call(tam, 'sync.now', {})).toMatchObject({ pendingMutations: 0, failedMutations: 0 })
    expect(await serverTicket(helix.id)).toMatchObject({ severity: 'S1', labels: ['escalated'] })
    expect(await serverTicket(kumo.id)).toMatchObject({ assigneeId: engineer.id, labels: ['escalated'] })
    const { comments } = await staffApi.client.request(`/tickets/${helix.id}/comments`, {
      accessToken: staffApi.token,
      response: z.object({ comments: z.array(commentSchema) }),
    })
    expect(comments.filter((comment) => comment.body.startsWith('Customer is renegotiating'))).toEqual([
      expect.objectContaining({ visibility: 'internal' }),
    ])

    // The customer sees the severity change and its reason, never the note, the labels or the priority.
    const customer = await apiAs(server.url, DEMO_ACCOUNTS.premiumCustomer)
    const feed = await customer.client.request('/changes?after=0&limit=1000', { accessToken: customer.token, response: changePageSchema })
    const text = JSON.stringify(feed)
    expect(text).not.toContain('renegotiating')
    expect(text).not.toContain('escalated')
    const severityChange = feed.changes.find(
      (change) => change.entity === 'history' && change.history.ticketId === helix.id && change.history.field === 'severity',
    )
    expect(severityChange).toMatchObject({ history: { to: 'S1', reason: 'Checkout is down for all EU users' } })
    const customerCore = await signedInCore(join(dir, 'customer'), server.url, DEMO_ACCOUNTS.premiumCustomer)
    const seen = await call(customerCore, 'tickets.get', { ticketId: helix.id })
    expect(seen.ticket).toMatchObject({ severity: 'S1', labels: [], priority: null })
    expect(seen.comments.some((comment) => comment.visibility === 'internal')).toBe(false)
  })

  it('keeps the help center’s newer status, reports the change as not applied, loses no note, and re-applies on request', async () => {
    const { proxy, tam, staffApi, serverTicket } = await setUp()
    const ticket = (await call(tam, 'triage.list', { filters: { statuses: ['waiting_for_support'] } })).tickets[0]!

    proxy.setFaultRate(1)
    await call(tam, 'sync.now', {})
    await call(tam, 'triage.apply', { ticketIds: [ticket.id], action: { kind: 'setStatus', status: 'waiting_for_customer' } })
    await call(tam, 'triage.apply', { ticketIds: [ticket.id], action: { kind: 'note', body: 'Asked for the slow log on the bridge call.' } })
    await staffApi.client.request(`/tickets/${ticket.id}/status`, {
      method: 'POST',
      body: { status: 'resolved' },
      accessToken: staffApi.token,
      response: ticketSchema,
    })
    proxy.setFaultRate(0)
    await call(tam, 'sync.now', {})
    await call(tam, 'sync.now', {})

    expect((await serverTicket(ticket.id)).status).toBe('resolved')
    const row = (await call(tam, 'triage.list', { filters: { statuses: ['resolved'] } })).tickets.find(({ id }) => id === ticket.id)!
    expect(row.status).toBe('resolved')
    expect(row.notApplied).toEqual([
      expect.objectContaining({ field: 'status', yourValue: 'waiting_for_customer', serverValue: 'resolved' }),
    ])
    const conversation = await call(tam, 'tickets.get', { ticketId: ticket.id })
    expect(conversation.comments.find((comment) => comment.body.startsWith('Asked for the slow log'))).toMatchObject({
      visibility: 'internal',
      syncState: 'synced',
    })

    await call(tam, 'triage.reapply', { mutationId: row.notApplied[0]!.mutationId })
    expect(await call(tam, 'sync.now', {})).toMatchObject({ pendingMutations: 0, failedMutations: 0 })
    expect((await serverTicket(ticket.id)).status).toBe('waiting_for_customer')
  })

  it('undoes a bulk assignment as a whole, before and after it synced', async () => {
    const { proxy, tam, engineer, serverTicket } = await setUp()
    const unassigned = (await call(tam, 'triage.list', {})).tickets.filter((ticket) => ticket.assigneeId !== engineer.id).slice(0, 3)
    expect(unassigned).toHaveLength(3)
    const ids = unassigned.map(({ id }) => id)
    const before = await Promise.all(ids.map(async (id) => (await serverTicket(id)).assigneeId))

    proxy.setFaultRate(1)
    await call(tam, 'sync.now', {})
    const offlineBatch = await call(tam, 'triage.apply', { ticketIds: ids, action: { kind: 'assign', assigneeId: engineer.id } })
    expect(offlineBatch.applied).toBe(3)
    expect(await call(tam, 'triage.undo', { batchId: offlineBatch.batchId })).toMatchObject({ applied: 3 })
    expect((await call(tam, 'sync.status', {})).pendingMutations).toBe(0)

    proxy.setFaultRate(0)
    const batch = await call(tam, 'triage.apply', { ticketIds: ids, action: { kind: 'assign', assigneeId: engineer.id } })
    await call(tam, 'sync.now', {})
    expect(await Promise.all(ids.map(async (id) => (await serverTicket(id)).assigneeId))).toEqual([engineer.id, engineer.id, engineer.id])
    await call(tam, 'triage.undo', { batchId: batch.batchId })
    expect(await call(tam, 'sync.now', {})).toMatchObject({ pendingMutations: 0, failedMutations: 0 })
    expect(await Promise.all(ids.map(async (id) => (await serverTicket(id)).assigneeId))).toEqual(before)
  })

  it('refuses triage to customers', async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const customer = await signedInCore(join(dir, 'customer'), server.url)
    await expect(call(customer, 'triage.list', {})).rejects.toMatchObject({ code: 'forbidden' })
  })
})
