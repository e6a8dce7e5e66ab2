import { DEMO_ACCOUNTS } from './seed/demo'
import { startHelpCenter } from './start'

export interface EmbeddedHelpCenterOptions {
  dbFile: string
  nativeBinding?: string
}

/**
 * The demo help center, run inside the app's own process on 127.0.0.1 and a random port, with its
 * database in the app's data folder so that sessions survive a restart.
 */
export function createEmbeddedHelpCenter(options: EmbeddedHelpCenterOptions) {
  let running: ReturnType<typeof startHelpCenter> | null = null
  return {
    async start() {
      running ??= startHelpCenter({ dbFile: options.dbFile, seed: 'demo', nativeBinding: options.nativeBinding })
      try {
        const { url } = await running
        return { url, demoCustomer: { email: DEMO_ACCOUNTS.customer.email, password: DEMO_ACCOUNTS.customer.password } }
      } catch (error) {
        running = null
        throw error
      }
    },
    async stop() {
      const stopping = running
      running = null
      if (stopping) await (await stopping).close()
    },
  }
}
