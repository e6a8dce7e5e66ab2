import Database from 'better-sqlite3'

/**
 * Tables whose rows exist only on this computer: what the user did and has not sent, drafts, their own triage views,
 * and the profile and bookkeeping needed to open offline. Everything else is a copy of the help center's data.
 */
export const LOCAL_TABLES = ['outbox', 'drafts', 'triage_views', 'profile_cache', 'sync_state'] as const

/**
 * Caches up to this size get a whole-file `quick_check` at open. It reads every page: about 11 ms per MiB on a busy
 * two-core machine (370 ms at 34 MB, 20-25 s at 50,000 tickets), so larger caches check their local tables only
 * (under 2 ms at any size) and the rest is caught when SQLite meets the damage (see isCorruptionError).
 */
export const FULL_CHECK_MAX_BYTES = 4 * 1024 * 1024

/** The cache file cannot be trusted; `reason` says why, in words for the notice. */
export class DamagedCacheError extends Error {
  constructor(readonly reason: string) {
    super(`The offline cache is damaged: ${reason}`)
    this.name = 'DamagedCacheError'
  }
}

/** SQLite's answer when a file is not a database, or its pages do not hold together. */
export function isCorruptionError(error: unknown): error is Database.SqliteError {
  return (
    error instanceof Database.SqliteError && (error.code.startsWith('SQLITE_CORRUPT') || error.code === 'SQLITE_NOTADB')
  )
}

/** In words for the user: SQLite's message without its jargon. */
export function describeDamage(error: unknown): string {
  if (error instanceof DamagedCacheError) return error.reason
  if (error instanceof Database.SqliteError && error.code === 'SQLITE_NOTADB') return 'the file is not a database'
  if (isCorruptionError(error)) return 'its pages do not hold together'
  return error instanceof Error ? error.message : String(error)
}

/**
 * Checks an opened cache before anything is written to it: the whole file when it is small, otherwise the tables that
 * exist nowhere else. Throws DamagedCacheError; SQLite's own corruption errors on the way mean the same.
 */
export function checkCacheIntegrity(db: Database.Database, fileBytes: number, fullCheckMaxBytes = FULL_CHECK_MAX_BYTES): void {
  const problems: string[] = []
  try {
    if (fileBytes <= fullCheckMaxBytes) {
      problems.push(...quickCheck(db, 'quick_check'))
    } else {
      const present = new Set(
        (db.prepare('SELECT name FROM sqlite_master WHERE type = ?').all('table') as { name: string }[]).map(({ name }) => name),
      )
      for (const table of LOCAL_TABLES.filter((name) => present.has(name))) problems.push(...quickCheck(db, `quick_check(${table})`))
    }
  } catch (error) {
    if (isCorruptionError(error)) throw new DamagedCacheError(describeDamage(error))
    throw error
  }
  if (problems.length > 0) throw new DamagedCacheError(`SQLite's check found ${problems.length} problem(s), first: ${problems[0]}`)
}

function quickCheck(db: Database.Database, pragma: string): string[] {
  const rows = db.pragma(pragma) as Record<string, string>[]
  return rows.map((row) => Object.values(row)[0] ?? '').filter((result) => result !== 'ok')
}
