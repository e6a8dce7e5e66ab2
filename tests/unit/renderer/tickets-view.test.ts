// @vitest-environment happy-dom
import './fixed-layout'
import { enableAutoUnmount, flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TicketListQuery } from '../../../shared/schemas/local-ticket'
import { createFakeBridge, ok, renderApp, signedIn, ticket, ticketPage } from './harness'

enableAutoUnmount(afterEach)

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

const listQueries = (fake: ReturnType<typeof createFakeBridge>) =>
  fake.invocations.filter(({ command }) => command === 'tickets.list').map(({ input }) => input as TicketListQuery)

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
    expect(rows[0]!.text()).toMatch(/SUP-1042.*Replication lag on payments-prod.*Waiting for support.*S2.*Due in 1h 30m.*5 minutes ago.*Technical support.*Acme Payments.*payments-prod/)
    expect(rows[0]!.classes()).toContain('ticket-table__row--unread')
    expect(rows[1]!.text()).toMatch(/SUP-1001.*Invoice shows the wrong company name.*Resolved.*S4.*Met.*Account or billing.*Acme Payments.*—/)
    // Header and cells line up, column for column.
    const headers = [...document.querySelectorAll('[role="columnheader"]')].map((header) => header.textContent!.trim())
    const cells = [...rows[0]!.element.querySelectorAll('[role="cell"]')].map((cell) => cell.textContent!.trim())
    expect(Object.fromEntries(headers.map((header, index) => [header, cells[index]]))).toMatchObject({
      'Severity': 'S2',
      'First response': 'Due in 1h 30m',
      'Updated': '5 minutes ago',
      'Kind': 'Technical support',
      'Cluster': 'payments-prod',
    })
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

    // The Ticket screen's code loads when first opened.
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('ticket'))
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

  describe('with 50,000 tickets', () => {
    const TOTAL = 50_000
    const ROW_HEIGHT = 44

    /** The help center's history of a big account: ticket n is SUP-n, newest first. */
    function bigAccount() {
      return createFakeBridge({
        'session.get': () => ok(signedIn()),
        'tickets.list': ({ offset = 0, limit = 100 }) => {
          const tickets = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - offset)) }, (_, position) => {
            const index = offset + position
            return ticket({ id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, key: `SUP-${index}`, summary: `Ticket number ${index}` })
          })
          return ok(ticketPage(tickets, { total: TOTAL, unreadTotal: 0 }))
        },
      })
    }

    const renderedKeys = () => [...document.querySelectorAll('[data-testid="ticket-row"]')].map((row) => row.textContent!.match(/SUP-\d+/)![0])
    const viewport = () => document.querySelector<HTMLElement>('.ticket-table__viewport')!

    async function scrollTo(row: number) {
      viewport().scrollTop = row * ROW_HEIGHT
      viewport().dispatchEvent(new Event('scroll'))
      await flushPromises()
    }

    it('keeps only a screenful of rows in the page, however long the list', async () => {
      const fake = bigAccount()
      await renderApp({ bridge: fake.bridge, path: '/tickets' })

      expect(document.querySelector<HTMLElement>('.ticket-table__body')!.style.height).toBe(`${TOTAL * ROW_HEIGHT}px`)
      expect(document.querySelector('.ticket-table')!.getAttribute('aria-rowcount')).toBe(String(TOTAL + 1))
      const keys = renderedKeys()
      expect(keys[0]).toBe('SUP-0')
      expect(keys.length).toBeGreaterThan(10)
      expect(keys.length).toBeLessThan(60)
      // The first page, then the next one ahead of the scroll.
      expect(listQueries(fake)).toEqual([
        { status: 'all', sort: 'updated', offset: 0, limit: 100 },
        { status: 'all', sort: 'updated', offset: 100, limit: 100 },
      ])
    })

    it('loads the page the user scrolls to, showing placeholders until it arrives', async () => {
      const fake = bigAccount()
      let releasePage: () => void = () => {}
      const answer = fake.answers['tickets.list']!
      await renderApp({ bridge: fake.bridge, path: '/tickets' })
      fake.answers['tickets.list'] = async (input) => {
        await new Promise<void>((resolve) => (releasePage = resolve))
        return answer(input)
      }

      await scrollTo(31_337)
      expect(document.querySelectorAll('[data-testid="ticket-row-placeholder"]').length).toBeGreaterThan(10)
      expect(document.querySelector('[data-testid="ticket-row-placeholder"]')!.getAttribute('aria-label')).toBe('Loading tickets…')

      releasePage()
      await flushPromises()
      const keys = renderedKeys()
      expect(keys).toContain('SUP-31337')
      expect(document.querySelector('[data-row-index="31337"]')!.getAttribute('aria-rowindex')).toBe('31339')
      // Only the pages on screen and next to it were asked for, in one request, not the 312 pages before them.
      const [jump, ...more] = listQueries(fake).slice(2)
      expect(more).toEqual([])
      expect(jump!.offset).toBeGreaterThanOrEqual(31_100)
      expect(jump!.offset! + jump!.limit!).toBeGreaterThan(31_337 + 20)
      expect(jump!.limit).toBeLessThanOrEqual(400)
    })

    it('moves through the rows with the keyboard, loading the end of the list for End', async () => {
      const fake = bigAccount()
      const { router } = await renderApp({ bridge: fake.bridge, path: '/tickets' })
      const row = (index: number) => document.querySelector<HTMLElement>(`[data-row-index="${index}"]`)!

      expect(row(0).tabIndex).toBe(0)
      expect(row(1).tabIndex).toBe(-1)
      row(0).focus()
      row(0).dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }))
      await flushPromises()
      expect(document.activeElement).toBe(row(1))
      expect(row(1).tabIndex).toBe(0)

      row(1).dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }))
      await flushPromises()
      expect(viewport().scrollTop).toBeGreaterThan((TOTAL - 20) * ROW_HEIGHT)
      expect(document.activeElement).toBe(row(TOTAL - 1))
      expect(row(TOTAL - 1).textContent).toContain(`SUP-${TOTAL - 1}`)

      row(TOTAL - 1).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
      await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('ticket'))
      expect(router.currentRoute.value.params.ticketId).toBe(`00000000-0000-4000-8000-${String(TOTAL - 1).padStart(12, '0')}`)
    })

    it('lets Tab into the table where it is scrolled to', async () => {
      const fake = bigAccount()
      await renderApp({ bridge: fake.bridge, path: '/tickets' })
      await scrollTo(25_000)

      expect(document.querySelectorAll('[data-testid="ticket-row"][tabindex="0"]')).toHaveLength(0)
      expect(viewport().tabIndex).toBe(0)
      viewport().focus()
      await flushPromises()

      expect(document.activeElement).toBe(document.querySelector('[data-row-index="25000"]'))
      expect(viewport().tabIndex).toBe(-1)
    })

    it('reloads the pages on screen when tickets change, not every page seen before', async () => {
      const fake = bigAccount()
      await renderApp({ bridge: fake.bridge, path: '/tickets' })
      await scrollTo(12_000)
      const before = listQueries(fake).length

      fake.emit('tickets.changed', { ticketIds: [ticket().id] })
      await vi.waitFor(() => expect(listQueries(fake).length).toBe(before + 1))

      const reload = listQueries(fake).at(-1)!
      expect(reload.offset).toBeGreaterThanOrEqual(11_700)
      expect(reload.offset! + reload.limit!).toBeGreaterThan(12_000)
      expect(reload.limit).toBeLessThanOrEqual(500)
      await flushPromises()
      expect(renderedKeys()).toContain('SUP-12000')
    })

    it('goes back to the top when the filters change', async () => {
      const fake = bigAccount()
      const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets' })
      await scrollTo(20_000)

      await wrapper.get('[data-testid="ticket-search"]').setValue('region')
      await vi.waitFor(() => expect(listQueries(fake)).toContainEqual(expect.objectContaining({ search: 'region', offset: 0 })))
      await flushPromises()

      expect(viewport().scrollTop).toBe(0)
      expect(renderedKeys()[0]).toBe('SUP-0')
    })
  })
})

