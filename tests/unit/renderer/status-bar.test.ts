// @vitest-environment happy-dom
import { enableAutoUnmount, flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFakeBridge, fail, ok, organization, renderApp, signedIn, syncStatus } from './harness'

enableAutoUnmount(afterEach)

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

describe('status bar', () => {
  it('shows the user, the organization and Online', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedIn()) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets' })

    expect(wrapper.get('[data-testid="status-user"]').text()).toContain('Aiko Tanaka')
    expect(wrapper.get('[data-testid="status-user"]').text()).toContain('aiko@acme.example')
    expect(wrapper.get('[data-testid="status-organization"]').text()).toContain('Acme Payments')
    expect(wrapper.get('[data-testid="status-organization"]').text()).toContain('Enterprise')
    expect(wrapper.get('[data-testid="status-connection"]').text()).toBe('Online')
    expect(wrapper.get('[data-testid="status-bar"]').text()).toContain('Profile updated just now')
    expect(wrapper.get('[data-testid="status-bar"]').text()).not.toContain('Retry')
  })

  it('shows Offline with the reason as a tooltip, and retries', async () => {
    const reason = 'help.example.com did not answer'
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn({ connection: 'offline', offlineReason: reason })),
      'session.refresh': () => ok(signedIn()),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets' })

    const connection = wrapper.get('[data-testid="status-connection"]')
    expect(connection.text()).toBe('Offline')

    // The tooltip's trigger is the dot and the word together.
    connection.element.parentElement!.dispatchEvent(new MouseEvent('mouseenter'))
    await vi.waitFor(() => expect(document.querySelector('.n-tooltip')).not.toBeNull())
    const tooltip = document.querySelector('.n-tooltip')
    expect(tooltip?.textContent).toContain(reason)

    const retry = wrapper.findAll('button').find((button) => button.text() === 'Retry')
    await retry!.trigger('click')
    await flushPromises()

    expect(fake.commands()).toContain('session.refresh')
    expect(wrapper.get('[data-testid="status-connection"]').text()).toBe('Online')
  })

  it('says how old the profile is', async () => {
    const fetchedAt = new Date(Date.now() - 5 * 60_000).toISOString()
    const fake = createFakeBridge({ 'session.get': () => ok(signedIn({ profileFetchedAt: fetchedAt })) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets' })

    expect(wrapper.get('[data-testid="status-bar"]').text()).toContain('Profile updated 5 minutes ago')
  })

  it('warns when the session will not survive a restart', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedIn({ sessionPersisted: false })) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets' })

    expect(wrapper.get('[data-testid="status-bar"]').text())
      .toContain('This system has no keychain: you will be signed out when the app quits.')
  })

  it('offers a switcher when the user has several organizations', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn({
        profile: {
          user: { id: 'user-1', email: 'aiko@acme.example', name: 'Aiko Tanaka', role: 'customer' },
          organizations: [organization(), organization({ id: 'org-kite', name: 'Kite Logistics', supportPlan: 'premium' })],
        },
      })),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets' })

    const switcher = wrapper.get('[data-testid="status-organization"]')
    expect(switcher.find('.n-base-selection').exists()).toBe(true)
    expect(switcher.text()).toContain('Acme Payments')
  })

  it('shows the progress of a long sync, then when it last synced', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn()),
      'sync.status': () => ok(syncStatus({ phase: 'syncing', pulled: 12_400, total: 50_000, lastSyncedAt: null })),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    expect(wrapper.get('[data-testid="status-sync"]').text()).toBe('Syncing 12,400 of 50,000')

    fake.emit('sync.status', syncStatus({ lastSyncedAt: new Date(Date.now() - 2 * 60_000).toISOString() }))
    await flushPromises()

    expect(wrapper.get('[data-testid="status-sync"]').text()).toBe('Last synced 2 minutes ago')
    expect(wrapper.get('[data-testid="status-connection"]').text()).toBe('Online')
  })

  it('counts the changes waiting to sync and warns about failed ones', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn()),
      'sync.status': () => ok(syncStatus({ phase: 'offline', pendingMutations: 3, failedMutations: 1 })),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    expect(wrapper.get('[data-testid="status-pending"]').text()).toBe('3 changes waiting to sync')
    expect(wrapper.get('[data-testid="status-failed"]').text()).toBe('1 change failed to sync')
  })

  it('says when the next attempt is due after a failure, and why', async () => {
    const lastError = 'The help center answered 500 Internal Server Error.'
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn()),
      'sync.status': () => ok(syncStatus({ phase: 'offline', lastError, retryAt: new Date(Date.now() + 8_000).toISOString() })),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    expect(wrapper.get('[data-testid="status-sync"]').text()).toMatch(/^Retrying in [789] s after: The help center answered 500 Internal Server Error\.$/)

    fake.emit('sync.status', syncStatus({ phase: 'offline', lastError, retryAt: new Date(Date.now() - 1_000).toISOString() }))
    await flushPromises()
    expect(wrapper.get('[data-testid="status-sync"]').text()).toBe(`Retrying now after: ${lastError}`)
  })

  it('says that the offline copy was damaged and rebuilt, with the whole story for screen readers', async () => {
    const notice = "This computer's copy of your tickets was damaged (the file is not a database). It was set aside."
    const fake = createFakeBridge({ 'session.get': () => ok(signedIn({ cacheRebuiltNotice: notice })) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    const item = wrapper.get('[data-testid="status-notice"]')
    expect(item.text()).toContain('Offline copy rebuilt')
    expect(item.get('.visually-hidden').text()).toBe(notice)
  })

  it('shows sync progress in Japanese', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn()),
      'sync.status': () => ok(syncStatus({ phase: 'syncing', pulled: 12_400, total: 50_000, pendingMutations: 2 })),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan', locale: 'ja' })

    expect(wrapper.get('[data-testid="status-sync"]').text()).toBe('同期中 12,400 / 50,000')
    expect(wrapper.get('[data-testid="status-pending"]').text()).toBe('同期待ちの変更 2 件')
  })

  it('syncs now on request, spinning while it syncs, and says why it failed', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn()),
      'sync.status': () => ok(syncStatus()),
      'sync.now': () => ok(syncStatus({ phase: 'syncing', lastSyncedAt: null })),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    const button = wrapper.get('[data-testid="sync-now"]')
    expect(button.element.tagName).toBe('BUTTON')
    expect(button.attributes('aria-label')).toBe('Sync now')
    expect(button.attributes('tabindex')).not.toBe('-1')
    await button.trigger('click')
    await flushPromises()

    expect(fake.invocations).toContainEqual({ command: 'sync.now', input: {} })
    expect(wrapper.get('[data-testid="status-sync"]').text()).toBe('Syncing…')
    expect(button.find('.n-base-loading').exists()).toBe(true)
    expect(wrapper.find('[data-testid="status-sync-error"]').exists()).toBe(false)

    fake.emit('sync.status', syncStatus({ phase: 'offline', lastError: 'help.example.com did not answer' }))
    await flushPromises()

    expect(button.find('.n-base-loading').exists()).toBe(false)
    expect(wrapper.get('[data-testid="status-sync-error"]').text()).toBe('Sync failed: help.example.com did not answer')

    fake.emit('sync.status', syncStatus())
    await flushPromises()
    expect(wrapper.find('[data-testid="status-sync-error"]').exists()).toBe(false)
  })

  it('keeps quiet about background failures, and shows a refused Sync now', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn()),
      'sync.status': () => ok(syncStatus({ phase: 'offline', lastError: 'help.example.com did not answer' })),
      'sync.now': () => fail('unauthorized', 'Sign in again to sync'),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })
    expect(wrapper.find('[data-testid="status-sync-error"]').exists()).toBe(false)

    await wrapper.get('[data-testid="sync-now"]').trigger('click')
    await flushPromises()

    expect(wrapper.get('[data-testid="status-sync-error"]').text()).toBe('Sync failed: Sign in again to sync')
  })
})
