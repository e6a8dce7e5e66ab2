import { createHash, randomUUID } from 'node:crypto'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { COMMAND_NAMES, commands, type CommandInput, type CommandName } from '../../shared/ipc/contract'
import { supportErrorSchema } from '../../shared/schemas/error'
import { UnencryptedFileSecretStore } from '../../electron/core/secrets/secret-store'
import type { SupportCore } from '../../electron/core/support-core'
import { DEMO_ACCOUNTS, type DemoAccount } from '../../server/seed/demo'
import { call, useCoreHarness } from '../support/core-harness'
import { snapshotFiles, useTempDir } from '../support/temp-dir'

const RUNS_PER_COMMAND = 240

/** Keys that reach into prototypes if code merges objects naively. */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'then']
const HUGE_STRING = 'x'.repeat(1 << 20)

function nested(depth: number, wrap: (inner: object) => object): object {
  let value: object = { bottom: true }
  for (let level = 0; level < depth; level++) value = wrap(value)
  // fast-check would print it level by level, deeper than the stack goes.
  Object.defineProperty(value, fc.toStringMethod, { value: () => `<${depth} levels of ${JSON.stringify(wrap({}))}>` })
  return value
}

function cyclic(): unknown {
  const node: Record<string, unknown> = { kind: 'technical', ticketId: randomUUID() }
  node.ticket = node
  node.fields = node
  node.filters = node
  return node
}

/** Values a renderer could send through structured clone that no schema expects. */
const oddValue = fc.constantFrom<unknown>(
  NaN,
  Infinity,
  -Infinity,
  -0,
  2 ** 53 + 1,
  Number.MIN_VALUE,
  -1,
  0.5,
  1e308,
  12n,
  '',
  ' ',
  '\u0000',
  '\u202e',
  '\ud800',
  '💥',
  HUGE_STRING,
  `${HUGE_STRING}\u0000`,
  null,
  undefined,
  true,
  false,
  [],
  {},
  [[]],
  new Date(NaN),
  new Date(0),
  Object.create(null),
  new Map([['ticketId', randomUUID()]]),
  new Set(['S1']),
  new Uint8Array(8),
  JSON.parse('{"__proto__": {"polluted": "yes"}}'),
  { constructor: { prototype: { polluted: 'yes' } } },
  nested(2_000, (inner) => ({ a: inner })),
  nested(2_000, (inner) => [inner]),
  cyclic(),
)

function junkKey(fieldNames: string[]) {
  return fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, ...fieldNames), fc.string({ unit: 'binary', maxLength: 12 }))
}

function junkValue(fieldNames: string[]) {
  return fc.oneof(
    { weight: 2, arbitrary: oddValue },
    fc.anything({
      key: junkKey(fieldNames),
      maxDepth: 3,
      maxKeys: 6,
      values: [fc.boolean(), fc.integer(), fc.double(), fc.string({ unit: 'binary', maxLength: 40 }), fc.constant(null), oddValue],
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withBigInt: true,
      withDate: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
      withObjectString: true,
    }),
  )
}

type Path = (string | number)[]

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Every place in a payload that a mutation can hit, the payload itself included. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const children = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : isRecord(value) ? Object.entries(value) : []
  return [prefix, ...children.flatMap(([key, item]) => pathsOf(item, [...prefix, key]))]
}

type Change = { kind: 'replace'; value: unknown } | { kind: 'remove' } | { kind: 'add'; key: string; value: unknown }

function nodeAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root)
}

/** A copy of a valid payload with one change at one place. */
function mutated(example: unknown, path: Path, change: Change): unknown {
  const copy = structuredClone(example)
  if (change.kind === 'add') {
    const target = nodeAt(copy, path)
    // As JSON.parse makes it: an own property, even for __proto__.
    if (typeof target === 'object' && target !== null) {
      Object.defineProperty(target, change.key, { value: change.value, enumerable: true, writable: true, configurable: true })
    }
    return copy
  }
  if (path.length === 0) return change.kind === 'replace' ? change.value : undefined
  const parent = nodeAt(copy, path.slice(0, -1)) as Record<string | number, unknown>
  const last = path[path.length - 1]!
  if (change.kind === 'replace') parent[last] = change.value
  else if (Array.isArray(parent)) parent.splice(Number(last), 1)
  else delete parent[last]
  return copy
}

