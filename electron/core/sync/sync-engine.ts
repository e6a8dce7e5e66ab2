import type { EventName, EventPayload } from '../../../shared/ipc/contract'
import type { Organization } from '../../../shared/schemas/account'
import type { SyncStatus } from '../../../shared/schemas/local-ticket'
import { SupportError } from '../../../shared/schemas/error'
import {
  changePageSchema,
  mutationResultsSchema,
  type Change,
  type ChangePage,
  type Mutation,
} from '../../../shared/schemas/ticket'
import type { AccountDatabase } from '../database/account-database'
import { isCorruptionError } from '../database/cache-integrity'
import type { SessionService } from '../session/session-service'
import { AttachmentStore } from '../tickets/attachment-store'
import { TicketStore } from '../tickets/ticket-store'
import { retryDelayMs } from './backoff'
import { Outbox } from './outbox'

const PUSH_BATCH = 50
/** The most the help center serves per page: fewer round trips and commits on a first sync. */
const PULL_PAGE = 5000
/** sync_state key set while the search index lags behind the stored tickets (a first sync rebuilds it at the end). */
const SEARCH_INDEX_STALE = 'search_index_stale'
/** A safety net for missed server events; the event stream is what makes replies arrive quickly. */
const POLL_INTERVAL_MS = 60_000
/** Two missed heartbeats (the help center sends one every 25 s) and some slack: the stream is dead. */
const EVENT_STREAM_IDLE_MS = 60_000

export interface SyncEngineOptions {
  session: SessionService
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void
  random?: () => number
  /** EVENT_STREAM_IDLE_MS unless set. */
  eventStreamIdleMs?: number
  /** Each stored page of changes; `initial` on an account's first sync, which is history rather than news. */
  onPulled?: (changes: Change[], initial: boolean) => void
}

type Emit = SyncEngineOptions['emit']

/**
 * Pushes the outbox in order, then pulls the change feed by cursor; a server-sent event or a local
 * change starts a round. Failures back off with jitter (honouring Retry-After); refused mutations
 * are parked as failed for the user and never block the queue.
 */
export class SyncEngine {
  private status: SyncStatus = {
    phase: 'signed_out',
    pulled: 0,
    total: 0,
    lastSyncedAt: null,
    pendingMutations: 0,
    failedMutations: 0,
  }
  private db: AccountDatabase | null = null
  private running: Promise<void> | null = null
  private again = false
  private attempt = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  private events: AbortController | null = null
  private batchSize = PUSH_BATCH
  private readonly emit: Emit
  private readonly random: () => number

  constructor(private readonly options: SyncEngineOptions) {
    this.emit = options.emit
    this.random = options.random ?? Math.random
  }

  current(): SyncStatus {
    return this.status
  }

  /** Starts syncing the open account's cache. */
  attach(db: AccountDatabase): void {
    if (this.db === db) return
    this.detach()
    this.db = db
    const lastSyncedAt = this.readState('last_synced_at')
    this.update({ phase: 'idle', lastSyncedAt, pulled: 0, total: 0, ...this.outboxCounts() })
    this.listen()
    this.nudge()
  }

  detach(): void {
    this.events?.abort()
    this.events = null
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.db = null
    this.attempt = 0
    this.update({ phase: 'signed_out', pulled: 0, total: 0, pendingMutations: 0, failedMutations: 0, lastSyncedAt: null })
  }

  /** Syncs as soon as possible; several nudges during a round make one more round, not many. */
  nudge(): void {
    if (!this.db) return
    if (this.running) {
      this.again = true
      return
    }
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.running = this.round().finally(() => {
      this.running = null
      if (this.again) {
        this.again = false
        this.nudge()
      }
    })
  }

  /** Waits for the round in progress (and a nudge's follow-up), for callers that need the result. */
  async settle(): Promise<SyncStatus> {
    while (this.running) await this.running
    return this.status
  }

  /** The session reached the help center: a round that failed for want of a connection need not wait for its retry. */
  connected(): void {
    if (this.status.phase === 'offline') this.nudge()
  }

  /** Local changes (a new ticket, a reply) update the pending count and go out at once. */
  changedLocally(): void {
    this.update(this.outboxCounts())
    this.nudge()
  }

