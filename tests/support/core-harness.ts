import { afterEach } from 'vitest'
import { HelpCenterClient, type Fetch } from '../../electron/core/help-center/help-center-client'
import type { DesktopNotifier } from '../../electron/core/notifications/notification-center'
import { MemorySecretStore, type SecretStore } from '../../electron/core/secrets/secret-store'
import { createSupportCore, type CoreEventListener, type SupportCore } from '../../electron/core/support-core'
import { DEMO_ACCOUNTS, type DemoAccount } from '../../server/seed/demo'
import { startHelpCenter, type RunningHelpCenter } from '../../server/start'
import { call } from './dispatch'

export { call }

export async function until<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Real help centers and cores for integration tests, all closed after each test. */
export function useCoreHarness() {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  return {
    cleanups,

    async helpCenter(dbFile: string, port = 0): Promise<RunningHelpCenter> {
      const running = await startHelpCenter({ dbFile, seed: 'demo', port, demoAutoReply: { delayMs: 0 } })
      cleanups.push(() => running.close())
      return running
    },

    async signedInCore(
      userDataDir: string,
      url: string,
      account: DemoAccount = DEMO_ACCOUNTS.customer,
      wiring: {
        onEvent?: CoreEventListener
        notifier?: DesktopNotifier
        secrets?: SecretStore
        fetch?: Fetch
        reportUnexpected?: (error: unknown) => void
      } = {},
    ): Promise<SupportCore> {
      const core = createSupportCore({
        userDataDir,
        secrets: wiring.secrets ?? new MemorySecretStore(),
        notifier: wiring.notifier,
        fetch: wiring.fetch,
        reportUnexpected: wiring.reportUnexpected,
      })
      cleanups.push(() => core.close())
      if (wiring.onEvent) core.onEvent(wiring.onEvent)
      await call(core, 'session.signIn', { helpCenterUrl: url, email: account.email, password: account.password })
      await call(core, 'sync.now', {})
      return core
    },
  }
}

/** A direct API client signed in as a demo account: the engineer's and the admin's side of a test. */
export async function apiAs(url: string, account: DemoAccount): Promise<{ client: HelpCenterClient; token: string }> {
  const client = new HelpCenterClient(url)
  const grant = await client.signIn(account.email, account.password)
  return { client, token: grant.accessToken }
}
