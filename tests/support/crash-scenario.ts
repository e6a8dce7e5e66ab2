import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { expect } from 'vitest'
import type { Severity } from '../../shared/domain/support-plan'
import { DEMO_ACCOUNTS, type DemoAccount } from '../../server/seed/demo'
import type { CrashChildConfig, CrashChildReport, PlannedAction } from './crash-child'
import { startFlakyProxy, type FlakyProxy } from './flaky-proxy'
import { buildForNode } from './node-build'
import { SeededRandom } from './seeded-random'

const root = resolve(import.meta.dirname, '../..')
/** Generous on two busy cores: starting Node, opening the cache and, on a first start, signing in and syncing. */
const READY_WITHIN_MS = 30_000
const DRAIN_WITHIN_MS = 10_000

const delay = (ms: number) => new Promise<void>((resolveDelay) => setTimeout(resolveDelay, ms))

export interface CrashScenarioOptions {
  seed: number
  /** The customer's part of the plan: new tickets, and replies on them. */
  creates: number
  comments: number
  /** The TAM's part: severity changes with a reason, and internal notes, on their organizations' tickets. */
  severityChanges: number
  notes: number
  /**
   * SIGKILLs per account, each at a seeded moment: half of them counted from the process's start (they find it
   * restoring the session or signing in), half from the moment it begins to queue (they find it writing and sending).
   */
  killsPerAccount: number
  killAfterStartMs: readonly [number, number]
  killAfterReadyMs: readonly [number, number]
  /**
   * The runs (counted by their kill, from 0, up to but not including the second) in which the help center cannot be
   * reached, once the account has synced: the queue grows. The next run is killed while it sends that queue, this
   * long after the first batch was confirmed.
   */
  offlineRuns: readonly [number, number]
  killAfterDrainStartsMs: readonly [number, number]
  /** The child's pause between two actions. */
  paceMs: number
}

export type Phase = 'starting' | 'queueing' | 'draining' | 'idle'

export interface KillRecord {
  account: 'customer' | 'tam'
  offline: boolean
  after: 'start' | 'ready' | 'drain'
  afterMs: number
  /** What the child was doing: restoring the session, writing the queue, sending it, or waiting with nothing to send. */
  phase: Phase
  actionsDone: number
  pending: number
}

export interface AccountRun {
  account: DemoAccount
  userDataDir: string
  plan: PlannedAction[]
  kills: KillRecord[]
  /** Sign-ins with the password: the first, one after a kill before the first completed, one per ended session. */
  signIns: number
  /** Why a session had ended when the child reopened it (see crash-child). */
  notices: string[]
}

/** Builds the crash child into a folder of its own under .tmp, which the caller removes. */
export async function buildCrashChild(): Promise<{ module: string; outDir: string }> {
  const outDir = join(root, '.tmp/test-build', `crash-child-${process.pid}`)
  return { module: await buildForNode(join(root, 'tests/support/crash-child.ts'), outDir), outDir }
}

/**
 * The plans of both accounts: the customer files tickets and replies on them (each reply after its ticket), the TAM
 * changes severities through S2-S4 (S1 is not allowed on billing tickets) and adds notes. Every action carries a text
 * of its own, by which the help center's store shows whether it arrived once.
 */
export function planActions(helpCenterDb: string, options: CrashScenarioOptions): { customer: PlannedAction[]; tam: PlannedAction[] } {
  const random = new SeededRandom(options.seed)
  const customer: PlannedAction[] = []
  const created: string[] = []
  let creates = options.creates
  let comments = options.comments
  while (creates + comments > 0) {
    if (created.length === 0 || random.chance(creates / (creates + comments))) {
      const summary = `Crash ticket ${created.length + 1}`
      created.push(summary)
      customer.push({ kind: 'create', summary })
      creates--
    } else {
      customer.push({ kind: 'comment', summary: random.pick(created), body: `Crash comment ${options.comments - comments + 1}` })
      comments--
    }
  }

  const store = new Database(helpCenterDb, { readonly: true, fileMustExist: true })
  const queue = store
    .prepare(
      `SELECT id, severity FROM tickets WHERE organization_id IN ('org-helix', 'org-kumo') AND status != 'closed'
       ORDER BY key_number LIMIT 8`,
    )
    .all() as { id: string; severity: Severity }[]
  store.close()
  const severity = new Map(queue.map(({ id, severity }) => [id, severity]))
  const cycle: Severity[] = ['S2', 'S3', 'S4']
  const tam: PlannedAction[] = []
  let severityChanges = options.severityChanges
  let notes = options.notes
  while (severityChanges + notes > 0) {
    const ticketId = random.pick(queue).id
    if (random.chance(severityChanges / (severityChanges + notes))) {
      const next = cycle[(cycle.indexOf(severity.get(ticketId)!) + 1) % cycle.length]!
      severity.set(ticketId, next)
      tam.push({ kind: 'severity', ticketId, severity: next, reason: `Crash triage ${options.severityChanges - severityChanges + 1}` })
      severityChanges--
    } else {
      tam.push({ kind: 'note', ticketId, body: `Crash note ${options.notes - notes + 1}` })
      notes--
    }
  }
  return { customer, tam }
}

