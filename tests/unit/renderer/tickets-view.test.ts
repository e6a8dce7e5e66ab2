// @vitest-environment happy-dom
import './fixed-layout'
import { enableAutoUnmount, flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFakeBridge, ok, renderApp, signedIn, ticket, ticketPage } from './harness'

enableAutoUnmount(afterEach)

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

const listQueries = (fake: ReturnType<typeof createFakeBridge>) =>
  fake.invocations.filter(({ command }) => command === 'tickets.list').map(({ input }) => input)

describe('tickets screen', () => {
  it('lists the tickets with their organization, cluster and response target', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn()),
      'tickets.list': () => ok(ticketPage([
        ticket({ unread: true }),
        ticket({
          id: '7a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
          key: 'SUP-1001',
          kind: 'account_billing',
          summary: 'Invoice shows the wrong company name',
          severity: 'S4',
          clusterId: null,
          status: 'resolved',
          firstRespondedAt: new Date(Date.now() - 3_600_000).toISOString(),
        }),
      ])),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets' })

    expect(listQueries(fake)[0]).toEqual({ status: 'all', sort: 'updated', offset: 0, limit: 100 })
    const rows = wrapper.findAll('[data-testid="ticket-row"]')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.text()).toMatch(/SUP-1042.*Replication lag on payments-prod.*Waiting for support.*S2.*Technical support.*Acme Payments.*payments-prod.*5 minutes ago.*Due in 1h 30m/)
    expect(rows[0]!.classes()).toContain('ticket-table__row--unread')
    expect(rows[1]!.text()).toMatch(/SUP-1001.*Invoice shows the wrong company name.*Resolved.*S4.*Account or billing.*Acme Payments.*—.*Met/)
    expect(wrapper.get('[data-testid="unread-count"]').text()).toBe('1')
  })

  it('tags a ticket still in the outbox as Pending, and a refused one as Failed', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn()),
      'tickets.list': () => ok(ticketPage([
        ticket({ key: null, syncState: 'pending' }),
        ticket({ id: '7a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d', key: null, syncState: 'failed', syncError: 'Technical tickets need a paid plan' }),
      ])),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets' })

    const [pending, failed] = wrapper.findAll('[data-testid="ticket-row"]')
    expect(pending!.get('[data-testid="sync-pending"]').text()).toBe('Pending')
    expect(failed!.get('[data-testid="sync-failed"]').text()).toContain('Failed')
    expect(failed!.text()).toContain('Technical tickets need a paid plan')
  })

  it('searches as the user types, once the typing settles', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn()),
      'tickets.list': (query) => ok(ticketPage(query.search ? [] : [ticket()])),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets' })

    const search = wrapper.get('[data-testid="ticket-search"]')
    await search.setValue('re')
    await search.setValue('region')
    await vi.waitFor(() => expect(listQueries(fake)).toHaveLength(2))
    await flushPromises()

    expect(listQueries(fake)[1]).toMatchObject({ search: 'region', offset: 0, limit: 100 })
    expect(wrapper.find('[data-testid="ticket-row"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="tickets-no-matches"]').text()).toContain('No tickets match these filters')
  })

  it('focuses the search box on /', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedIn()), 'tickets.list': () => ok(ticketPage([ticket()])) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets' })

    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '/', bubbles: true }))

    expect(document.activeElement).toBe(wrapper.get('[data-testid="ticket-search"]').element)
  })

  it('invites a user without tickets to file one', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedIn()), 'tickets.list': () => ok(ticketPage([])) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets' })

    expect(wrapper.get('[data-testid="tickets-empty"]').text()).toContain('No tickets yet')
    expect(wrapper.get('[data-testid="tickets-empty"]').text()).toContain('New ticket')
  })

  it('opens a ticket with Enter', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedIn()), 'tickets.list': () => ok(ticketPage([ticket()])) })
    const { wrapper, router } = await renderApp({ bridge: fake.bridge, path: '/tickets' })

    await wrapper.get('[data-testid="ticket-row"]').trigger('keydown', { key: 'Enter' })
    await flushPromises()

    expect(router.currentRoute.value.name).toBe('ticket')
    expect(router.currentRoute.value.params.ticketId).toBe(ticket().id)
  })

  it('reloads once for a burst of changes', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedIn()), 'tickets.list': () => ok(ticketPage([ticket()])) })
    await renderApp({ bridge: fake.bridge, path: '/tickets' })

    for (let index = 0; index < 5; index++) fake.emit('tickets.changed', { ticketIds: [ticket().id] })
    await vi.waitFor(() => expect(listQueries(fake)).toHaveLength(2))
    await new Promise((resolve) => setTimeout(resolve, 200))

    expect(listQueries(fake)).toHaveLength(2)
  })
})