  private async round(): Promise<void> {
    const db = this.db
    if (!db) return
    try {
      await this.push(db)
      if (this.db !== db) return
      await this.pull(db)
      this.attempt = 0
      const lastSyncedAt = new Date().toISOString()
      this.writeState(db, 'last_synced_at', lastSyncedAt)
      this.update({ phase: 'idle', lastSyncedAt, pulled: 0, total: 0, lastError: undefined, retryAt: undefined, ...this.outboxCounts() })
      this.options.session.reportConnection(true)
      this.schedule(POLL_INTERVAL_MS)
    } catch (error) {
      if (this.db !== db) return
      if (isCorruptionError(error)) {
        // The cache itself is damaged: the session sets it aside and hands over a fresh one (attach follows).
        await this.options.session.recoverDamagedCache(db, error)
        return
      }
      const message = error instanceof Error ? error.message : 'Sync failed.'
      if (error instanceof SupportError && error.code === 'unauthorized') {
        // The access token was refused although it looked valid: renew the session, or end it.
        await this.options.session.refresh()
        if (this.db !== db) return
      }
      const retryAfter = error instanceof SupportError ? error.retryAfterSeconds : undefined
      const delayMs = retryDelayMs(this.attempt++, this.random, retryAfter)
      const retryAt = new Date(Date.now() + delayMs).toISOString()
      this.update({ phase: 'offline', pulled: 0, total: 0, lastError: message, retryAt, ...this.outboxCounts() })
      this.options.session.reportConnection(false, message)
      this.schedule(delayMs)
    }
  }

  private async push(db: AccountDatabase): Promise<void> {
    const outbox = new Outbox(db)
    const store = new TicketStore(db)
    // Detached (signed out, closing): the batch in flight is recorded, and no other leaves.
    while (this.db === db) {
      const batch = uploadAlone(outbox.pending(this.batchSize))
      if (batch.length === 0) {
        this.batchSize = PUSH_BATCH
        return
      }
      const mutations = batch.map((entry) => entry.mutation)
      let results
      try {
        const { client, token } = await this.options.session.accessToken()
        results = await client.request('/mutations', {
          method: 'POST',
          body: { mutations },
          accessToken: token,
          response: mutationResultsSchema,
        })
      } catch (error) {
        if (error instanceof SupportError && error.code === 'invalid_input') {
          // The server refused the batch as a whole: find the culprit by sending one at a time.
          if (this.batchSize > 1) {
            this.batchSize = 1
            continue
          }
          db.transaction(() => this.reject(db, outbox, store, mutations[0]!, error))()
          this.update(this.outboxCounts())
          continue
        }
        outbox.noteAttempt(mutations.map(({ id }) => id), error instanceof Error ? error.message : 'Sync failed.')
        throw error
      }
      const byId = new Map(results.results.map((result) => [result.id, result]))
      db.transaction(() => {
        for (const mutation of mutations) {
          const result = byId.get(mutation.id)
          if (result?.status === 'applied') outbox.remove(mutation.id)
          else if (result?.status === 'rejected') this.reject(db, outbox, store, mutation, result.error)
        }
      })()
      this.update(this.outboxCounts())
    }
  }

  private reject(
    db: AccountDatabase,
    outbox: Outbox,
    store: TicketStore,
    mutation: Mutation,
    error: { message: string; code?: string; fields?: Record<string, string> },
  ): void {
    const { message } = error
    outbox.fail(mutation.id, error)
    if (mutation.type === 'comment.add' || mutation.type === 'note.add') store.markFailed('comment', mutation.commentId, message)
    else if (mutation.type === 'attachment.add') new AttachmentStore(db).markFailed(mutation.attachmentId, message)
    // A refused triage change is shown as "not applied" on its row; the ticket itself is fine.
    else if (!mutation.type.startsWith('triage.')) store.markFailed('ticket', mutation.ticketId, message)
  }

