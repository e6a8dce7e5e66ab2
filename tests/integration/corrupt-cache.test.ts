import Database from 'better-sqlite3'
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SqliteOptions } from '../../electron/core/database/account-database'
import { MemorySecretStore } from '../../electron/core/secrets/secret-store'
import { createSupportCore } from '../../electron/core/support-core'
import { DEMO_ACCOUNTS } from '../../server/seed/demo'
import { cacheFileOf } from '../bench/bench-cache'
import { cacheDifferences } from '../support/cache-matches-server'
import { call, until, useCoreHarness } from '../support/core-harness'
import { startFlakyProxy } from '../support/flaky-proxy'
import { useTempDir } from '../support/temp-dir'

const PAGE_SIZE = 4096

/** XORs `length` bytes of page `page` (numbered from 1) from `offset` on. */
function flipBytes(file: string, page: number, offset: number, length: number): void {
  const descriptor = openSync(file, 'r+')
  const bytes = Buffer.alloc(length)
  const position = (page - 1) * PAGE_SIZE + offset
  readSync(descriptor, bytes, 0, length, position)
  for (let index = 0; index < length; index++) bytes[index]! ^= 0xff
  writeSync(descriptor, bytes, 0, length, position)
  closeSync(descriptor)
}

/** The pages of a table, from SQLite's dbstat, in file order. */
function pagesOf(file: string, table: string, type: 'leaf' | 'any'): number[] {
  const db = new Database(file, { readonly: true })
  const rows = db
    .prepare(`SELECT pageno FROM dbstat WHERE name = ? ${type === 'leaf' ? "AND pagetype = 'leaf'" : ''} ORDER BY pageno`)
    .all(table) as { pageno: number }[]
  db.close()
  return rows.map(({ pageno }) => pageno)
}

const DAMAGE = {
  'cut off in the middle of a page': (file: string) => truncateSync(file, Math.floor(statSync(file).size * 0.6) + 1000),
  'header overwritten': (file: string) => {
    const descriptor = openSync(file, 'r+')
    writeSync(descriptor, Buffer.from('This is not the header you are looking for. '.repeat(3).slice(0, 100)), 0, 100, 0)
    closeSync(descriptor)
  },
  // The cell pointers of a leaf in the middle of the tickets table: bytes inside a text would go unseen, since SQLite
  // keeps no checksums (no check can tell a flipped letter from a typo).
  'bytes flipped in a tickets page': (file: string) => {
    const leaves = pagesOf(file, 'tickets', 'leaf')
    flipBytes(file, leaves[Math.floor(leaves.length / 2)]!, 8, 16)
  },
  'bytes flipped in the outbox page': (file: string) => flipBytes(file, pagesOf(file, 'outbox', 'any')[0]!, 0, 64),
  'emptied to zero bytes': (file: string) => truncateSync(file, 0),
  'replaced by a file that is not SQLite': (file: string) => writeFileSync(file, `${JSON.stringify({ note: 'not a database' })}\n`.repeat(200)),
} satisfies Record<string, (file: string) => void>
type Damage = keyof typeof DAMAGE