interface ChildProcessRun {
  /** Resolves with the exit code (null when killed). */
  exited: Promise<number | null>
  /** Resolves when the child begins to work through its plan. */
  ready: Promise<void>
  /** Resolves when the help center confirms the first batch of a backlog (ten changes or more). */
  draining: Promise<void>
  kill(): void
  phase(): Phase
  actionsDone(): number
  pending(): number
  errors(): string
}

function startChild(module: string, config: CrashChildConfig, run: AccountRun): ChildProcessRun {
  const child = spawn(process.execPath, [module, JSON.stringify(config)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let phase: Phase = 'starting'
  let actionsDone = 0
  let pending = 0
  let stderr = ''
  let becameReady: () => void = () => undefined
  const ready = new Promise<void>((resolveReady) => (becameReady = resolveReady))
  let startedDraining: () => void = () => undefined
  const draining = new Promise<void>((resolveDraining) => (startedDraining = resolveDraining))
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
  createInterface({ input: child.stdout }).on('line', (line) => {
    const report = JSON.parse(line) as CrashChildReport
    switch (report.event) {
      case 'signing-in':
        run.signIns++
        if (report.notice) run.notices.push(report.notice)
        break
      case 'ready':
        phase = 'queueing'
        actionsDone = report.done
        becameReady()
        break
      case 'action':
        actionsDone = report.done
        break
      case 'sync':
        if (pending >= 10 && report.pending < pending) startedDraining()
        pending = report.pending
        if (phase === 'draining' && report.pending === 0) phase = 'idle'
        break
      case 'queued':
        phase = pending > 0 ? 'draining' : 'idle'
        break
    }
  })
  // Never outlive the test, however it ends.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  const exited = new Promise<number | null>((resolveExit) =>
    child.once('exit', (code) => {
      process.off('exit', killOnExit)
      resolveExit(code)
    }),
  )
  return {
    exited,
    ready,
    draining,
    kill: () => child.kill('SIGKILL'),
    phase: () => phase,
    actionsDone: () => actionsDone,
    pending: () => pending,
    errors: () => stderr,
  }
}

/**
 * One account's run: the child is started and killed with SIGKILL `killsPerAccount` times, each time at a seeded
 * moment, reopening the same user-data folder; then it runs once more to the end (outbox empty, cache caught up).
 */
export async function runAccount(
  setting: { module: string; workDir: string; proxy: FlakyProxy },
  run: AccountRun,
  options: CrashScenarioOptions,
  seed: number,
): Promise<void> {
  const random = new SeededRandom(seed)
  mkdirSync(run.userDataDir, { recursive: true })
  const planFile = join(setting.workDir, `${run.account.email}.plan.json`)
  writeFileSync(planFile, JSON.stringify(run.plan))
  const config = (finish: boolean): CrashChildConfig => ({
    userDataDir: run.userDataDir,
    helpCenterUrl: setting.proxy.url,
    email: run.account.email,
    password: run.account.password,
    planFile,
    journalFile: join(setting.workDir, `${run.account.email}.journal`),
    paceMs: options.paceMs,
    finish,
  })
  const accountName = run.account === DEMO_ACCOUNTS.tam ? 'tam' : 'customer'
  const exitedEarly = (code: number | null, child: ChildProcessRun) =>
    new Error(`The ${accountName} child exited by itself (${code}) before its kill: ${child.errors()}`)
  let synced = false
  let current: ChildProcessRun | null = null
  try {
    for (let kill = 0; kill < options.killsPerAccount; kill++) {
      const offline = synced && kill >= options.offlineRuns[0] && kill < options.offlineRuns[1]
      setting.proxy.setFaultRate(offline ? 1 : 0)
      const backOnline = synced && kill === options.offlineRuns[1]
      const after = backOnline ? 'drain' : random.chance(0.5) ? 'start' : 'ready'
      const [min, max] = { start: options.killAfterStartMs, ready: options.killAfterReadyMs, drain: options.killAfterDrainStartsMs }[after]
      const afterMs = random.int(min, max)
      const child = startChild(setting.module, config(false), run)
      current = child
      if (after !== 'start') {
        // A backlog too short to be seen draining (the offline runs were killed early) leaves the kill to its delay.
        const waitMs = after === 'ready' ? READY_WITHIN_MS : DRAIN_WITHIN_MS
        const anchor = after === 'ready' ? child.ready : child.draining
        const reached = await Promise.race([child.exited, anchor.then(() => after), delay(waitMs).then(() => 'late' as const)])
        if (typeof reached !== 'string') throw exitedEarly(reached, child)
        if (reached === 'late' && after === 'ready') throw new Error(`The ${accountName} child did not begin its plan within ${waitMs} ms`)
      }
      const early = await Promise.race([child.exited, delay(afterMs).then(() => 'alive' as const)])
      if (early !== 'alive') throw exitedEarly(early, child)
      run.kills.push({ account: accountName, offline, after, afterMs, phase: child.phase(), actionsDone: child.actionsDone(), pending: child.pending() })
      synced ||= child.phase() !== 'starting'
      child.kill()
      await child.exited
    }
  } finally {
    // A failure above leaves no child behind.
    current?.kill()
  }
  setting.proxy.setFaultRate(0)
  const last = startChild(setting.module, config(true), run)
  const code = await last.exited
  if (code !== 0) throw new Error(`The ${accountName} child did not finish cleanly (${code}): ${last.errors()}`)
}

/** How often each text occurs in the help center's store, for the exactly-once checks. */
export function storedCounts(helpCenterDb: string): {
  tickets: Map<string, number>
  comments: Map<string, number>
  notes: Map<string, number>
  severityChanges: Map<string, number>
  severities: Map<string, string>
  mutationsBy: (email: string) => number
} {
  const store = new Database(helpCenterDb, { readonly: true, fileMustExist: true })
  try {
    const counts = (sql: string) => new Map((store.prepare(sql).all() as { text: string; count: number }[]).map(({ text, count }) => [text, count]))
    const mutations = new Map(
      (
        store
          .prepare('SELECT u.email AS email, COUNT(*) AS count FROM applied_mutations m JOIN users u ON u.id = m.user_id GROUP BY u.email')
          .all() as { email: string; count: number }[]
      ).map(({ email, count }) => [email.toLowerCase(), count]),
    )
    return {
      tickets: counts("SELECT summary AS text, COUNT(*) AS count FROM tickets WHERE summary LIKE 'Crash ticket %' GROUP BY summary"),
      comments: counts(
        "SELECT body AS text, COUNT(*) AS count FROM comments WHERE body LIKE 'Crash comment %' AND visibility = 'public' GROUP BY body",
      ),
      notes: counts("SELECT body AS text, COUNT(*) AS count FROM comments WHERE body LIKE 'Crash note %' AND visibility = 'internal' GROUP BY body"),
      severityChanges: counts(
        "SELECT reason AS text, COUNT(*) AS count FROM ticket_history WHERE field = 'severity' AND reason LIKE 'Crash triage %' GROUP BY reason",
      ),
      severities: new Map((store.prepare('SELECT id, severity FROM tickets').all() as { id: string; severity: string }[]).map(({ id, severity }) => [id, severity])),
      mutationsBy: (email) => mutations.get(email.toLowerCase()) ?? 0,
    }
  } finally {
    store.close()
  }
}

export interface CrashSafetyFigures {
  mutations: number
  crashes: number
  killsByPhase: Record<Phase, number>
  /** Kills that found changes in the outbox, queued and not yet confirmed by the help center. */
  killsWithOutboxPending: number
  killsOffline: number
  /** The longest outbox a kill found. */
  mostPendingAtKill: number
  signIns: number
  sessionsEnded: number
  seconds: number
}

/**
 * The whole crash-safety run against a help center on loopback: both accounts' children killed and restarted side by
 * side, then every planned action checked on the help center's store (each exactly once, none missing, no stray
 * mutation) and each cache compared with the help center row by row.
 */
export async function runCrashSafety(
  setting: { module: string; workDir: string; helpCenterUrl: string; helpCenterDb: string },
  options: CrashScenarioOptions,
  cacheDifferences: (userDataDir: string, account: DemoAccount) => Promise<string[]>,
): Promise<CrashSafetyFigures> {
  const started = performance.now()
  const plans = planActions(setting.helpCenterDb, options)
  const runs: AccountRun[] = [
    { account: DEMO_ACCOUNTS.customer, userDataDir: join(setting.workDir, 'customer'), plan: plans.customer, kills: [], signIns: 0, notices: [] },
    { account: DEMO_ACCOUNTS.tam, userDataDir: join(setting.workDir, 'tam'), plan: plans.tam, kills: [], signIns: 0, notices: [] },
  ]
  // Each account reaches the help center through a proxy of its own, which makes it unreachable in its offline runs.
  const proxies = await Promise.all(runs.map(() => startFlakyProxy(setting.helpCenterUrl, { faultRate: 0, faults: ['drop_request'] })))
  try {
    await Promise.all(
      runs.map((run, index) => runAccount({ ...setting, proxy: proxies[index]! }, run, options, options.seed + 100 * (index + 1))),
    )
  } finally {
    await Promise.all(proxies.map((proxy) => proxy.close()))
  }

  const stored = storedCounts(setting.helpCenterDb)
  const once = (texts: string[], counts: Map<string, number>) => {
    const wrong = texts.filter((text) => counts.get(text) !== 1).map((text) => `${text}: ${counts.get(text) ?? 0}`)
    const unplanned = [...counts.keys()].filter((text) => !texts.includes(text))
    return [...wrong, ...unplanned.map((text) => `${text}: not planned`)]
  }
  const texts = (plan: PlannedAction[], kind: PlannedAction['kind']) =>
    plan.flatMap((action) =>
      action.kind !== kind ? [] : [action.kind === 'create' ? action.summary : action.kind === 'severity' ? action.reason : action.body],
    )
  expect(once(texts(plans.customer, 'create'), stored.tickets)).toEqual([])
  expect(once(texts(plans.customer, 'comment'), stored.comments)).toEqual([])
  expect(once(texts(plans.tam, 'severity'), stored.severityChanges)).toEqual([])
  expect(once(texts(plans.tam, 'note'), stored.notes)).toEqual([])
  // Every mutation id the help center ever saw from each account is one planned action: nothing was sent twice
  // under a new id (the child redoing what it had done), and nothing was refused.
  expect(stored.mutationsBy(DEMO_ACCOUNTS.customer.email)).toBe(plans.customer.length)
  expect(stored.mutationsBy(DEMO_ACCOUNTS.tam.email)).toBe(plans.tam.length)
  const lastSeverity = new Map(plans.tam.flatMap((action) => (action.kind === 'severity' ? [[action.ticketId, action.severity] as const] : [])))
  for (const [ticketId, severity] of lastSeverity) expect(stored.severities.get(ticketId)).toBe(severity)
  for (const run of runs) expect(await cacheDifferences(run.userDataDir, run.account)).toEqual([])

  const kills = runs.flatMap((run) => run.kills)
  const killsByPhase: Record<Phase, number> = { starting: 0, queueing: 0, draining: 0, idle: 0 }
  for (const { phase } of kills) killsByPhase[phase]++
  return {
    mutations: plans.customer.length + plans.tam.length,
    crashes: kills.length,
    killsByPhase,
    killsWithOutboxPending: kills.filter(({ pending }) => pending > 0).length,
    killsOffline: kills.filter(({ offline }) => offline).length,
    mostPendingAtKill: Math.max(...kills.map(({ pending }) => pending)),
    signIns: runs.reduce((sum, run) => sum + run.signIns, 0),
    sessionsEnded: runs.reduce((sum, run) => sum + run.notices.length, 0),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  }
}
