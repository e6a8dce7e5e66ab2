import Database from 'better-sqlite3'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { demoHelpCenter, getAs, signIn, tempDir } from './help-center'
import { addAttachment, changePage, mutate, setStatus } from './ticket-mutations'
import { buildHelpCenter } from '../../../server/app'
import { openHelpCenterDatabase, schemaVersion } from '../../../server/database'
import { MIGRATIONS } from '../../../server/migrations'
import { hashPassword, verifyPassword } from '../../../server/passwords'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '../../../server/seed/demo'
import { hashRefreshToken } from '../../../server/tokens'
import { ticketSearchPageSchema } from '../../../shared/schemas/ticket'

const SINCE = '2026-01-01T00:00:00.000Z'

function count(db: ReturnType<typeof openHelpCenterDatabase>, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
}

function fileBytes(file: string): Buffer {
  // With WAL, recent writes may sit in the -wal file: read both.
  return Buffer.concat([file, `${file}-wal`].filter(existsSync).map((path) => readFileSync(path)))
}

describe('the help center database', () => {
  it('is created in WAL mode with foreign keys on and the latest schema, and reopens without migrating again', () => {
    const file = join(tempDir(), 'help-center.sqlite')
    const db = openHelpCenterDatabase(file)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(schemaVersion(db)).toBe(MIGRATIONS.length)
    db.prepare('INSERT INTO organizations (id, name, support_plan_since) VALUES (?, ?, ?)').run('org-x', 'X', SINCE)
    db.close()

    const reopened = openHelpCenterDatabase(file)
    const plan = reopened.prepare('SELECT support_plan FROM organizations WHERE id = ?').get('org-x')
    expect(plan).toEqual({ support_plan: 'basic' })
    const orphan = ['cl-x', 'org-missing', 'x', 'serverless', 'aws', 'us-east-1', 'v8.5.1']
    const insertCluster = reopened.prepare('INSERT INTO clusters VALUES (?, ?, ?, ?, ?, ?, ?)')
    expect(() => insertCluster.run(...orphan)).toThrow(/FOREIGN KEY/)
    reopened.close()
  })

  it('refuses a file from a newer server instead of guessing', () => {
    const file = join(tempDir(), 'help-center.sqlite')
    const db = openHelpCenterDatabase(file)
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`)
    db.close()
    expect(() => openHelpCenterDatabase(file)).toThrow(/newer than this server/)
  })

  it('keeps emails unique regardless of case', async () => {
    const { db } = await demoHelpCenter()
    const insert = db.prepare('INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)')
    expect(() => insert.run('usr-x', 'AIKO@SAKURA-FINTECH.EXAMPLE', 'X', 'customer', 'x', SINCE)).toThrow(/UNIQUE/)
  })
})

describe('migrating an existing store', () => {
  it('takes a version-2 store with tickets and changes to the latest schema, keeping its change seqs', async () => {
    const file = join(tempDir(), 'help-center.sqlite')
    const old = new Database(file)
    old.exec(MIGRATIONS[0]!)
    old.exec(MIGRATIONS[1]!)
    old.pragma('user_version = 2')
    const { customer } = DEMO_ACCOUNTS
    const ticketId = crypto.randomUUID()
    const commentId = crypto.randomUUID()
    old.prepare('INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)').run(
      'usr-aiko',
      customer.email,
      customer.name,
      'customer',
      await hashPassword(customer.password),
      SINCE,
    )
    old.prepare('INSERT INTO organizations (id, name, support_plan, support_plan_since) VALUES (?, ?, ?, ?)').run(
      'org-sakura',
      'Sakura Fintech',
      'enterprise',
      SINCE,
    )
    old.prepare(`INSERT INTO memberships VALUES ('usr-aiko', 'org-sakura', 'owner')`).run()
    old.prepare(
      `INSERT INTO tickets (id, key_number, kind, summary, description, organization_id, severity, status,
         requester_id, time_zone, created_at, updated_at, last_seq)
       VALUES (?, 1001, 'account_billing', 'Invoice', 'Twice billed', 'org-sakura', 'S3', 'waiting_for_support',
         'usr-aiko', 'Asia/Tokyo', ?, ?, 3)`,
    ).run(ticketId, SINCE, SINCE)
    old.prepare(`INSERT INTO comments VALUES (?, ?, 'usr-aiko', 'Any news?', 'public', ?, 2)`).run(
      commentId,
      ticketId,
      SINCE,
    )
    const insertChange = old.prepare(
      `INSERT INTO changes (entity, entity_id, organization_id, requester_id, visibility)
       VALUES (?, ?, 'org-sakura', 'usr-aiko', 'public')`,
    )
    for (const [entity, id] of [['ticket', ticketId], ['comment', commentId], ['ticket', ticketId]]) {
      insertChange.run(entity, id)
    }
    old.close()

    const db = openHelpCenterDatabase(file)
    expect(schemaVersion(db)).toBe(MIGRATIONS.length)
    const app = buildHelpCenter({ db })
    try {
      const { accessToken } = await signIn(app, customer)
      const before = await changePage(app, accessToken)
      expect(before.changes.map(({ seq, entity }) => [seq, entity])).toEqual([
        [1, 'ticket'],
        [2, 'comment'],
        [3, 'ticket'],
      ])
      // Its tickets and replies were indexed for search on the way.
      const found = await getAs(app, accessToken, '/api/v1/tickets?search=any%20news')
      expect(ticketSearchPageSchema.parse(found.json()).tickets.map((ticket) => ticket.id)).toEqual([ticketId])
      // The old ticket takes files and history, and new changes carry on after the old seqs.
      const log = { fileName: 'invoice.txt', contentType: 'text/plain', content: Buffer.from('INV-2291') }
      await mutate(app, accessToken, [addAttachment(ticketId, log), setStatus(ticketId, 'resolved')])
      const after = await changePage(app, accessToken, before.cursor)
      expect(after.changes.map(({ seq, entity }) => [seq, entity])).toEqual([
        [4, 'attachment'],
        [5, 'ticket'],
        [6, 'history'],
      ])
    } finally {
      await app.close()
      db.close()
    }
  })
})

describe('secrets at rest', () => {
  it('stores passwords only as salted scrypt hashes', async () => {
    const first = await hashPassword(DEMO_PASSWORD)
    const second = await hashPassword(DEMO_PASSWORD)
    expect(first).toMatch(/^scrypt\$16384\$8\$5\$[\w-]{22}\$[\w-]{43}$/)
    expect(second).not.toBe(first)
    expect(await verifyPassword(DEMO_PASSWORD, first)).toBe(true)
    expect(await verifyPassword('tidb-demo ', first)).toBe(false)
    expect(await verifyPassword(DEMO_PASSWORD, 'scrypt$16384$8$5$$')).toBe(false)
    expect(await verifyPassword(DEMO_PASSWORD, DEMO_PASSWORD)).toBe(false)
  })

  it('never writes a plain password or refresh token to the database file', async () => {
    const file = join(tempDir(), 'help-center.sqlite')
    const db = openHelpCenterDatabase(file)
    await seedDemo(db)
    const app = buildHelpCenter({ db })
    const grant = await signIn(app, DEMO_ACCOUNTS.customer)
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email: DEMO_ACCOUNTS.member.email, password: 'my-wrong-secret' },
    })

    const bytes = fileBytes(file)
    expect(bytes.includes(Buffer.from('aiko@sakura-fintech.example'))).toBe(true) // the check can see the data
    expect(bytes.includes(Buffer.from(DEMO_PASSWORD))).toBe(false)
    expect(bytes.includes(Buffer.from('my-wrong-secret'))).toBe(false)
    expect(bytes.includes(Buffer.from(grant.refreshToken))).toBe(false)
    expect(bytes.includes(Buffer.from(hashRefreshToken(grant.refreshToken)))).toBe(true)
    await app.close()
    db.close()
  })
})

describe('seedDemo', () => {
  it('seeds once: a second run, even a concurrent one, changes nothing', async () => {
    const db = openHelpCenterDatabase(join(tempDir(), 'help-center.sqlite'))
    expect((await Promise.all([seedDemo(db), seedDemo(db)])).sort()).toEqual([false, true])
    const tables = ['users', 'organizations', 'memberships', 'tam_assignments', 'clusters']
    const before = tables.map((table) => count(db, table))
    expect(before).toEqual([7, 5, 5, 2, 12])
    expect(await seedDemo(db)).toBe(false)
    expect(tables.map((table) => count(db, table))).toEqual(before)
    db.close()
  })

  it('gives every demo account a working sign-in', async () => {
    const { app } = await demoHelpCenter()
    for (const [key, account] of Object.entries(DEMO_ACCOUNTS)) {
      const grant = await signIn(app, account)
      expect(grant.user.name, key).toBe(account.name)
    }
    expect(DEMO_ACCOUNTS.customer.email).toBe('aiko@sakura-fintech.example')
  })
})

describe('opening the store', () => {
  it('creates the folder it is asked to live in', () => {
    const file = join(tempDir(), 'not', 'yet', 'there', 'help-center.sqlite')
    openHelpCenterDatabase(file).close()
    expect(existsSync(file)).toBe(true)
  })
})
