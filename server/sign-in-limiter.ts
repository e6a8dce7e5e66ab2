import type { HelpCenterDatabase } from './database'
import { SupportError } from '../shared/schemas/error'

const WINDOW_MS = 15 * 60_000
const MAX_FAILURES_PER_EMAIL = 5
const MAX_FAILURES_PER_IP = 20

/** When the failure that tips a key over its limit leaves the window; 0 if the key is under its limit. */
function blockedUntil(db: HelpCenterDatabase, column: 'email' | 'ip', key: string, limit: number, since: string) {
  const row = db
    .prepare(
      `SELECT failed_at FROM sign_in_failures WHERE ${column} = ? AND failed_at > ?
       ORDER BY failed_at DESC LIMIT 1 OFFSET ?`,
    )
    .get(key, since, limit - 1) as { failed_at: string } | undefined
  return row ? Date.parse(row.failed_at) + WINDOW_MS : 0
}

/**
 * Refuses the attempt if the email or the address already failed too often, else books it as a failure up
 * front. Booking before the (slow, async) password check means parallel guesses count against the limit
 * too; a successful sign-in then clears the email's record.
 */
export function beginSignInAttempt(db: HelpCenterDatabase, email: string, ip: string, now: Date): void {
  const windowStart = new Date(now.getTime() - WINDOW_MS).toISOString()
  db.transaction(() => {
    const until = Math.max(
      blockedUntil(db, 'email', email, MAX_FAILURES_PER_EMAIL, windowStart),
      blockedUntil(db, 'ip', ip, MAX_FAILURES_PER_IP, windowStart),
    )
    if (until > now.getTime()) {
      const retryAfterSeconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000))
      throw new SupportError({
        code: 'rate_limited',
        message: `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} min.`,
        retryAfterSeconds,
      })
    }
    db.prepare('DELETE FROM sign_in_failures WHERE failed_at <= ?').run(windowStart)
    db.prepare('INSERT INTO sign_in_failures (email, ip, failed_at) VALUES (?, ?, ?)').run(email, ip, now.toISOString())
  }).immediate()
}

export function clearSignInFailures(db: HelpCenterDatabase, email: string): void {
  db.prepare('DELETE FROM sign_in_failures WHERE email = ?').run(email)
}
