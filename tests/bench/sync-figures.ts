import Database from 'better-sqlite3'
import { openAccountDatabase } from '../../electron/core/database/account-database'
import type { SupportCore } from '../../electron/core/support-core'
import { SEARCH_DOCUMENT_INSERTS } from '../../electron/core/tickets/search-index'
import { openHelpCenterDatabase } from '../../server/database'
import { findTicket, recordStaffReply } from '../../server/tickets'
import { call } from '../support/dispatch'
import type { SeededRandom } from '../support/seeded-random'
import { cacheCounts, readCache, type CacheCounts } from './bench-cache'
import { BENCH_ENGINEER, BENCH_OPERATOR } from './data-set'
import type { HelpCenterProcess } from './help-center-process'

/** Rows the cache holds: tickets, comments and history entries. */
export function rowsOf(counts: CacheCounts): number {
  return counts.tickets + counts.comments + counts.historyEntries
}

export interface InitialSync {
  seconds: number
  counts: CacheCounts
}

/** Signs the operator in to an empty cache and waits until the first sync has pulled everything. */
export async function measureInitialSync(core: SupportCore, userDataDir: string, url: string): Promise<InitialSync> {
  const { email, password } = BENCH_OPERATOR
  await call(core, 'session.signIn', { helpCenterUrl: url, email, password })
  // Signing in starts the first sync; sync.now waits for it to finish.
  const started = performance.now()
  const status = await call(core, 'sync.now', {})
  const seconds = (performance.now() - started) / 1000
  if (status.phase !== 'idle') throw new Error(`The initial sync ended ${status.phase}: ${status.lastError ?? ''}`)
  const cache = readCache(userDataDir)
  try {
    return { seconds, counts: cacheCounts(cache) }
  } finally {
    cache.close()
  }
}

type Row = Record<string, unknown>

/**
 * The raw limit beside the initial sync: the rows the sync stored, with their search documents, inserted by
 * better-sqlite3 into a fresh cache file of the same schema in one transaction.
 */
