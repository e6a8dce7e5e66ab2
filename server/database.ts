import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { MIGRATIONS } from './migrations'
import { seedPlanCatalog } from './seed/plan-catalog'

export type HelpCenterDatabase = Database.Database

export interface OpenDatabaseOptions {
  /** Path of a better_sqlite3.node built for another ABI (the Electron app passes its own). */
  nativeBinding?: string
}

/** Opens (creating if needed) the help center's store and brings its schema up to date. */
export function openHelpCenterDatabase(file: string, options: OpenDatabaseOptions = {}): HelpCenterDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    // The CLI server and the embedded one may share a file; wait for a writer instead of failing.
    db.pragma('busy_timeout = 5000')
    migrate(db)
    seedPlanCatalog(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

export function schemaVersion(db: HelpCenterDatabase): number {
  return db.pragma('user_version', { simple: true }) as number
}

function migrate(db: HelpCenterDatabase): void {
  const current = schemaVersion(db)
  if (current > MIGRATIONS.length) {
    throw new Error(`The help center database is at schema v${current}, newer than this server (v${MIGRATIONS.length})`)
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    // Each step and its version bump commit together, so a crash never leaves a half-migrated file.
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!)
      db.pragma(`user_version = ${version + 1}`)
    }).immediate()
  }
}
