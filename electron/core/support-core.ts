import type { EventName, EventPayload } from '../../shared/ipc/contract'
import type { Navigation, Preferences } from '../../shared/schemas/preferences'
import { createCommandDispatcher, type CommandDispatcher } from './commands/command-dispatcher'
import { createCommandHandlers } from './commands/command-handlers'
import type { SqliteOptions } from './database/account-database'
import { isCorruptionError } from './database/cache-integrity'
import type { Fetch } from './help-center/help-center-client'
import type { SecretStore } from './secrets/secret-store'
import type { EmbeddedHelpCenter } from './session/embedded-help-center'
import { SessionService } from './session/session-service'
import { SyncEngine } from './sync/sync-engine'
import { parseDeepLink } from './deep-links/deep-link'
import { NotificationCenter, type DesktopNotifier } from './notifications/notification-center'
import { PlanService } from './plans/plan-service'
import { MemoryPreferencesStore, PreferencesService, type PreferencesStore } from './preferences/preferences-service'
import { TicketStore } from './tickets/ticket-store'
import { TriageService } from './triage/triage-service'
import { TicketService } from './tickets/ticket-service'

export interface SupportCoreOptions {
  userDataDir: string
  secrets: SecretStore
  embeddedHelpCenter?: EmbeddedHelpCenter
  sqlite?: SqliteOptions
  fetch?: Fetch
  now?: () => Date
  reportUnexpected?: (error: unknown) => void
  /** electron-store in the shell; memory when absent (tests, the browser bridge). */
  preferences?: PreferencesStore
  /** Native notifications, badge and tray; without one, nothing is shown outside the window. */
  notifier?: DesktopNotifier
  /** How long a help-center request may go unanswered (15 s unless set). */
  requestTimeoutMs?: number
  /** How long the help center's event stream may stay silent before it is reconnected (60 s unless set). */
  eventStreamIdleMs?: number
}

/** How often missed response targets and the end of quiet hours are checked. */
const NOTIFICATION_TICK_MS = 60_000

export type CoreEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void

export interface SupportCore {
  dispatch: CommandDispatcher
  /** Events for the renderer; the shell forwards them over IPC, the test bridge over a websocket. */
  onEvent(listener: CoreEventListener): () => void
  /** Opens the last session from its cache and goes online in the background. */
  start(): Promise<void>
  /** A `tidbcloud-support://` link: goes where it says, or tells the user why it cannot. Changes nothing. */
  openDeepLink(url: string): void
  /** The shell's way to move the window somewhere (a notification or tray item was clicked). */
  navigate(target: Navigation): void
  preferences(): Preferences
  close(): Promise<void>
}

/** The composition root of core: the Electron shell and the browser bridge both build the app here. */
export function createSupportCore(options: SupportCoreOptions): SupportCore {
  const listeners = new Set<CoreEventListener>()
  let notifications: NotificationCenter | null = null
  const emit: CoreEventListener = (event, payload) => {
    for (const listener of listeners) listener(event, payload)
    // Reading a ticket changes the unread count that the badge and tray show.
    if (event === 'tickets.changed') notifications?.refreshUnread()
  }
  let sync: SyncEngine | null = null
  const session = new SessionService({
    userDataDir: options.userDataDir,
    secrets: options.secrets,
    embeddedHelpCenter: options.embeddedHelpCenter,
    sqlite: options.sqlite,
    fetch: options.fetch,
    now: options.now,
    requestTimeoutMs: options.requestTimeoutMs,
    onChange: (state) => {
      emit('session.changed', state)
      // Sync follows the session: the open account's cache while signed in, nothing otherwise.
      const db = session.database()
      if (db && state.status === 'signed_in') {
        sync?.attach(db)
        if (state.connection === 'online') sync?.connected()
      } else {
        sync?.detach()
        notifications?.reset()
      }
    },
    onNotice: (message) => emit('app.notice', { level: 'error', message }),
  })
  const preferences = new PreferencesService({
    store: options.preferences ?? new MemoryPreferencesStore(),
    onChange: (changed) => emit('preferences.changed', changed),
    now: options.now,
  })
  if (options.notifier) {
    notifications = new NotificationCenter({
      notifier: options.notifier,
      preferences: () => preferences.get(),
      account: () => {
        const db = session.database()
        const state = session.state()
        return db && state.status === 'signed_in' ? { db, userId: state.profile.user.id } : null
      },
      now: options.now,
    })
  }
  sync = new SyncEngine({
    session,
    emit,
    eventStreamIdleMs: options.eventStreamIdleMs,
    onPulled: (changes, initial) => notifications?.pulled(changes, initial),
  })
  const tickets = new TicketService({
    session,
    sync,
    now: options.now,
    onTicketsChanged: (ticketIds) => emit('tickets.changed', { ticketIds }),
  })
  const plans = new PlanService({ session, sync, now: options.now })
  const triage = new TriageService({
    session,
    sync,
    now: options.now,
    onTicketsChanged: (ticketIds) => emit('tickets.changed', { ticketIds }),
  })
  let clock: ReturnType<typeof setInterval> | undefined
  const navigate = (target: Navigation) => emit('app.navigate', target)
  return {
    dispatch: createCommandDispatcher(createCommandHandlers({ session, tickets, sync, plans, preferences, triage }), (error) => {
      // A command read a damaged page of the cache: rebuild it (the user is told) rather than fail the same way again.
      const db = session.database()
      if (db && isCorruptionError(error)) void session.recoverDamagedCache(db, error)
      options.reportUnexpected?.(error)
    }),
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async start() {
      await session.restore()
      if (notifications) {
        const center = notifications
        center.refreshUnread()
        clock = setInterval(() => center.tick(), NOTIFICATION_TICK_MS)
        clock.unref?.()
      }
    },
    openDeepLink(url) {
      const parsed = parseDeepLink(url)
      if (!parsed.ok) {
        emit('app.notice', { level: 'error', message: `That link could not be opened: ${parsed.reason}.` })
        return
      }
      const { link } = parsed
      if (link.to === 'new-ticket') {
        navigate(link)
        return
      }
      const db = session.database()
      const ticket = db && new TicketStore(db).byKey(link.key)
      if (ticket) {
        navigate({ to: 'ticket', ticketId: ticket.id })
        return
      }
      navigate({ to: 'tickets', search: link.key })
      emit('app.notice', { level: 'info', message: `${link.key} is not among your tickets on this computer yet.` })
    },
    navigate,
    preferences: () => preferences.get(),
    async close() {
      if (clock) clearInterval(clock)
      sync?.detach()
      // A push in flight still records its answer in the cache before it closes; nothing is sent after close.
      await sync?.settle()
      await session.close()
      await options.embeddedHelpCenter?.stop()
      listeners.clear()
    },
  }
}
