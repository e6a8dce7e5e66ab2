import Database from 'better-sqlite3'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { SyncStatus } from '../../shared/schemas/local-ticket'
import { MemorySecretStore } from '../../electron/core/secrets/secret-store'
import { createSupportCore } from '../../electron/core/support-core'
import { DEMO_ACCOUNTS } from '../../server/seed/demo'
import type { RunningHelpCenter } from '../../server/start'
import { cacheFileOf } from '../bench/bench-cache'
import { cacheDifferences } from './cache-matches-server'
import { call, until } from './core-harness'
import { FAULTS, faultsByKind, requestsBeforeRetryAfter, startFlakyProxy } from './flaky-proxy'
import { SeededRandom } from './seeded-random'

/** What a local command may take while the network misbehaves: it answers from the cache, never from the network. */
const LOCAL_ANSWER_MS = 1_000

export interface FlakyNetworkOptions {
  seed: number
  /** User steps, 250 ms apart: every fifth files a ticket, the others reply; each also lists and searches. */
  steps: number
  faultRate: number
  eventStreamFaultRate: number
  /** Event streams that pass are ended after this long, as a load balancer would: each reconnection can meet a fault. */
  eventStreamLifetimeMs: number
}

export interface FlakyNetworkFigures {
  requests: number
  eventStreams: number
  faults: Record<string, number>
  ticketsFiled: number
  replies: number
  slowestLocalAnswerMs: number
  syncErrors: string[]
}

/**
 * The core behind a flaky proxy while a user files tickets, replies, lists and searches; then the faults stop. Checks
 * that every local command answered from the cache in time, that nothing crashed, that every failed round published
 * why and when it retries, that no request arrived within a Retry-After, and that the cache and the help center agree
 * with every change applied once.
 */
export async function runFlakyNetwork(
  setting: { dir: string; helpCenter: (dbFile: string) => Promise<RunningHelpCenter>; cleanups: (() => Promise<void>)[] },
  options: FlakyNetworkOptions,
): Promise<FlakyNetworkFigures> {
  const crashes: unknown[] = []
  const recordCrash = (error: unknown) => crashes.push(error)
  process.on('unhandledRejection', recordCrash)
  process.on('uncaughtException', recordCrash)
  try {
    return await run(setting, options, crashes)
  } finally {
    process.off('unhandledRejection', recordCrash)
    process.off('uncaughtException', recordCrash)
  }
}

