import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { tokenGrantSchema } from '../../shared/schemas/account'
import type { SupportErrorBody } from '../../shared/schemas/error'
import type { CommandInput, CommandName } from '../../shared/ipc/contract'
import type { Fetch } from '../../electron/core/help-center/help-center-client'
import { MemorySecretStore } from '../../electron/core/secrets/secret-store'
import { createSupportCore, type CoreEventListener, type SupportCore } from '../../electron/core/support-core'
import { DEMO_ACCOUNTS } from '../../server/seed/demo'
import { call, useCoreHarness } from '../support/core-harness'
import { everythingWritten, useTempDir } from '../support/temp-dir'

const PASSWORD = DEMO_ACCOUNTS.customer.password
const WRONG_PASSWORD = 'Wrong-horse-battery-staple-4417'
const CARD = '4242 4242 4242 4242'
const DECLINED_CARD = '4000 0000 0000 0002'
const MISTYPED_CARD = '4242 4242 4242 4241'
const CVC = '8317'
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi

const card = (number: string, expYear = new Date().getFullYear() + 3) => ({ holderName: 'Aiko Sato', number, expMonth: 12, expYear, cvc: CVC })

/** The secret store the Electron shell encrypts with safeStorage; here it keeps them in memory and notes what it got. */
class RecordingSecretStore extends MemorySecretStore {
  readonly written: string[] = []

  override async write(key: string, value: string): Promise<void> {
    this.written.push(value)
    await super.write(key, value)
  }
}

/** Every access and refresh token the help center hands out, seen on the wire. */
function tokenRecorder(tokens: Map<string, string>): Fetch {
  return async (input, init) => {
    const response = await fetch(input, init)
    if (response.ok && String(input).includes('/api/v1/auth/') && response.status !== 204) {
      const grant = tokenGrantSchema.parse(await response.clone().json())
      tokens.set(grant.accessToken, 'an access token')
      tokens.set(grant.refreshToken, 'a refresh token')
    }
    return response
  }
}

/** What a secret would look like wherever it landed; the CVC is four digits, so it counts only as a number on its own. */
function leaksIn(text: string, secrets: Map<string, string>): string[] {
  const found = [...secrets].filter(([value]) => text.includes(value)).map(([, what]) => what)
  if (new RegExp(`(?<!\\d)${CVC}(?!\\d)`).test(text.replace(UUID, ''))) found.push('the CVC')
  if (/"cvc"/i.test(text)) found.push('a cvc field')
  return found
}

