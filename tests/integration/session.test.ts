import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { SessionState } from '../../shared/schemas/session'
import { HelpCenterClient } from '../../electron/core/help-center/help-center-client'
import { UnencryptedFileSecretStore } from '../../electron/core/secrets/secret-store'
import { createSupportCore, type SupportCore } from '../../electron/core/support-core'
import { createEmbeddedHelpCenter } from '../../server/embedded'
import { DEMO_ACCOUNTS } from '../../server/seed/demo'
import { startHelpCenter } from '../../server/start'
import { useTempDir } from '../support/temp-dir'

const customer = DEMO_ACCOUNTS.customer

describe('session: core against the real help center on loopback', () => {
  const tempDir = useTempDir('support-int-')
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function helpCenter(dbFile: string, port = 0) {
    const running = await startHelpCenter({ dbFile, seed: 'demo', port })
    cleanups.push(() => running.close())
    return running
  }

  function core(userDataDir: string, demo = false): { core: SupportCore; secrets: UnencryptedFileSecretStore } {
    const secrets = new UnencryptedFileSecretStore(join(userDataDir, 'secrets.json'))
    const created = createSupportCore({
      userDataDir,
      secrets,
      embeddedHelpCenter: demo ? createEmbeddedHelpCenter({ dbFile: join(userDataDir, 'demo.sqlite') }) : undefined,
    })
    cleanups.push(() => created.close())
    return { core: created, secrets }
  }

  async function state(app: SupportCore): Promise<SessionState> {
    const result = await app.dispatch('session.get', {})
    if (!result.ok) throw new Error(result.error.message)
    return result.value as SessionState
  }

  it('signs in, caches the profile, and reopens offline from the cache', async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const userDataDir = join(dir, 'app')
    const first = core(userDataDir).core
    const signedIn = await first.dispatch('session.signIn', { helpCenterUrl: `${server.url}/`, email: customer.email, password: customer.password })
    expect(signedIn).toMatchObject({
      ok: true,
      value: { status: 'signed_in', connection: 'online', account: { helpCenterUrl: server.url, embedded: false } },
    })
    const profile = (signedIn as { value: Extract<SessionState, { status: 'signed_in' }> }).value.profile
    expect(profile.organizations.map((org) => org.name)).toEqual(expect.arrayContaining(['Sakura Fintech', 'Pebble Labs']))
    await first.close()
    const port = Number(new URL(server.url).port)
    await server.close()

    const second = core(userDataDir).core
    await second.start()
    const offline = await state(second)
    expect(offline).toMatchObject({ status: 'signed_in', connection: 'offline', profile: { user: { email: customer.email } } })
    expect(offline.status === 'signed_in' && offline.offlineReason).toMatch(/Can't reach/)

    await helpCenter(join(dir, 'hc.sqlite'), port)
    expect(await second.dispatch('session.refresh', {})).toMatchObject({ ok: true, value: { connection: 'online' } })
  })

  it('reopens online without ending the session: the reconnect and the first sync share one token renewal', async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const userDataDir = join(dir, 'app')
    const first = core(userDataDir).core
    await first.dispatch('session.signIn', { helpCenterUrl: server.url, email: customer.email, password: customer.password })
    await first.close()

    const second = core(userDataDir).core
    await second.start()
    // Refresh tokens rotate and a reused one revokes the session, so two renewals in parallel would end it.
    expect(await second.dispatch('sync.now', {})).toMatchObject({ ok: true, value: { phase: 'idle' } })
    expect(await state(second)).toMatchObject({ status: 'signed_in', connection: 'online' })
    expect(await second.dispatch('tickets.list', {})).toMatchObject({ ok: true, value: { total: expect.any(Number) } })
    expect(await state(second)).not.toHaveProperty('notice')
  })

  it('refuses a wrong password and an unreachable help center, remembering nothing', async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const userDataDir = join(dir, 'app')
    const app = core(userDataDir).core
    expect(await app.dispatch('session.signIn', { helpCenterUrl: server.url, email: customer.email, password: 'wrong' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    })
    expect(await app.dispatch('session.signIn', { helpCenterUrl: 'http://127.0.0.1:9', email: customer.email, password: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'unreachable', message: expect.stringContaining('127.0.0.1:9') },
    })
    expect(existsSync(join(userDataDir, 'accounts.json'))).toBe(false)
    expect(await state(app)).toMatchObject({ status: 'signed_out' })
  })

  it('signs out: revokes the refresh token on the server and removes the cached account', async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const userDataDir = join(dir, 'app')
    const { core: app, secrets } = core(userDataDir)
    const result = await app.dispatch('session.signIn', { helpCenterUrl: server.url, email: customer.email, password: customer.password })
    if (!result.ok) throw new Error(result.error.message)
    const accountId = (result.value as Extract<SessionState, { status: 'signed_in' }>).account.id
    const refreshToken = await secrets.read(`refresh-token:${accountId}`)
    expect(refreshToken).toBeTruthy()
    expect(existsSync(join(userDataDir, 'accounts', accountId, 'cache.sqlite'))).toBe(true)

    expect(await app.dispatch('session.signOut', {})).toMatchObject({ ok: true, value: { status: 'signed_out', lastEmail: customer.email } })
    expect(existsSync(join(userDataDir, 'accounts', accountId))).toBe(false)
    expect(await secrets.read(`refresh-token:${accountId}`)).toBeNull()
    await expect(new HelpCenterClient(server.url).refresh(refreshToken!)).rejects.toMatchObject({ code: 'unauthorized' })
  })

  it('ends a session that was revoked elsewhere, with a notice', async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const userDataDir = join(dir, 'app')
    const { core: first, secrets } = core(userDataDir)
    const result = await first.dispatch('session.signIn', { helpCenterUrl: server.url, email: customer.email, password: customer.password })
    if (!result.ok) throw new Error(result.error.message)
    const accountId = (result.value as Extract<SessionState, { status: 'signed_in' }>).account.id
    await first.close()
    await new HelpCenterClient(server.url).revoke((await secrets.read(`refresh-token:${accountId}`))!)

    const second = core(userDataDir).core
    await second.start()
    expect(await state(second)).toMatchObject({ status: 'signed_out', notice: expect.stringMatching(/session has ended/) })
  })

  it('runs the demo help center in-process and reconnects to it after a restart', async () => {
    const userDataDir = tempDir()
    const first = core(userDataDir, true).core
    expect(await state(first)).toMatchObject({ status: 'signed_out', demoAvailable: true })
    const demo = await first.dispatch('session.useDemo', {})
    expect(demo).toMatchObject({ ok: true, value: { status: 'signed_in', account: { embedded: true }, profile: { user: { name: customer.name } } } })
    await first.close()

    const second = core(userDataDir, true).core
    await second.start()
    expect(await state(second)).toMatchObject({ status: 'signed_in', connection: 'online', account: { embedded: true } })
  })
})