async function run(
  { dir, helpCenter, cleanups }: Parameters<typeof runFlakyNetwork>[0],
  options: FlakyNetworkOptions,
  crashes: unknown[],
): Promise<FlakyNetworkFigures> {
  const helpCenterDb = join(dir, 'help-center.sqlite')
  const server = await helpCenter(helpCenterDb)
  const proxy = await startFlakyProxy(server.url, {
    faultRate: 0,
    seed: options.seed,
    faults: FAULTS,
    retryAfterSeconds: [1, 2],
    eventStreamLifetimeMs: options.eventStreamLifetimeMs,
  })
  cleanups.push(() => proxy.close())
  const userDataDir = join(dir, 'app')
  const unexpected: unknown[] = []
  const core = createSupportCore({
    userDataDir,
    secrets: new MemorySecretStore(),
    // Short, so that a stalled request or a silent event stream costs seconds of the test, not minutes.
    requestTimeoutMs: 1_500,
    eventStreamIdleMs: 3_000,
    reportUnexpected: (error) => unexpected.push(error),
  })
  cleanups.push(() => core.close())
  const statuses: { at: number; status: SyncStatus }[] = []
  core.onEvent((event, payload) => {
    if (event === 'sync.status') statuses.push({ at: Date.now(), status: payload as SyncStatus })
  })
  const { email, password } = DEMO_ACCOUNTS.customer
  await call(core, 'session.signIn', { helpCenterUrl: proxy.url, email, password })
  await call(core, 'sync.now', {})

  proxy.setFaultRate(options.faultRate, options.eventStreamFaultRate)
  const random = new SeededRandom(options.seed)
  const created: { id: string; summary: string }[] = []
  const comments: string[] = []
  let slowestMs = 0
  const local = async <T>(work: () => Promise<T>): Promise<T> => {
    const started = performance.now()
    const result = await work()
    slowestMs = Math.max(slowestMs, performance.now() - started)
    return result
  }
  for (let step = 0; step < options.steps; step++) {
    if (step % 5 === 0) {
      const summary = `Flaky network ticket ${created.length + 1}`
      const ticket = { kind: 'account_billing' as const, summary, description: 'Filed through a flaky network.', severity: 'S3' as const }
      created.push({ id: (await local(() => call(core, 'tickets.create', { ticket }))).id, summary })
    } else {
      const body = `Flaky network reply ${comments.length + 1}`
      await local(() => call(core, 'tickets.comment', { ticketId: random.pick(created).id, body }))
      comments.push(body)
    }
    const latest = created.at(-1)!
    const listed = await local(() => call(core, 'tickets.list', { limit: 100 }))
    expect(listed.tickets.some(({ id }) => id === latest.id)).toBe(true)
    const found = await local(() => call(core, 'tickets.list', { search: latest.summary }))
    expect(found.tickets.map(({ id }) => id)).toContain(latest.id)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  const faultyStatuses = statuses.filter(({ status }) => status.phase === 'offline')

  proxy.setFaultRate(0, 0)
  const converged = await until(async () => {
    const status = await call(core, 'sync.now', {})
    return status.phase === 'idle' && status.pendingMutations === 0 && status.failedMutations === 0 && status
  }, 'the outbox to drain once the faults stop', 60_000)
  expect(converged.lastError).toBeUndefined()
  expect(converged.retryAt).toBeUndefined()
  await call(core, 'sync.now', {})

  const injected = faultsByKind(proxy.log)
  for (const fault of FAULTS) expect(injected[fault], fault).toBeGreaterThan(0)

  expect(slowestMs).toBeLessThan(LOCAL_ANSWER_MS)
  expect(crashes).toEqual([])
  expect(unexpected).toEqual([])
  // Every failed round says why, and when the next attempt is due: ahead, when the failure is announced (later
  // statuses of the same failure, with a pending count that changed, say, may find that time passed: "retrying now").
  expect(faultyStatuses.length).toBeGreaterThan(0)
  for (const [index, { at, status }] of faultyStatuses.entries()) {
    expect(status.lastError).toMatch(/\S/)
    if (status.retryAt !== faultyStatuses[index - 1]?.status.retryAt) expect(Date.parse(status.retryAt!)).toBeGreaterThanOrEqual(at - 5)
  }
  const errors = faultyStatuses.map(({ status }) => status.lastError!)
  expect(errors.some((error) => /answered 500 Internal Server Error/.test(error))).toBe(true)
  expect(errors.some((error) => /answered 429 Too Many Requests and asked to wait [12] s/.test(error))).toBe(true)
  // After a 429, nothing more from the app until its Retry-After has passed (the event stream included).
  expect(requestsBeforeRetryAfter(proxy.log)).toEqual([])

  expect(await cacheDifferences(cacheFileOf(userDataDir), server.url, DEMO_ACCOUNTS.customer)).toEqual([])
  const store = new Database(helpCenterDb, { readonly: true })
  const count = (sql: string, text: string) => (store.prepare(sql).get(text) as { count: number }).count
  expect(created.filter(({ summary }) => count('SELECT COUNT(*) AS count FROM tickets WHERE summary = ?', summary) !== 1)).toEqual([])
  expect(comments.filter((body) => count('SELECT COUNT(*) AS count FROM comments WHERE body = ?', body) !== 1)).toEqual([])
  store.close()
  return {
    requests: proxy.log.filter(({ eventStream }) => !eventStream).length,
    eventStreams: proxy.log.filter(({ eventStream }) => eventStream).length,
    faults: injected,
    ticketsFiled: created.length,
    replies: comments.length,
    slowestLocalAnswerMs: Math.round(slowestMs),
    syncErrors: [...new Set(faultyStatuses.map(({ status }) => status.lastError!))],
  }
}
