import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  ACCOUNT_MIGRATIONS,
  ACCOUNT_SCHEMA_VERSION,
  loadMigrations,
  openAccountDatabase,
} from '../../../electron/core/database/account-database'
import { loadProfile, saveProfile } from '../../../electron/core/session/profile-cache'
import { TicketStore } from '../../../electron/core/tickets/ticket-store'
import { useTempDir } from '../../support/temp-dir'

describe('account database', () => {
  const tempDir = useTempDir()

  it('applies the numbered migrations once, in WAL mode', () => {
    const file = join(tempDir(), 'cache.sqlite')
    const db = openAccountDatabase(file)
    expect(db.pragma('user_version', { simple: true })).toBe(ACCOUNT_SCHEMA_VERSION)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    saveProfile(db, { profile: { user: { id: 'u1', email: 'a@example.com', name: 'A', role: 'customer' }, organizations: [] }, fetchedAt: '2026-11-23T10:00:00.000Z' })
    db.close()
    const reopened = openAccountDatabase(file)
    expect(loadProfile(reopened)?.profile.user.email).toBe('a@example.com')
    reopened.close()
  })

  it('carries a cache of one search document per ticket over to one per ticket and reply (migration 8)', () => {
    const file = join(tempDir(), 'cache.sqlite')
    const old = openAccountDatabase(file, {}, ACCOUNT_MIGRATIONS.slice(0, 7))
    old.exec(`INSERT INTO tickets (id, key, kind, summary, description, severity, status, requester_id, requester_name,
        time_zone, created_at, updated_at, labels, sync_state)
      VALUES ('t1', 'SUP-1', 'technical', 'TiCDC changefeed stuck', 'Since Monday', 'S2', 'open', 'u1', 'A', 'UTC',
        '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', '[]', 'synced')`)
    old.exec(`INSERT INTO comments (id, ticket_id, author_id, author_name, author_role, body, visibility, created_at, sync_state)
      VALUES ('c1', 't1', 'e1', 'E', 'engineer', 'checkpoint lag is growing', 'public', '2026-11-02T00:00:00.000Z', 'synced'),
        ('c2', 't1', 'e1', 'E', 'engineer', 'internal hunch about sinks', 'internal', '2026-11-02T00:00:00.000Z', 'synced')`)
    old.exec(`INSERT INTO ticket_search (rowid, summary, description, comments)
      SELECT rowid, summary, description, 'checkpoint lag is growing' FROM tickets`)
    old.close()

    const db = openAccountDatabase(file)
    const tickets = new TicketStore(db)
    expect(tickets.list({ search: 'changefeed checkpoint' }).tickets.map((ticket) => ticket.id)).toEqual(['t1'])
    expect(tickets.list({ search: 'hunch' }).total).toBe(0)
    db.close()
  })

  it('refuses a cache written by a newer schema and leaves the file untouched', () => {
    const file = join(tempDir(), 'cache.sqlite')
    const newer = new Database(file)
    newer.exec('CREATE TABLE future_things (id INTEGER PRIMARY KEY)')
    newer.pragma(`user_version = ${ACCOUNT_SCHEMA_VERSION + 5}`)
    newer.close()
    const before = readFileSync(file)
    expect(() => openAccountDatabase(file)).toThrowError(expect.objectContaining({ code: 'incompatible_cache' }))
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it('rolls a failing migration back as a whole', () => {
    const file = join(tempDir(), 'cache.sqlite')
    const migrations = loadMigrations({
      './migrations/0001_good.sql': 'CREATE TABLE a (id INTEGER);',
      './migrations/0002_bad.sql': 'CREATE TABLE b (id INTEGER); INSERT INTO missing VALUES (1);',
    })
    expect(() => openAccountDatabase(file, {}, migrations)).toThrow(/missing/)
    const db = new Database(file)
    expect(db.pragma('user_version', { simple: true })).toBe(1)
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined()
    db.close()
  })

  it('insists on gap-free migration numbers', () => {
    expect(() => loadMigrations({ './migrations/0001_a.sql': '', './migrations/0003_c.sql': '' })).toThrow(/without gaps/)
  })
})
