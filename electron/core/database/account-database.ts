import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { SupportError } from '../../../shared/schemas/error'

export type AccountDatabase = Database.Database

export interface Migration {
  version: number
  name: string
  sql: string
}

export interface SqliteOptions {
  /** Path of a better-sqlite3 binary built for the running ABI (Electron's differs from Node's). */
  nativeBinding?: string
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

export function openAccountDatabase(
  file: string,
  options: SqliteOptions = {},
  migrations: Migration[] = ACCOUNT_MIGRATIONS,
): AccountDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
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
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('synchronous = NORMAL')
    // 64 MiB of page cache instead of 2: a first sync's index pages and a 50,000-ticket list stay in memory.
    db.pragma('cache_size = -65536')
    // Checkpoint every 64 MiB of log instead of 4: a sync page rewrites index pages all over the file, and each
    // checkpoint copies them back; the file is cut back to that size after each one.
    db.pragma('wal_autocheckpoint = 16384')
    db.pragma('journal_size_limit = 67108864')
    for (const migration of migrations.slice(version)) {
      db.transaction(() => {
        db.exec(migration.sql)
        db.pragma(`user_version = ${migration.version}`)
      })()
    }
    return db
  } catch (error) {
    db.close()
    throw error
  }
}