  private async pull(db: AccountDatabase): Promise<void> {
    const store = new TicketStore(db)
    const attachments = new AttachmentStore(db)
    const start = Number(this.readState('cursor') ?? '0')
    // A first sync that was cut short (the app quit or crashed) is still history when it resumes.
    const initial = start === 0 || this.readState(SEARCH_INDEX_STALE) !== null
    const me = this.options.session.state()
    const myId = me.status === 'signed_in' ? me.profile.user.id : null
    // A first sync stores years of history: the search index is built once at its end, not page by page.
    if (initial) this.writeState(db, SEARCH_INDEX_STALE, '1')
    let cursor = start
    let next: Promise<ChangePage> | null = this.fetchChanges(cursor)
    while (next) {
      const page: ChangePage = await next
      if (this.db !== db) return
      // Asked for before this page is stored, so that the help center prepares it meanwhile.
      next = page.hasMore ? this.fetchChanges(page.cursor) : null
      const ticketIds = new Set<string>()
      const organizations: Organization[] = []
      db.transaction(() => store.withDeferredIndex(() => {
        for (const change of page.changes) {
          switch (change.entity) {
            case 'ticket':
              // The first sync brings years of history: none of it is news.
              store.upsertServerTicket(change.ticket, { markRead: initial })
              ticketIds.add(change.ticket.id)
              break
            case 'comment':
              store.upsertServerComment(change.comment, { markRead: initial || change.comment.authorId === myId })
              ticketIds.add(change.comment.ticketId)
              break
            case 'attachment':
              attachments.upsertServer(change.attachment)
              ticketIds.add(change.attachment.ticketId)
              break
            case 'history':
              store.upsertHistory(change.history)
              ticketIds.add(change.history.ticketId)
              break
            case 'organization':
              organizations.push(change.organization)
              break
          }
        }
        this.writeState(db, 'cursor', String(page.cursor))
      }, { reindex: !initial }))()
      cursor = page.cursor
      for (const organization of organizations) this.options.session.updateOrganization(organization)
      this.options.onPulled?.(page.changes, initial)
      if (ticketIds.size > 0) this.emit('tickets.changed', { ticketIds: [...ticketIds] })
      if (page.hasMore) this.update({ phase: 'syncing', pulled: cursor - start, total: Math.max(0, page.latest - start) })
    }
    if (this.readState(SEARCH_INDEX_STALE) !== null) {
      db.transaction(() => {
        store.rebuildSearchIndex()
        db.prepare('DELETE FROM sync_state WHERE key = ?').run(SEARCH_INDEX_STALE)
      })()
    }
  }

  /** One page of the change feed; a rejection is also seen where the page is awaited. */
  private fetchChanges(after: number): Promise<ChangePage> {
    const page = this.options.session.accessToken().then(({ client, token }) =>
      client.request(`/changes?after=${after}&limit=${PULL_PAGE}`, { accessToken: token, response: changePageSchema }),
    )
    // A page asked for ahead may fail after the loop has stopped for another reason: that is not unhandled.
    page.catch(() => undefined)
    return page
  }

  /** Listens to the help center's event stream; each "changes" event starts a round. */
  private listen(): void {
    const controller = new AbortController()
    this.events = controller
    const idleMs = this.options.eventStreamIdleMs ?? EVENT_STREAM_IDLE_MS
    void (async () => {
      let attempt = 0
      while (!controller.signal.aborted) {
        let retryAfter: number | undefined
        try {
          const { client, token } = await this.options.session.accessToken()
          await client.followEvents(token, {
            signal: controller.signal,
            idleMs,
            onOpen: () => (attempt = 0),
            onChanges: () => this.nudge(),
          })
        } catch (error) {
          if (controller.signal.aborted) return
          retryAfter = error instanceof SupportError ? error.retryAfterSeconds : undefined
        }
        await abortableDelay(retryDelayMs(attempt++, this.random, retryAfter), controller.signal)
      }
    })()
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      this.nudge()
    }, delayMs)
    this.timer.unref?.()
  }

  private outboxCounts(): Pick<SyncStatus, 'pendingMutations' | 'failedMutations'> {
    if (!this.db) return { pendingMutations: 0, failedMutations: 0 }
    const { pending, failed } = new Outbox(this.db).counts()
    return { pendingMutations: pending, failedMutations: failed }
  }

  private readState(key: string): string | null {
    const row = this.db?.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined
    return row?.value ?? null
  }

  private writeState(db: AccountDatabase, key: string, value: string): void {
    db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
      key,
      value,
    )
  }

  private update(change: Partial<SyncStatus>): void {
    const next = { ...this.status, ...change }
    if (JSON.stringify(next) === JSON.stringify(this.status)) return
    this.status = next
    this.emit('sync.status', next)
  }
}

/** A file upload can be 10 MB on its own: it goes in a request by itself, never beside other changes. */
function uploadAlone<T extends { mutation: Mutation }>(entries: T[]): T[] {
  const firstUpload = entries.findIndex(({ mutation }) => mutation.type === 'attachment.add')
  if (firstUpload === -1) return entries
  return firstUpload === 0 ? entries.slice(0, 1) : entries.slice(0, firstUpload)
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    timer.unref?.()
    signal.addEventListener('abort', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}
