import type { EventName, EventPayload } from '../../shared/ipc/contract'
import { createCommandDispatcher, type CommandDispatcher } from './commands/command-dispatcher'
import { createCommandHandlers } from './commands/command-handlers'
import type { SqliteOptions } from './database/account-database'
import type { Fetch } from './help-center/help-center-client'
import type { SecretStore } from './secrets/secret-store'
import type { EmbeddedHelpCenter } from './session/embedded-help-center'
import { SessionService } from './session/session-service'

export interface SupportCoreOptions {
  userDataDir: string
  secrets: SecretStore
  embeddedHelpCenter?: EmbeddedHelpCenter
  sqlite?: SqliteOptions
  fetch?: Fetch
  now?: () => Date
  reportUnexpected?: (error: unknown) => void
}

export type CoreEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void

export interface SupportCore {
  dispatch: CommandDispatcher
  /** Events for the renderer; the shell forwards them over IPC, the test bridge over a websocket. */
  onEvent(listener: CoreEventListener): () => void
  /** Opens the last session from its cache and goes online in the background. */
  start(): Promise<void>
  close(): Promise<void>
}

/** The composition root of core: the Electron shell and the browser bridge both build the app here. */
export function createSupportCore(options: SupportCoreOptions): SupportCore {
  const listeners = new Set<CoreEventListener>()
  const emit: CoreEventListener = (event, payload) => {
    for (const listener of listeners) listener(event, payload)
  }
  const session = new SessionService({
    userDataDir: options.userDataDir,
    secrets: options.secrets,
    embeddedHelpCenter: options.embeddedHelpCenter,
    sqlite: options.sqlite,
    fetch: options.fetch,
    now: options.now,
    onChange: (state) => emit('session.changed', state),
  })
  return {
    dispatch: createCommandDispatcher(createCommandHandlers({ session }), options.reportUnexpected),
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async start() {
      await session.restore()
    },
    async close() {
      await session.close()
      await options.embeddedHelpCenter?.stop()
      listeners.clear()
    },
  }
}
