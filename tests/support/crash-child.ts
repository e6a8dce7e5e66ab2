// The app's core in a process of its own, for the crash-safety test to kill: it opens (or signs in to) the account in
// a user-data folder, queues the actions of a plan that it has not done yet, and syncs. Built by buildForNode, because
// core imports its SQL migrations as Vite raw files. It tells the test what it is doing, one JSON line at a time.
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Severity } from '../../shared/domain/support-plan'
import { UnencryptedFileSecretStore } from '../../electron/core/secrets/secret-store'
import { createSupportCore } from '../../electron/core/support-core'
import { call } from './dispatch'

export type PlannedAction =
  | { kind: 'create'; summary: string }
  | { kind: 'comment'; summary: string; body: string }
  | { kind: 'severity'; ticketId: string; severity: Severity; reason: string }
  | { kind: 'note'; ticketId: string; body: string }

export interface CrashChildConfig {
  userDataDir: string
  helpCenterUrl: string
  email: string
  password: string
  planFile: string
  /** `intent N` before action N and `done N` after it: what the user knows they clicked. */
  journalFile: string
  /** A pause between actions, as a user makes them (and so that kills find the queue half written). */
  paceMs: number
  /** Sync until the outbox is empty and the cache caught up, then close and exit; otherwise wait to be killed. */
  finish: boolean
}

export type CrashChildReport =
  | { event: 'signing-in'; notice?: string }
  | { event: 'ready'; done: number }
  | { event: 'action'; done: number }
  | { event: 'sync'; pending: number; failed: number; phase: string }
  | { event: 'queued' }
  | { event: 'drained' }
  | { event: 'finished' }

const report = (line: CrashChildReport) => process.stdout.write(`${JSON.stringify(line)}\n`)

const config = JSON.parse(process.argv[2] ?? '') as CrashChildConfig
const plan = JSON.parse(readFileSync(config.planFile, 'utf8')) as PlannedAction[]

const core = createSupportCore({
  userDataDir: config.userDataDir,
  secrets: new UnencryptedFileSecretStore(join(config.userDataDir, 'secrets.unencrypted.json')),
  reportUnexpected: (error) => {
    console.error(error)
    process.exit(2)
  },
})
core.onEvent((event, payload) => {
  if (event !== 'sync.status') return
  const status = payload as { pendingMutations: number; failedMutations: number; phase: string }
  report({ event: 'sync', pending: status.pendingMutations, failed: status.failedMutations, phase: status.phase })
})
await core.start()
const session = await call(core, 'session.get', {})
if (session.status !== 'signed_in') {
  // First start, or the session ended: a kill between the help center rotating the refresh token and the app
  // keeping the new one makes the next renewal look like a stolen token. The user signs in again; nothing queued is lost.
  report({ event: 'signing-in', ...(session.notice ? { notice: session.notice } : {}) })
  await call(core, 'session.signIn', { helpCenterUrl: config.helpCenterUrl, email: config.email, password: config.password })
}

// The user acts on tickets they can see: the account's first sync must have completed (again, if a kill cut it short).
while ((await call(core, 'sync.status', {})).lastSyncedAt === null) await call(core, 'sync.now', {})

const journal = existsSync(config.journalFile) ? readFileSync(config.journalFile, 'utf8').split('\n').filter(Boolean) : []
const done = new Set(journal.filter((line) => line.startsWith('done ')).map((line) => Number(line.slice(5))))
const lastIntent = journal.findLast((line) => line.startsWith('intent '))
const inDoubt = lastIntent === undefined ? null : Number(lastIntent.slice(7))

const ticketIds = new Map<string, string>()
for (const ticket of (await call(core, 'tickets.list', { limit: 500 })).tickets) ticketIds.set(ticket.summary, ticket.id)
const ticketIdOf = (summary: string) => {
  const id = ticketIds.get(summary)
  if (!id) throw new Error(`The plan's ticket "${summary}" is not in the cache`)
  return id
}

/** Whether an action the app may or may not have taken before it was killed is on screen: what the user would check. */
async function visible(action: PlannedAction): Promise<boolean> {
  switch (action.kind) {
    case 'create':
      return ticketIds.has(action.summary)
    case 'comment':
      return (await call(core, 'tickets.get', { ticketId: ticketIdOf(action.summary) })).comments.some(({ body }) => body === action.body)
    case 'note':
      return (await call(core, 'tickets.get', { ticketId: action.ticketId })).comments.some(({ body }) => body === action.body)
    case 'severity':
      return (await call(core, 'tickets.get', { ticketId: action.ticketId })).ticket.severity === action.severity
  }
}

async function perform(action: PlannedAction): Promise<void> {
  switch (action.kind) {
    case 'create': {
      const ticket = { kind: 'account_billing' as const, summary: action.summary, description: 'Filed by the crash-safety test.', severity: 'S3' as const }
      ticketIds.set(action.summary, (await call(core, 'tickets.create', { ticket })).id)
      return
    }
    case 'comment':
      await call(core, 'tickets.comment', { ticketId: ticketIdOf(action.summary), body: action.body })
      return
    case 'note':
      await call(core, 'triage.apply', { ticketIds: [action.ticketId], action: { kind: 'note', body: action.body } })
      return
    case 'severity':
      await call(core, 'triage.apply', {
        ticketIds: [action.ticketId],
        action: { kind: 'setSeverity', severity: action.severity, reason: action.reason },
      })
  }
}

report({ event: 'ready', done: done.size })
for (const [index, action] of plan.entries()) {
  if (done.has(index)) continue
  if (index === inDoubt && (await visible(action))) {
    appendFileSync(config.journalFile, `done ${index}\n`)
    done.add(index)
    continue
  }
  appendFileSync(config.journalFile, `intent ${index}\n`)
  await perform(action)
  appendFileSync(config.journalFile, `done ${index}\n`)
  done.add(index)
  report({ event: 'action', done: done.size })
  await new Promise((resolve) => setTimeout(resolve, config.paceMs))
}
report({ event: 'queued' })

for (;;) {
  const status = await call(core, 'sync.now', {})
  if (status.failedMutations > 0) throw new Error(`${status.failedMutations} changes were refused: ${status.lastError ?? ''}`)
  if (status.pendingMutations === 0 && status.phase === 'idle') break
  await new Promise((resolve) => setTimeout(resolve, 100))
}
report({ event: 'drained' })
if (config.finish) {
  // One more round: what the help center did in answer to the last pushes (the demo engineer's replies) comes back.
  await call(core, 'sync.now', {})
  await core.close()
  report({ event: 'finished' })
  process.exit(0)
}
// Left open, as an app is: syncing in the background until the test kills it.
setInterval(() => undefined, 60_000)