function nearValid(examples: unknown[], fieldNames: string[]) {
  const value = junkValue(fieldNames)
  return fc.constantFrom(...examples).chain((example) =>
    fc
      .tuple(
        fc.constantFrom(...pathsOf(example)),
        fc.oneof(
          fc.record({ kind: fc.constant('replace' as const), value }),
          fc.constant({ kind: 'remove' as const }),
          fc.record({ kind: fc.constant('add' as const), key: junkKey(fieldNames), value }),
        ),
      )
      .map(([path, change]) => mutated(example, path, change)),
  )
}

function fieldNamesOf(name: CommandName): string[] {
  const schema: z.ZodType = commands[name].input
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : []
}

/** What the contract says of a payload; the dispatcher takes a missing payload as `{}`. */
function isValid(name: CommandName, payload: unknown): boolean {
  return commands[name].input.safeParse(payload ?? {}).success
}

const SQLITE_FILE = /cache\.sqlite(-wal|-shm|-journal)?$/

interface Desk {
  account: DemoAccount
  core: SupportCore
  dir: string
  unexpected: unknown[]
}

/**
 * What a refused payload must leave as it was: every file of the app beside the cache, every row of the cache, and
 * the preferences. The cache is read through a second connection whose `data_version` says whether anyone
 * committed, so the rows are hashed again only after a write.
 */
class WrittenState {
  private cache: { inode: number; db: Database.Database; version: number; rows: Record<string, string> } | null = null

  constructor(private readonly desk: Desk) {}

  capture() {
    return {
      files: snapshotFiles(this.desk.dir, (path) => !SQLITE_FILE.test(path)),
      cache: this.rows(),
      preferences: this.desk.core.preferences(),
    }
  }

  close(): void {
    this.cache?.db.close()
    this.cache = null
  }

  private rows(): Record<string, string> | null {
    const file = cacheFileOf(this.desk.dir)
    const inode = file ? statSync(file).ino : 0
    if (this.cache && this.cache.inode !== inode) this.close()
    if (!file) return null
    if (!this.cache) {
      const db = new Database(file, { readonly: true, fileMustExist: true })
      this.cache = { inode, db, version: -1, rows: {} }
    }
    const version = this.cache.db.pragma('data_version', { simple: true }) as number
    if (version !== this.cache.version) this.cache = { ...this.cache, version, rows: digestOf(this.cache.db) }
    return this.cache.rows
  }
}

function cacheFileOf(userDataDir: string): string | null {
  const accounts = join(userDataDir, 'accounts')
  if (!existsSync(accounts)) return null
  const file = readdirSync(accounts)
    .map((id) => join(accounts, id, 'cache.sqlite'))
    .find((path) => existsSync(path))
  return file ?? null
}

/** A hash of every stored table; the time of the last sync round is left out, as background rounds keep writing it. */
function digestOf(db: Database.Database): Record<string, string> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
    .pluck()
    .all() as string[]
  return Object.fromEntries(
    tables.map((table) => {
      const hash = createHash('sha256')
      for (const row of db.prepare(`SELECT * FROM "${table}"`).iterate() as Iterable<Record<string, unknown>>) {
        if (table === 'sync_state' && row.key === 'last_synced_at') continue
        for (const value of Object.values(row)) hash.update(Buffer.isBuffer(value) ? value : `${JSON.stringify(value)}\u0001`)
        hash.update('\u0002')
      }
      return [table, hash.digest('hex')]
    }),
  )
}

/** A loopback address where nothing listens: sign-ins there fail at once and leave the help center's limiter alone. */
async function closedPortUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

interface Tally {
  junk: number
  nearValid: number
  valid: number
  refused: number
}

