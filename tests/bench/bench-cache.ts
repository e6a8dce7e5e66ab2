import Database from 'better-sqlite3'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/** The one account cache under a user-data folder: the benchmark signs in a single account. */
export function cacheFileOf(userDataDir: string): string {
  const accounts = readdirSync(join(userDataDir, 'accounts'))
  if (accounts.length !== 1) throw new Error(`Expected one account cache, found ${accounts.length}`)
  return join(userDataDir, 'accounts', accounts[0]!, 'cache.sqlite')
}

/** A second, read-only connection to a cache the core has open: for counting and for the raw baselines. */
export function readCache(userDataDir: string): Database.Database {
  return new Database(cacheFileOf(userDataDir), { readonly: true, fileMustExist: true })
}

export interface CacheCounts {
  tickets: number
  comments: number
  historyEntries: number
}

export function cacheCounts(cache: Database.Database): CacheCounts {
  const count = (table: string) => (cache.prepare(`SELECT COUNT(*) AS count FROM ${table}`).get() as { count: number }).count
  return { tickets: count('tickets'), comments: count('comments'), historyEntries: count('ticket_history') }
}
