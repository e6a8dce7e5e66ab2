import type { EventName, EventPayload } from '../../shared/ipc/contract'
import { createCommandDispatcher, type CommandDispatcher } from './commands/command-dispatcher'
import { createCommandHandlers } from './commands/command-handlers'
import type { SqliteOptions } from './database/account-database'
import type { Fetch } from './help-center/help-center-client'
import type { SecretStore } from './secrets/secret-store'
import type { EmbeddedHelpCenter } from './session/embedded-help-center'
import { SessionService } from './session/session-service'
import { SyncEngine } from './sync/sync-engine'
import { PlanService } from './plans/plan-service'
import { TicketService } from './tickets/ticket-service'

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
  let sync: SyncEngine | null = null
  const session = new SessionService({
    userDataDir: options.userDataDir,
    secrets: options.secrets,
    embeddedHelpCenter: options.embeddedHelpCenter,
    sqlite: options.sqlite,
    fetch: options.fetch,
    now: options.now,
    onChange: (state) => {
      emit('session.changed', state)
      // Sync follows the session: the open account's cache while signed in, nothing otherwise.
      const db = session.database()
      if (db && state.status === 'signed_in') sync?.attach(db)
      else sync?.detach()
    },
  })
  sync = new SyncEngine({ session, emit, fetch: options.fetch })
  const tickets = new TicketService({
    session,
    sync,
    now: options.now,
    onTicketsChanged: (ticketIds) => emit('tickets.changed', { ticketIds }),
  })
  const plans = new PlanService({ session, sync, now: options.now })
  return {
    dispatch: createCommandDispatcher(createCommandHandlers({ session, tickets, sync, plans }), options.reportUnexpected),
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async start() {
      await session.restore()
    },
    async close() {
      sync?.detach()
      await session.close()
      await options.embeddedHelpCenter?.stop()
      listeners.clear()
    },
  }
}