describe('hostile IPC input against a signed-in core and the real help center', () => {
  const tempDir = useTempDir('support-hostile-ipc-')
  const { helpCenter, signedInCore } = useCoreHarness()
  const tallies = Object.fromEntries(COMMAND_NAMES.map((name) => [name, { junk: 0, nearValid: 0, valid: 0, refused: 0 }])) as Record<
    CommandName,
    Tally
  >

  afterAll(() => {
    const rows = COMMAND_NAMES.map((name) => {
      const { junk, nearValid, valid, refused } = tallies[name]
      return `  ${name.padEnd(22)} ${String(junk + nearValid).padStart(5)} tried (${junk} junk, ${nearValid} near-valid): ${valid} valid, ${refused} refused`
    })
    const total = Object.values(tallies).reduce((sum, { junk, nearValid }) => sum + junk + nearValid, 0)
    const refused = Object.values(tallies).reduce((sum, tally) => sum + tally.refused, 0)
    console.log(
      `hostile IPC: ${total} payloads over ${COMMAND_NAMES.length} commands, ${refused} refused with invalid_input and nothing written\n${rows.join('\n')}`,
    )
  })

  it('answers every command for any payload: valid ones act, the rest are refused naming a field and write nothing', { timeout: 240_000 }, async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const desks = new Map<'customer' | 'tam', Desk>()
    for (const [role, account] of [['customer', DEMO_ACCOUNTS.customer], ['tam', DEMO_ACCOUNTS.tam]] as const) {
      const deskDir = join(dir, role)
      const unexpected: unknown[] = []
      const core = await signedInCore(deskDir, server.url, account, {
        secrets: new UnencryptedFileSecretStore(join(deskDir, 'secrets.unencrypted.json')),
        reportUnexpected: (error) => unexpected.push(error),
      })
      desks.set(role, { account, core, dir: deskDir, unexpected })
    }
    const customer = desks.get('customer')!
    const tam = desks.get('tam')!

    const open = await call(customer.core, 'tickets.list', { status: 'open', limit: 500 })
    const ticketId = open.tickets.find((ticket) => ticket.key !== null)!.id
    const closed = (await call(customer.core, 'tickets.list', { limit: 500 })).tickets.find((ticket) => ticket.key === 'SUP-1001')!
    const attachmentId = (await call(customer.core, 'tickets.get', { ticketId: closed.id })).attachments[0]!.id
    const queue = await call(tam.core, 'triage.list', {})
    const tamTicketId = queue.tickets[0]!.id
    const engineerId = (await call(tam.core, 'triage.staff', {})).staff.find(({ role }) => role === 'engineer')!.id
    const nowhere = await closedPortUrl()
    const expYear = new Date().getFullYear() + 3

    /** Valid payloads to start near-valid ones from; the type makes a new command name its own. */
    const examples: { [K in CommandName]: CommandInput<K>[] } = {
      'session.get': [{}],
      'session.signIn': [{ helpCenterUrl: nowhere, email: DEMO_ACCOUNTS.customer.email, password: DEMO_ACCOUNTS.customer.password }],
      'session.useDemo': [{}],
      'session.refresh': [{}],
      'session.signOut': [{}],
      'tickets.list': [
        { status: 'open', kind: 'technical', severity: 'S2', organizationId: 'org-sakura', search: 'region', sort: 'severity', offset: 0, limit: 50 },
      ],
      'tickets.get': [{ ticketId }],
      'tickets.create': [
        {
          ticket: {
            kind: 'technical',
            summary: 'Region unavailable on payments-prod',
            organizationId: 'org-sakura',
            clusterId: 'cl-payments-prod',
            environment: 'production',
            description: 'Since 10:02 JST: [ERROR] region 4012 unavailable.',
            severity: 'S2',
            component: 'tikv',
            affectedVersion: 'v8.5.1',
          },
          attachments: [{ fileName: 'tikv.log', contentType: 'text/plain', contentBase64: 'aGVsbG8=' }],
        },
        { ticket: { kind: 'account_billing', summary: 'Invoice VAT number', description: 'The VAT number is wrong.', severity: 'S3' } },
      ],
      'tickets.comment': [{ ticketId, body: 'Any update?', attachments: [] }],
      'tickets.setStatus': [{ ticketId, status: 'resolved' }, { ticketId, status: 'open' }],
      'tickets.markRead': [{ ticketId }],
      'tickets.similar': [{ text: 'TiKV region unavailable after scale-in' }],
      'attachments.content': [{ attachmentId }],
      'drafts.get': [{ kind: 'technical' }],
      'drafts.save': [{ kind: 'technical', fields: { summary: 'Draft', description: 'Half written' } }],
      'drafts.discard': [{ kind: 'account_billing' }],
      'outbox.retry': [{ entityId: randomUUID() }],
      'outbox.discard': [{ entityId: randomUUID() }],
      'sync.status': [{}],
      'sync.now': [{}],
      'plans.catalog': [{}],
      'plans.organization': [{ organizationId: 'org-pebble' }],
      // The declined test card: a valid upgrade is answered, and nothing changes.
      'plans.upgrade': [
        { organizationId: 'org-pebble', plan: 'developer', card: { holderName: 'Aiko Sato', number: '4000 0000 0000 0002', expMonth: 12, expYear, cvc: '123' } },
      ],
      'plans.downgrade': [{ organizationId: 'org-pebble', plan: 'basic' }],
      'plans.contactSales': [
        { organizationId: 'org-pebble', name: 'Aiko Sato', email: 'aiko@example.com', company: 'Pebble Labs', phone: '+81 3 1234 5678', message: 'A TAM, please.' },
      ],
      'plans.responseStats': [{ organizationId: 'org-sakura' }],
      'preferences.get': [{}],
      'preferences.update': [{ notifications: { minimumSeverity: 'S2', quietHours: { enabled: true, start: '22:00' } }, closeToTray: false }],
      'notifications.pause': [{ pause: '1h' }],
      'triage.list': [
        {
          filters: { severities: ['S1', 'S2'], statuses: ['waiting_for_support'], organizationId: 'org-helix', waitingForSupportHours: 24, assignee: 'unassigned', label: 'hot-region', search: 'region' },
          limit: 100,
        },
      ],
      'triage.apply': [
        { ticketIds: [tamTicketId], action: { kind: 'setSeverity', severity: 'S2', reason: 'Impact confirmed on the call' } },
        { ticketIds: [tamTicketId], action: { kind: 'labels', add: ['hot-region'], remove: [] } },
        { ticketIds: [tamTicketId], action: { kind: 'assign', assigneeId: engineerId } },
        { ticketIds: [tamTicketId], action: { kind: 'note', body: 'Customer is on a deadline.' } },
      ],
      'triage.undo': [{ batchId: randomUUID() }],
      'triage.reapply': [{ mutationId: randomUUID() }],
      'triage.dismiss': [{ mutationId: randomUUID() }],
      'triage.views': [{}],
      'triage.saveView': [{ name: 'Mine', filters: { assignee: 'me', severities: ['S1'] } }],
      'triage.deleteView': [{ id: randomUUID() }],
      'triage.staff': [{}],
      'triage.summary': [{ organizationId: 'org-helix' }],
    }

    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort()
    const states = new Map([...desks.values()].map((desk) => [desk, new WrittenState(desk)]))
    try {
      for (const name of COMMAND_NAMES) {
        const desk = name.startsWith('triage.') ? tam : customer
        const state = states.get(desk)!
        const fieldNames = fieldNamesOf(name)
        expect(examples[name].every((example) => isValid(name, example)), `the examples of ${name} are valid`).toBe(true)
        const payloads = fc.oneof(
          junkValue(fieldNames).map((payload) => ({ source: 'junk' as const, payload })),
          fc.dictionary(junkKey(fieldNames), junkValue(fieldNames), { maxKeys: 5 }).map((payload) => ({ source: 'junk' as const, payload })),
          nearValid(examples[name], fieldNames).map((payload) => ({ source: 'nearValid' as const, payload })),
        )
        await fc.assert(
          fc.asyncProperty(payloads, async ({ source, payload }) => {
            const tally = tallies[name]
            tally[source]++
            const valid = isValid(name, payload)
            const before = valid ? null : state.capture()
            desk.unexpected.length = 0
            const result = await desk.core.dispatch(name, payload)
            expect(desk.unexpected, `${name} crashed inside core`).toEqual([])
            if (valid) {
              tally.valid++
              if (!result.ok) expect(supportErrorSchema.parse(result.error).code, `${name}: ${result.error.message}`).not.toBe('internal')
              // Let what the payload queued go out, so that it cannot be mistaken for a write by the next one.
              if ((await call(desk.core, 'sync.status', {})).pendingMutations > 0) await call(desk.core, 'sync.now', {})
              return
            }
            tally.refused++
            expect(result.ok, `${name} took a payload its schema refuses`).toBe(false)
            if (result.ok) return
            const error = supportErrorSchema.parse(result.error)
            expect(error.code).toBe('invalid_input')
            const fields = Object.keys(error.fields ?? {})
            expect(fields.length, 'the refusal names a field').toBeGreaterThan(0)
            for (const field of fields) expect(['(root)', ...fieldNames], `${field} is a field of ${name}`).toContain(field.split('.')[0])
            expect(error.message).toContain(fields[0])
            expect(state.capture(), `${name} wrote although it refused the payload`).toEqual(before)
          }),
          { numRuns: RUNS_PER_COMMAND },
        )
        // A valid sign-out may have ended the session: the next command starts signed in again.
        if ((await call(desk.core, 'session.get', {})).status === 'signed_out') {
          await call(desk.core, 'session.signIn', { helpCenterUrl: server.url, email: desk.account.email, password: desk.account.password })
          await call(desk.core, 'sync.now', {})
        }
      }
    } finally {
      for (const state of states.values()) state.close()
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore)
  })
})
