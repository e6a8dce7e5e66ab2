import type { Statement } from 'better-sqlite3'
import type { AccountDatabase } from './account-database'

const statements = new WeakMap<AccountDatabase, Map<string, Statement>>()

/**
 * A statement prepared once per connection and reused: for the writes a sync repeats thousands of times,
 * compiling the SQL each time costs more than running it.
 */
export function prepared(db: AccountDatabase, sql: string): Statement {
  let cache = statements.get(db)
  if (!cache) {
    cache = new Map()
    statements.set(db, cache)
  }
  let statement = cache.get(sql)
  if (!statement) {
    statement = db.prepare(sql)
    cache.set(sql, statement)
  }
  return statement
}
