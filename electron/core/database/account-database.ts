import Database from 'better-sqlite3'
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { SupportError } from '../../../shared/schemas/error'
import { DamagedCacheError, checkCacheIntegrity, describeDamage, isCorruptionError } from './cache-integrity'

export type AccountDatabase = Database.Database

export interface Migration {
  version: number
  name: string
  sql: string
}

export interface SqliteOptions {
  /** Path of a better-sqlite3 binary built for the running ABI (Electron's differs from Node's). */
  nativeBinding?: string
  /** Caches up to this size get a whole-file check at open; FULL_CHECK_MAX_BYTES unless set. */
  fullCheckMaxBytes?: number
}

const migrationFiles = import.meta.glob<string>('./migrations/*.sql', { query: '?raw', import: 'default', eager: true })

/** Migrations are files named NNNN_name.sql; their number is the schema version they produce. */
export function loadMigrations(files: Record<string, string> = migrationFiles): Migration[] {
  const migrations = Object.entries(files).map(([path, sql]) => {
    const match = /(\d{4})_([\w-]+)\.sql$/.exec(path)
    if (!match) throw new Error(`Migration file name must look like 0001_name.sql: ${path}`)
    return { version: Number(match[1]), name: match[2] ?? '', sql }
  })
  migrations.sort((a, b) => a.version - b.version)
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`Migrations must be numbered 1..n without gaps: ${migration.name}`)
  })
  return migrations
}

export const ACCOUNT_MIGRATIONS = loadMigrations()
export const ACCOUNT_SCHEMA_VERSION = ACCOUNT_MIGRATIONS.length

/**
 * Opens an account's cache, creating it on first use and migrating it. A file that SQLite cannot trust (see
 * checkCacheIntegrity) throws DamagedCacheError before anything is written to it.
 */
export function openAccountDatabase(
  file: string,
  options: SqliteOptions = {},
  migrations: Migration[] = ACCOUNT_MIGRATIONS,
): AccountDatabase {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true })
    if (!existsSync(file)) createCacheFile(file, options)
    else if (statSync(file).size === 0) throw new DamagedCacheError('the file is empty')
  }
  const db = new Database(file, binding(options))
  try {
    const version = db.pragma('user_version', { simple: true }) as number
    // Checked before any write, so a newer app's cache is left exactly as it was.
    if (version > migrations.length) {
      throw new SupportError({
        code: 'incompatible_cache',
        message:
          `This account's offline cache was written by a newer version of TiDB Cloud Support ` +
          `(schema ${version}; this version knows up to ${migrations.length}). Update the app to open it.`,
      })
    }
    if (file !== ':memory:') checkCacheIntegrity(db, statSync(file).size, options.fullCheckMaxBytes)
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('synchronous = NORMAL')
    // 64 MiB of page cache instead of 2: a first sync's index pages and a 50,000-ticket list stay in memory.
    db.pragma('cache_size = -65536')
    // Checkpoint every 64 MiB of log instead of 4: a sync page rewrites index pages all over the file, and each
    // checkpoint copies them back; the file is cut back to that size after each one.
    db.pragma('wal_autocheckpoint = 16384')
    db.pragma('journal_size_limit = 67108864')
    migrate(db, version, migrations)
    return db
  } catch (error) {
    db.close()
    if (isCorruptionError(error)) throw new DamagedCacheError(describeDamage(error))
    throw error
  }
}

/** A new cache gets its header under another name and is renamed into place: an empty cache file is damage. */
function createCacheFile(file: string, options: SqliteOptions): void {
  const building = `${file}.new`
  for (const path of [building, `${building}-wal`, `${building}-shm`]) rmSync(path, { force: true })
  const db = new Database(building, binding(options))
  try {
    db.pragma('journal_mode = WAL')
  } finally {
    db.close()
  }
  renameSync(building, file)
}

function migrate(db: AccountDatabase, version: number, migrations: Migration[]): void {
  for (const migration of migrations.slice(version)) {
    db.transaction(() => {
      db.exec(migration.sql)
      db.pragma(`user_version = ${migration.version}`)
    })()
  }
}

function binding(options: SqliteOptions): Database.Options {
  return options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}
}
