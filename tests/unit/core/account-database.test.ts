import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  ACCOUNT_SCHEMA_VERSION,
  loadMigrations,
  openAccountDatabase,
} from '../../../electron/core/database/account-database'
import { loadProfile, saveProfile } from '../../../electron/core/session/profile-cache'
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
