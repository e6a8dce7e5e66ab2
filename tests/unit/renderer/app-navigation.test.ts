// @vitest-environment happy-dom
import './fixed-layout'
import { enableAutoUnmount, flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useTicketsStore } from '../../../renderer/stores/tickets'
import { createFakeBridge, ok, organization, renderApp, signedIn, signedOut, ticket, ticketPage } from './harness'
import { conversation } from './ticket-fixtures'

enableAutoUnmount(afterEach)

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

type Wrapper = Awaited<ReturnType<typeof renderApp>>['wrapper']

const twoOrganizations = signedIn({
  profile: {
    user: { id: 'user-1', email: 'aiko@acme.example', name: 'Aiko Tanaka', role: 'customer' },
    organizations: [
      organization({ id: 'org-hobby', name: 'Aiko Hobby', supportPlan: 'basic', clusters: [] }),
      organization(),
    ],
  },
})

function navigationBridge(overrides: Parameters<typeof createFakeBridge>[0] = {}) {
  return createFakeBridge({
    'session.get': () => ok(twoOrganizations),
    'tickets.list': () => ok(ticketPage([ticket()])),
    'tickets.get': () => ok(conversation()),
    'tickets.markRead': () => ok({ unreadTotal: 0 }),
    'drafts.get': () => ok(null),
    'drafts.save': (input) => ok({ ...input, savedAt: new Date().toISOString() }),
    'tickets.similar': () => ok({ tickets: [] }),
    ...overrides,
  })
}

const selected = (wrapper: Wrapper, testId: string) => wrapper.get(`[data-testid="${testId}"]`).text()
const isEmpty = (wrapper: Wrapper, testId: string) => wrapper.find(`[data-testid="${testId}"] .n-base-selection-placeholder`).exists()
const version = (wrapper: Wrapper) => wrapper.get<HTMLInputElement>('[data-testid="ticket-version"]').element.value

describe('navigation asked for by the main process', () => {
  it('opens a ticket', async () => {
    const fake = navigationBridge()
    const { wrapper, router } = await renderApp({ bridge: fake.bridge, path: '/settings' })

    fake.emit('app.navigate', { to: 'ticket', ticketId: ticket().id })
    await flushPromises()

    expect(router.currentRoute.value.name).toBe('ticket')
    expect(router.currentRoute.value.params.ticketId).toBe(ticket().id)
    expect(wrapper.get('[data-testid="ticket-key"]').text()).toBe('SUP-1042')
  })

  it('opens the tickets with the search filled in', async () => {
    const fake = navigationBridge()
    const { wrapper, router, pinia } = await renderApp({ bridge: fake.bridge, path: '/settings' })

    fake.emit('app.navigate', { to: 'tickets', search: 'replication lag' })
    await flushPromises()

    expect(router.currentRoute.value.name).toBe('tickets')
    expect(useTicketsStore(pinia).filters.search).toBe('replication lag')
    expect(wrapper.get<HTMLInputElement>('.ticket-list-toolbar input').element.value).toBe('replication lag')
  })

  it('opens the technical form with the organization, cluster and its version filled in', async () => {
    const fake = navigationBridge()
    const { wrapper, router } = await renderApp({ bridge: fake.bridge, path: '/tickets' })

    fake.emit('app.navigate', { to: 'new-ticket', kind: 'technical', organizationId: 'org-acme', clusterId: 'cl-2' })
    await flushPromises()

    expect(router.currentRoute.value.name).toBe('new-ticket')
    expect(wrapper.get('[data-testid="kind-technical"]').attributes('aria-pressed')).toBe('true')
    expect(selected(wrapper, 'ticket-organization')).toBe('Acme Payments · Enterprise')
    expect(selected(wrapper, 'ticket-cluster')).toBe('payments-staging (v8.1.2)')
    expect(version(wrapper)).toBe('v8.1.2')
    expect(isEmpty(wrapper, 'ticket-cluster')).toBe(false)
    expect(wrapper.find('[data-testid="link-note"]').exists()).toBe(false)
  })

  it('fills in a form that is already open', async () => {
    const fake = navigationBridge()
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets/new?kind=technical&org=org-acme&cluster=cl-2' })
    expect(version(wrapper)).toBe('v8.1.2')

    fake.emit('app.navigate', { to: 'new-ticket', kind: 'technical', organizationId: 'org-acme', clusterId: 'cl-1' })
    await flushPromises()

    expect(selected(wrapper, 'ticket-cluster')).toBe('payments-prod (v8.5.1)')
    expect(version(wrapper)).toBe('v8.5.1')
  })

  it('leaves out an organization that is not the user\'s, and says so', async () => {
    const fake = navigationBridge()
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets' })

    fake.emit('app.navigate', { to: 'new-ticket', kind: 'technical', organizationId: 'org-elsewhere', clusterId: 'cl-9' })
    await flushPromises()

    expect(wrapper.get('[data-testid="link-note"]').text())
      .toBe('The link named an organization that is not one of yours (org-elsewhere), so none is chosen.')
    expect(isEmpty(wrapper, 'ticket-organization')).toBe(true)
    expect(isEmpty(wrapper, 'ticket-cluster')).toBe(true)
  })

  it('leaves out a cluster of another organization, and says so', async () => {
    const fake = navigationBridge()
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets' })

    fake.emit('app.navigate', { to: 'new-ticket', kind: 'account_billing', organizationId: 'org-acme', clusterId: 'cl-other' })
    await flushPromises()

    expect(wrapper.get('[data-testid="link-note"]').text())
      .toBe('The link named a cluster that is not in Acme Payments (cl-other), so none is chosen.')
    expect(selected(wrapper, 'ticket-organization')).toBe('Acme Payments · Enterprise')
    expect(isEmpty(wrapper, 'ticket-cluster')).toBe(true)
  })

  it('remembers where to go while signed out, and goes there after sign-in', async () => {
    const fake = navigationBridge({ 'session.get': () => ok(signedOut()) })
    const { router } = await renderApp({ bridge: fake.bridge, path: '/tickets' })
    expect(router.currentRoute.value.name).toBe('sign-in')

    fake.emit('app.navigate', { to: 'ticket', ticketId: ticket().id })
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('sign-in')

    fake.emit('session.changed', twoOrganizations)
    await flushPromises()

    expect(router.currentRoute.value.name).toBe('ticket')
    expect(router.currentRoute.value.params.ticketId).toBe(ticket().id)
  })
})

describe('notices from the main process', () => {
  it('shows an error wherever the user is', async () => {
    const fake = navigationBridge({ 'session.get': () => ok(signedOut()) })
    await renderApp({ bridge: fake.bridge, path: '/sign-in' })

    fake.emit('app.notice', { level: 'error', message: 'That link could not be opened: unknown ticket key SUP-0' })
    await flushPromises()

    const shown = document.querySelector('.n-message')
    expect(shown?.textContent).toContain('That link could not be opened: unknown ticket key SUP-0')
    expect(shown?.classList.contains('n-message--error-type')).toBe(true)
    expect(document.querySelector('[role="status"]')?.textContent?.trim()).toBe('That link could not be opened: unknown ticket key SUP-0')
  })
})