describe('secrets at rest: a signed-in core that does everything', () => {
  const tempDir = useTempDir('support-secrets-')
  const { helpCenter, signedInCore, cleanups } = useCoreHarness()
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('keeps the password, card number, CVC and tokens out of every file, log line, event and error message', async () => {
    const logged: string[] = []
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')))
    }
    const dir = tempDir()
    const appDir = join(dir, 'app')
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const tokens = new Map<string, string>()
    const secrets = new RecordingSecretStore()
    const shown: unknown[] = []
    const refusals: SupportErrorBody[] = []
    const wiring = {
      secrets,
      fetch: tokenRecorder(tokens),
      onEvent: ((event, payload) => shown.push({ event, payload })) as CoreEventListener,
      reportUnexpected: (error: unknown) => console.error('[core]', error),
    }
    const refused = async <K extends CommandName>(core: SupportCore, command: K, input: CommandInput<K>) => {
      const result = await core.dispatch(command, input)
      expect(result.ok, `${command} should have been refused`).toBe(false)
      if (!result.ok) refusals.push(result.error)
      return result
    }

    const core = await signedInCore(appDir, server.url, DEMO_ACCOUNTS.customer, wiring)
    expect(await refused(core, 'session.signIn', { helpCenterUrl: server.url, email: DEMO_ACCOUNTS.customer.email, password: WRONG_PASSWORD })).toMatchObject({
      error: { code: 'unauthorized' },
    })
    const filed = await call(core, 'tickets.create', {
      ticket: { kind: 'account_billing', summary: 'Invoice shows the wrong VAT number', description: 'Please correct it.', severity: 'S3', organizationId: 'org-sakura' },
      attachments: [{ fileName: 'invoice.txt', contentType: 'text/plain', contentBase64: Buffer.from('INV-2026-0042').toString('base64') }],
    })
    await call(core, 'tickets.comment', { ticketId: filed.id, body: 'The number should start with JP.' })
    await call(core, 'drafts.save', { kind: 'technical', fields: { summary: 'Half-written question' } })
    expect(await call(core, 'sync.now', {})).toMatchObject({ pendingMutations: 0, failedMutations: 0 })

    expect(await refused(core, 'plans.upgrade', { organizationId: 'org-pebble', plan: 'developer', card: card(MISTYPED_CARD) })).toMatchObject({
      error: { code: 'invalid_input', fields: { 'card.number': expect.any(String) } },
    })
    expect(await refused(core, 'plans.upgrade', { organizationId: 'org-pebble', plan: 'developer', card: card(CARD, 2020) })).toMatchObject({
      error: { code: 'invalid_input' },
    })
    expect(await refused(core, 'plans.upgrade', { organizationId: 'org-pebble', plan: 'developer', card: card(DECLINED_CARD) })).toMatchObject({
      error: { code: 'card_declined' },
    })
    const upgraded = await call(core, 'plans.upgrade', { organizationId: 'org-pebble', plan: 'developer', card: card(CARD) })
    expect(upgraded.paymentMethod).toMatchObject({ last4: '4242' })
    await call(core, 'tickets.create', {
      ticket: {
        kind: 'technical',
        summary: 'TiFlash replica stuck at 0%',
        organizationId: 'org-pebble',
        environment: 'non_production',
        description: 'ALTER TABLE ... SET TIFLASH REPLICA 1 has shown 0% for two hours.',
        severity: 'S3',
        component: 'tiflash',
        affectedVersion: 'v8.5.1',
      },
    })
    await call(core, 'session.refresh', {})
    expect(await call(core, 'sync.now', {})).toMatchObject({ pendingMutations: 0, failedMutations: 0 })

    // A restart: the session comes back from the secret store and renews its tokens.
    await core.close()
    const restarted = createSupportCore({ userDataDir: appDir, secrets, fetch: wiring.fetch, reportUnexpected: wiring.reportUnexpected })
    cleanups.push(() => restarted.close())
    restarted.onEvent(wiring.onEvent)
    await restarted.start()
    expect(await call(restarted, 'session.get', {})).toMatchObject({ status: 'signed_in', connection: 'online' })
    await call(restarted, 'tickets.comment', { ticketId: filed.id, body: 'Thanks for the quick fix.' })
    expect(await call(restarted, 'sync.now', {})).toMatchObject({ pendingMutations: 0, failedMutations: 0 })
    const whileRunning = everythingWritten(appDir)
    await restarted.close()

    const issued = [...tokens.values()]
    expect(issued.filter((what) => what === 'an access token').length).toBeGreaterThanOrEqual(3)
    const watched = new Map<string, string>([
      [PASSWORD, 'the password'],
      [WRONG_PASSWORD, 'the mistyped password'],
      ...[CARD, DECLINED_CARD, MISTYPED_CARD].flatMap((number): [string, string][] => [
        [number, `the card number ${number}`],
        [number.replaceAll(' ', ''), `the card number ${number}`],
      ]),
      ...tokens,
    ])
    // Refresh tokens go to the secret store, which the shell encrypts; access tokens never leave memory.
    expect(secrets.written.length).toBeGreaterThan(0)
    expect(secrets.written.every((value) => tokens.get(value) === 'a refresh token')).toBe(true)

    expect(leaksIn(whileRunning, watched), 'the app files while the cache was open (WAL included)').toEqual([])
    expect(leaksIn(everythingWritten(appDir), watched), 'the app files after closing').toEqual([])
    // The help center keeps a card token, last four digits and hashes of passwords and refresh tokens only.
    expect(leaksIn(everythingWritten(dir), watched), 'the help center files beside the app').toEqual([])
    expect(leaksIn(logged.join('\n'), watched), 'the console').toEqual([])
    expect(leaksIn(JSON.stringify(shown), watched), 'events sent to the window').toEqual([])
    expect(refusals).toHaveLength(4)
    expect(leaksIn(JSON.stringify(refusals), watched), 'error messages shown to the user').toEqual([])
  })
})