describe('corrupt cache: detected, set aside, rebuilt from the help center, unsent changes salvaged', () => {
  const tempDir = useTempDir('support-corrupt-')
  const { helpCenter, cleanups } = useCoreHarness()

  /**
   * Signs in, syncs, then queues three changes offline (a new ticket, a reply on it, a reply on a filed ticket), closes
   * the app and damages its cache; then opens the app again with the help center reachable.
   */
  async function reopenDamaged(damage: Damage, sqlite: SqliteOptions = {}, reachable = true) {
    const dir = tempDir()
    const helpCenterDb = join(dir, 'help-center.sqlite')
    const server = await helpCenter(helpCenterDb)
    const proxy = await startFlakyProxy(server.url, { faultRate: 0, faults: ['drop_request'] })
    cleanups.push(() => proxy.close())
    const userDataDir = join(dir, 'app')
    const secrets = new MemorySecretStore()
    const before = createSupportCore({ userDataDir, secrets })
    const { email, password } = DEMO_ACCOUNTS.customer
    await call(before, 'session.signIn', { helpCenterUrl: proxy.url, email, password })
    await call(before, 'sync.now', {})
    const filed = (await call(before, 'tickets.list', {})).tickets.find(({ key, status }) => key !== null && status !== 'closed')!
    proxy.setFaultRate(1)
    const summary = `Filed offline before the cache was ${damage}`
    const ticket = { kind: 'account_billing' as const, summary, description: 'Queued, then the cache broke.', severity: 'S3' as const }
    const created = await call(before, 'tickets.create', { ticket })
    const replies = [`First reply queued before the cache was ${damage}`, `Second reply queued before the cache was ${damage}`]
    await call(before, 'tickets.comment', { ticketId: created.id, body: replies[0]! })
    await call(before, 'tickets.comment', { ticketId: filed.id, body: replies[1]! })
    expect((await call(before, 'sync.status', {})).pendingMutations).toBe(3)
    await before.close()

    const cacheFile = cacheFileOf(userDataDir)
    DAMAGE[damage](cacheFile)
    const damagedBytes = readFileSync(cacheFile)
    if (reachable) proxy.setFaultRate(0)
    const after = createSupportCore({ userDataDir, secrets, sqlite })
    cleanups.push(() => after.close())
    const notices: string[] = []
    after.onEvent((event, payload) => {
      if (event === 'app.notice') notices.push((payload as { message: string }).message)
    })
    await after.start()
    const onServer = () => {
      const store = new Database(helpCenterDb, { readonly: true })
      const count = (sql: string, text: string) => (store.prepare(sql).get(text) as { count: number }).count
      const counts = {
        tickets: count('SELECT COUNT(*) AS count FROM tickets WHERE summary = ?', summary),
        replies: replies.map((body) => count('SELECT COUNT(*) AS count FROM comments WHERE body = ?', body)),
      }
      store.close()
      return counts
    }
    return { server, proxy, userDataDir, cacheFile, damagedBytes, core: after, notices, onServer }
  }

  const movedAside = (cacheFile: string) => readdirSync(dirname(cacheFile)).filter((name) => /^cache\.damaged-[\dTZ-]+\.sqlite$/.test(name))

  async function expectRebuilt(reopened: Awaited<ReturnType<typeof reopenDamaged>>, notice: RegExp) {
    const { core, notices, cacheFile, server, userDataDir } = reopened
    const session = await call(core, 'session.get', {})
    expect(session.status).toBe('signed_in')
    const message = session.status === 'signed_in' ? session.cacheRebuiltNotice : undefined
    expect(message).toMatch(notice)
    expect(notices).toEqual([message])
    expect(message).toContain(movedAside(cacheFile)[0])
    await until(async () => {
      const status = await call(core, 'sync.now', {})
      return status.phase === 'idle' && status.pendingMutations === 0 && status.failedMutations === 0
    }, 'the rebuilt cache to sync')
    await call(core, 'sync.now', {})
    expect(await cacheDifferences(cacheFile, server.url, DEMO_ACCOUNTS.customer)).toEqual([])
    expect((await call(core, 'tickets.list', {})).total).toBeGreaterThan(0)
    return { message, userDataDir }
  }

  const salvageable: Damage[] = ['cut off in the middle of a page', 'header overwritten', 'bytes flipped in a tickets page']
  for (const damage of salvageable) {
    it(`${damage}: sends the three changes queued before, exactly once`, async () => {
      const reopened = await reopenDamaged(damage)
      const moved = movedAside(reopened.cacheFile)
      expect(moved).toHaveLength(1)
      expect(readFileSync(join(dirname(reopened.cacheFile), moved[0]!)).equals(reopened.damagedBytes)).toBe(true)
      const { message } = await expectRebuilt(reopened, /3 changes waiting to be sent were kept and will be sent\.$/)
      expect(message).not.toMatch(/could not be read/)
      expect(reopened.onServer()).toEqual({ tickets: 1, replies: [1, 1] })
    })
  }

  it('bytes flipped in the outbox page: says how many changes could not be read, and rebuilds the rest', async () => {
    const reopened = await reopenDamaged('bytes flipped in the outbox page')
    await expectRebuilt(reopened, /Up to 3 changes waiting to be sent could not be read\.$/)
    expect(reopened.onServer()).toEqual({ tickets: 0, replies: [0, 0] })
  })

  const unreadable: [Damage, RegExp][] = [
    ['emptied to zero bytes', /damaged \(the file is empty\)/],
    ['replaced by a file that is not SQLite', /damaged \(the file is not a database\)/],
  ]
  for (const [damage, reason] of unreadable) {
    it(`${damage}: says the unsent changes could not be read, fetches the profile again and rebuilds`, async () => {
      const reopened = await reopenDamaged(damage)
      const { message } = await expectRebuilt(reopened, /Any changes waiting to be sent could not be read\.$/)
      expect(message).toMatch(reason)
      expect(reopened.onServer()).toEqual({ tickets: 0, replies: [0, 0] })
      const moved = movedAside(reopened.cacheFile)
      expect(readFileSync(join(dirname(reopened.cacheFile), moved[0]!)).equals(reopened.damagedBytes)).toBe(true)
    })
  }

  it('not SQLite while the help center is unreachable: signed out with the notice; signing in again opens the rebuilt cache', async () => {
    const reopened = await reopenDamaged('replaced by a file that is not SQLite', {}, false)
    const session = await call(reopened.core, 'session.get', {})
    expect(session.status === 'signed_out' && session.notice).toMatch(
      /damaged \(the file is not a database\).*Any changes waiting to be sent could not be read\. Your account details were lost with it and could not be fetched again: Can't reach the help center .* Sign in again\.$/,
    )
    reopened.proxy.setFaultRate(0)
    const { email, password } = DEMO_ACCOUNTS.customer
    await call(reopened.core, 'session.signIn', { helpCenterUrl: reopened.proxy.url, email, password })
    expect(movedAside(reopened.cacheFile)).toHaveLength(1)
    await until(async () => (await call(reopened.core, 'sync.now', {})).phase === 'idle', 'the rebuilt cache to sync')
    expect(await cacheDifferences(reopened.cacheFile, reopened.server.url, DEMO_ACCOUNTS.customer)).toEqual([])
  })

  it('damage that the check at open does not read (a large cache): found in use, and rebuilt the same way', async () => {
    // As on a cache above FULL_CHECK_MAX_BYTES: only the tables that exist nowhere else are checked at open.
    const reopened = await reopenDamaged('bytes flipped in a tickets page', { fullCheckMaxBytes: 0 })
    await until(async () => {
      const session = await call(reopened.core, 'session.get', {})
      if (session.status === 'signed_in' && session.cacheRebuiltNotice) return true
      // What the user does next reads the damaged page, if the sync has not already.
      await call(reopened.core, 'tickets.list', {}).catch(() => undefined)
      return false
    }, 'the damage to be found in use')
    expect(movedAside(reopened.cacheFile)).toHaveLength(1)
    // The sync pushes before it pulls: the queued changes left before the pull met the damaged page.
    const { message } = await expectRebuilt(reopened, /damaged \(its pages do not hold together\)/)
    expect(message).not.toMatch(/could not be read/)
    expect(reopened.onServer()).toEqual({ tickets: 1, replies: [1, 1] })
  })
})
