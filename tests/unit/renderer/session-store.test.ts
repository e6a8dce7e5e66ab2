// @vitest-environment happy-dom
import { createPinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createApp } from 'vue'
import { SupportError } from '../../../shared/schemas/error'
import { useSessionStore } from '../../../renderer/stores/session'
import { createSupportClient, supportClientKey } from '../../../renderer/support-client'
import { createFakeBridge, fail, ok, organization, signedIn, signedOut } from './harness'

beforeEach(() => {
  localStorage.clear()
})

/** A store in its own app, as the renderer creates it, over the given fake bridge. */
function createStore(fake: ReturnType<typeof createFakeBridge>) {
  const app = createApp({})
  app.use(createPinia())
  app.provide(supportClientKey, createSupportClient(fake.bridge))
  return app.runWithContext(() => useSessionStore())
}

const twoOrganizations = signedIn({
  profile: {
    user: { id: 'user-1', email: 'aiko@acme.example', name: 'Aiko Tanaka', role: 'customer' },
    organizations: [organization(), organization({ id: 'org-kite', name: 'Kite Logistics', supportPlan: 'premium' })],
  },
})

describe('session store', () => {
  it('switches to signed in when the main process announces a new session', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedOut()) })
    const session = createStore(fake)
    await session.load()
    expect(session.isSignedIn).toBe(false)

    fake.emit('session.changed', signedIn())

    expect(session.isSignedIn).toBe(true)
    expect(session.profile?.user.name).toBe('Aiko Tanaka')
    expect(session.connection).toBe('online')
    expect(session.selectedOrganization?.name).toBe('Acme Payments')
  })

  it('asks for the session once however many callers wait for it', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedIn()) })
    const session = createStore(fake)

    await Promise.all([session.load(), session.load(), session.load()])

    expect(fake.commands()).toEqual(['session.get'])
    expect(session.isSignedIn).toBe(true)
  })

  it('falls back to the sign-in screen with the reason when the session cannot be read', async () => {
    const fake = createFakeBridge({ 'session.get': () => fail('internal', 'The session store is corrupt') })
    const session = createStore(fake)

    await session.load()

    expect(session.state).toEqual({ status: 'signed_out', demoAvailable: false, notice: 'The session store is corrupt' })
  })

  it('marks an action pending while it runs and rethrows its failure', async () => {
    let release: (result: ReturnType<typeof fail>) => void = () => {}
    const fake = createFakeBridge({ 'session.get': () => ok(signedOut()) })
    const session = createStore(fake)
    await session.load()
    fake.bridge.invoke = async () => new Promise((resolve) => {
      release = resolve
    })

    const signingIn = session.signIn({ helpCenterUrl: 'https://help.example.com', email: 'aiko@acme.example', password: 'wrong' })
    expect(session.pending.signIn).toBe(true)
    release(fail('unauthorized', 'Invalid credentials'))

    await expect(signingIn).rejects.toSatisfy((error) => error instanceof SupportError && error.code === 'unauthorized')
    expect(session.pending.signIn).toBe(false)
  })

  it('knows a TAM by the user role', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedIn()) })
    const session = createStore(fake)
    await session.load()
    expect(session.isTam).toBe(false)

    fake.emit('session.changed', signedIn({
      profile: { user: { id: 'user-2', email: 'tam@pingcap.example', name: 'Kenji Sato', role: 'tam' }, organizations: [] },
    }))

    expect(session.isTam).toBe(true)
    expect(session.selectedOrganization).toBeNull()
  })

  it('remembers the chosen organization per account', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(twoOrganizations) })
    const first = createStore(fake)
    await first.load()
    expect(first.selectedOrganizationId).toBe('org-acme')

    first.selectOrganization('org-kite')
    expect(first.selectedOrganization?.name).toBe('Kite Logistics')

    const afterRestart = createStore(fake)
    await afterRestart.load()
    expect(afterRestart.selectedOrganizationId).toBe('org-kite')

    const otherAccount = createStore(createFakeBridge({
      'session.get': () => ok({ ...twoOrganizations, account: { ...twoOrganizations.account, id: 'acct-2' } }),
    }))
    await otherAccount.load()
    expect(otherAccount.selectedOrganizationId).toBe('org-acme')
  })

  it('falls back to the first organization when the remembered one is gone', async () => {
    localStorage.setItem('support:selected-organization:acct-1', 'org-gone')
    const session = createStore(createFakeBridge({ 'session.get': () => ok(twoOrganizations) }))

    await session.load()

    expect(session.selectedOrganizationId).toBe('org-acme')
  })

  it('forgets the organization choice on sign-out', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(twoOrganizations),
      'session.signOut': () => ok(signedOut({ lastEmail: 'aiko@acme.example' })),
    })
    const session = createStore(fake)
    await session.load()
    session.selectOrganization('org-kite')

    await session.signOut()

    expect(session.isSignedIn).toBe(false)
    expect(localStorage.getItem('support:selected-organization:acct-1')).toBeNull()
  })

  it('stops listening when the store is disposed', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedOut()) })
    const session = createStore(fake)
    expect(fake.listenerCount('session.changed')).toBe(1)

    session.$dispose()

    expect(fake.listenerCount('session.changed')).toBe(0)
  })
})