export function measureRawInsert(userDataDir: string, scratchFile: string): { seconds: number; rows: number } {
  const cache = readCache(userDataDir)
  const tables: [string, Row[]][] = ['tickets', 'comments', 'ticket_history'].map((table) => [
    table,
    cache.prepare(`SELECT * FROM ${table}`).all() as Row[],
  ])
  cache.close()
  const db = openAccountDatabase(scratchFile)
  try {
    const started = performance.now()
    db.transaction(() => {
      for (const [table, rows] of tables) {
        if (rows.length === 0) continue
        const columns = Object.keys(rows[0]!)
        const insert = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((name) => `@${name}`).join(', ')})`)
        for (const row of rows) insert.run(row)
      }
      for (const statement of SEARCH_DOCUMENT_INSERTS) db.exec(statement)
    })()
    const seconds = (performance.now() - started) / 1000
    return { seconds, rows: tables.reduce((sum, [, rows]) => sum + rows.length, 0) }
  } finally {
    db.close()
  }
}

/** Tickets that can still take a reply (of the help center or of the cache), in a fixed order for the seed. */
function openTicketIds(db: Database.Database): string[] {
  return (db.prepare("SELECT id FROM tickets WHERE status <> 'closed' ORDER BY created_at, id").all() as { id: string }[]).map(
    (row) => row.id,
  )
}

function sample<T>(random: SeededRandom, items: readonly T[], count: number): T[] {
  const pool = [...items]
  const chosen: T[] = []
  while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(random.int(0, pool.length - 1), 1)[0]!)
  return chosen
}

/**
 * Support answers `tickets` tickets at once (written to the help center's file by a second connection, as a
 * burst from other engineers would be), then the app syncs: how long until its cache has every reply.
 */
export async function measureDeltaSync(
  core: SupportCore,
  userDataDir: string,
  helpCenterDb: string,
  random: SeededRandom,
  tickets: number,
): Promise<{ seconds: number; tickets: number; complete: boolean }> {
  const db = openHelpCenterDatabase(helpCenterDb)
  const replies: string[] = []
  try {
    const chosen = sample(random, openTicketIds(db), tickets)
    db.transaction(() => {
      for (const ticketId of chosen) {
        const id = random.uuid()
        const body = `Delta reply ${id}: we applied the fix on our side, please check again.`
        recordStaffReply(db, findTicket(db, ticketId)!, BENCH_ENGINEER.id, { id, authorId: BENCH_ENGINEER.id, body, visibility: 'public', now: new Date() })
        replies.push(id)
      }
    })()
  } finally {
    db.close()
  }
  const started = performance.now()
  await call(core, 'sync.now', {})
  const seconds = (performance.now() - started) / 1000
  const cache = readCache(userDataDir)
  try {
    const found = cache.prepare('SELECT COUNT(*) AS count FROM comments WHERE id IN (SELECT value FROM json_each(?))').get(JSON.stringify(replies)) as {
      count: number
    }
    return { seconds, tickets: replies.length, complete: found.count === replies.length }
  } finally {
    cache.close()
  }
}

export interface OutboxDrain {
  mutations: number
  /** Until the outbox was empty. */
  seconds: number
  /** The whole round: the push and the pull that brings the results back. */
  roundSeconds: number
  exactlyOnce: boolean
}

/**
 * Queues `mutations` changes while the help center is down (new tickets, replies, resolve and reopen), brings it
 * back and times the drain; then checks on the server that each went in exactly once.
 */
export async function measureOutboxDrain(
  core: SupportCore,
  userDataDir: string,
  helpCenter: HelpCenterProcess,
  restart: () => Promise<HelpCenterProcess>,
  random: SeededRandom,
  mutations: number,
): Promise<{ drain: OutboxDrain; helpCenter: HelpCenterProcess }> {
  const session = await call(core, 'session.get', {})
  if (session.status !== 'signed_in') throw new Error('The outbox drain needs a signed-in core')
  const organizations = session.profile.organizations
  const cache = readCache(userDataDir)
  const replyable = openTicketIds(cache)
  cache.close()

  await helpCenter.stop()
  const creates = Math.round(mutations / 10)
  const statusChanges = Math.round(mutations / 10)
  const newTickets: string[] = []
  for (let index = 0; index < creates; index++) {
    const organization = random.pick(organizations)
    const ticket =
      organization.supportPlan === 'basic'
        ? { kind: 'account_billing' as const, summary: `Drain ${index}: invoice question`, description: 'Please resend the invoice.', severity: 'S3' as const, organizationId: organization.id }
        : {
            kind: 'technical' as const,
            summary: `Drain ${index}: region unavailable after scale-in`,
            description: 'ERROR 9005 (HY000): Region is unavailable. Started after we removed two TiKV nodes.',
            severity: 'S3' as const,
            organizationId: organization.id,
            environment: 'production' as const,
            component: 'tikv' as const,
            affectedVersion: 'v8.5.1',
          }
    newTickets.push((await call(core, 'tickets.create', { ticket })).id)
  }
  const targets = [...replyable, ...newTickets]
  const replies = mutations - creates - statusChanges
  for (let index = 0; index < replies; index++) {
    await call(core, 'tickets.comment', { ticketId: random.pick(targets), body: `Drain reply ${index}: here is the output you asked for.` })
  }
  for (const ticketId of sample(random, replyable, statusChanges)) {
    const ticket = await call(core, 'tickets.get', { ticketId })
    await call(core, 'tickets.setStatus', { ticketId, status: ticket.ticket.status === 'resolved' ? 'open' : 'resolved' })
  }
  const queued = readCache(userDataDir)
  const queuedIds = (queued.prepare("SELECT id FROM outbox WHERE state = 'pending'").all() as { id: string }[]).map((row) => row.id)
  queued.close()

  const restarted = await restart()
  let drainedAt: number | undefined
  const stopListening = core.onEvent((event, payload) => {
    if (event === 'sync.status' && drainedAt === undefined && (payload as { pendingMutations: number }).pendingMutations === 0) {
      drainedAt = performance.now()
    }
  })
  const started = performance.now()
  const status = await call(core, 'sync.now', {})
  const roundSeconds = (performance.now() - started) / 1000
  stopListening()
  return {
    helpCenter: restarted,
    drain: {
      mutations: queuedIds.length,
      seconds: ((drainedAt ?? performance.now()) - started) / 1000,
      roundSeconds,
      exactlyOnce:
        status.pendingMutations === 0 &&
        status.failedMutations === 0 &&
        appliedOnce(restarted.dbFile, { mutationIds: queuedIds, ticketIds: newTickets, replies }),
    },
  }
}

/** On the server: every queued id applied, each new ticket filed once, and no reply stored twice. */
function appliedOnce(dbFile: string, queued: { mutationIds: string[]; ticketIds: string[]; replies: number }): boolean {
  const { mutationIds, ticketIds } = queued
  const db = new Database(dbFile, { readonly: true, fileMustExist: true })
  try {
    const applied = db
      .prepare("SELECT COUNT(*) AS count FROM applied_mutations WHERE id IN (SELECT value FROM json_each(?)) AND result LIKE '%\"applied\"%'")
      .get(JSON.stringify(mutationIds)) as { count: number }
    const filed = db.prepare("SELECT COUNT(*) AS count FROM tickets WHERE summary LIKE 'Drain %'").get() as { count: number }
    const filedIds = db.prepare('SELECT COUNT(*) AS count FROM tickets WHERE id IN (SELECT value FROM json_each(?))').get(JSON.stringify(ticketIds)) as {
      count: number
    }
    const replies = db.prepare("SELECT COUNT(*) AS count, COUNT(DISTINCT body) AS distinctBodies FROM comments WHERE body LIKE 'Drain reply %'").get() as {
      count: number
      distinctBodies: number
    }
    return (
      applied.count === mutationIds.length &&
      filed.count === ticketIds.length &&
      filedIds.count === ticketIds.length &&
      replies.count === replies.distinctBodies &&
      replies.count === queued.replies
    )
  } finally {
    db.close()
  }
}
