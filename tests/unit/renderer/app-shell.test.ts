// @vitest-environment happy-dom
import './fixed-layout'
import { enableAutoUnmount, flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useTicketsStore } from '../../../renderer/stores/tickets'
import { asTam, createFakeBridge, ok, renderApp, signedIn, signedOut, ticket, ticketPage } from './harness'

enableAutoUnmount(afterEach)

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

const NAV_TEST_IDS = ['nav-tickets', 'nav-new-ticket', 'nav-plan', 'nav-settings']

describe('app shell', () => {
  it('shows a customer the navigation without Triage', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedIn()) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets' })

    for (const testId of NAV_TEST_IDS) expect(wrapper.find(`[data-testid="${testId}"]`).exists(), testId).toBe(true)
    expect(wrapper.find('[data-testid="nav-triage"]').exists()).toBe(false)
  })

  it('shows a TAM the Triage item, which leads to the triage screen', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(asTam(signedIn())) })
    const { wrapper, router } = await renderApp({ bridge: fake.bridge, path: '/tickets' })

    const triage = wrapper.get('[data-testid="nav-triage"]')
    expect(triage.element.tagName).toBe('A')
    await triage.trigger('click')
    await flushPromises()

    expect(router.currentRoute.value.name).toBe('triage')
  })

  it('sends a customer who opens the triage screen to the tickets', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedIn()) })
    const { router } = await renderApp({ bridge: fake.bridge, path: '/triage' })

    expect(router.currentRoute.value.name).toBe('tickets')
  })

  it('sends someone signed out to the sign-in screen, and back after signing in', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedOut()),
      'tickets.list': () => ok(ticketPage([ticket({ summary: 'TiKV region unavailable' })])),
    })
    const { wrapper, router } = await renderApp({ bridge: fake.bridge, path: '/plan' })
    expect(router.currentRoute.value.name).toBe('sign-in')

    fake.emit('session.changed', signedIn())
    await flushPromises()

    expect(router.currentRoute.value.name).toBe('tickets')
    expect(wrapper.get('[data-testid="ticket-row"]').text()).toContain('TiKV region unavailable')
    expect(wrapper.text()).toContain('Acme Payments')
  })

  it('shows the unread count on Tickets, and hides it when there is none', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn()),
      'tickets.list': () => ok(ticketPage([ticket({ unread: true })], { unreadTotal: 3 })),
      'tickets.markRead': () => ok({ unreadTotal: 0 }),
    })
    const { wrapper, pinia } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    expect(wrapper.get('[data-testid="unread-count"]').text()).toBe('3')

    await useTicketsStore(pinia).markRead(ticket().id)
    await flushPromises()

    expect(wrapper.find('[data-testid="unread-count"]').exists()).toBe(false)
  })

  it('returns to the sign-in screen when the session expires', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedIn()) })
    const { wrapper, router } = await renderApp({ bridge: fake.bridge, path: '/settings' })

    fake.emit('session.changed', signedOut({ notice: 'Your session expired. Sign in again.' }))
    await flushPromises()

    expect(router.currentRoute.value.name).toBe('sign-in')
    expect(wrapper.get('[data-testid="sign-in-error"]').text()).toBe('Your session expired. Sign in again.')
  })

  it('signs out after confirmation', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn()),
      'session.signOut': () => ok(signedOut({ lastEmail: 'aiko@acme.example' })),
    })
    const { wrapper, router } = await renderApp({ bridge: fake.bridge, path: '/settings' })

    await wrapper.get('[data-testid="sign-out"]').trigger('click')
    await flushPromises()
    expect(document.body.textContent).toContain('Signing out removes this account\'s cached data from this computer.')
    expect(fake.commands()).not.toContain('session.signOut')

    document.querySelector<HTMLButtonElement>('[data-testid="sign-out-confirm"]')!.click()
    await flushPromises()

    expect(fake.commands()).toContain('session.signOut')
    expect(router.currentRoute.value.name).toBe('sign-in')
  })
})
