import { randomUUID } from 'node:crypto'
import type { HelpCenterDatabase } from './database'
import { REFRESH_TOKEN_TTL_MS, hashRefreshToken, newRefreshToken } from './tokens'

export interface IssuedSession {
  sessionId: string
  userId: string
  /** The only time the plain refresh token exists on the server: it goes to the client, its hash to disk. */
  refreshToken: string
}

export type RefreshOutcome =
  | { ok: true; session: IssuedSession }
  | { ok: false; reason: 'unknown' | 'revoked' | 'expired' | 'reused' }

interface RefreshTokenRow {
  id: string
  session_id: string
  user_id: string
  expires_at: string
  rotated_to: string | null
  discarded_at: string | null
  revoked_at: string | null
}

/** How long a renewal whose answer was lost may be repeated with the token it renewed. */
export const LOST_RENEWAL_GRACE_MS = 10 * 60_000

function issueRefreshToken(db: HelpCenterDatabase, sessionId: string, now: Date): { id: string; token: string } {
  const id = `rt-${randomUUID()}`
  const token = newRefreshToken()
  const expiresAt = new Date(now.getTime() + REFRESH_TOKEN_TTL_MS)
  db.prepare(
    'INSERT INTO refresh_tokens (id, session_id, refresh_token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  ).run(id, sessionId, hashRefreshToken(token), now.toISOString(), expiresAt.toISOString())
  return { id, token }
}

export function startSession(db: HelpCenterDatabase, userId: string, now: Date): IssuedSession {
  return db.transaction(() => {
    const sessionId = `ses-${randomUUID()}`
    db.prepare('INSERT INTO sessions (id, user_id, created_at) VALUES (?, ?, ?)').run(
      sessionId,
      userId,
      now.toISOString(),
    )
    return { sessionId, userId, refreshToken: issueRefreshToken(db, sessionId, now).token }
  })()
}

function revokeSession(db: HelpCenterDatabase, sessionId: string, reason: string, now: Date): void {
  db.prepare('UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL').run(
    now.toISOString(),
    reason,
    sessionId,
  )
}

function findRefreshToken(db: HelpCenterDatabase, token: string): RefreshTokenRow | undefined {
  return db
    .prepare(
      `SELECT t.id, t.session_id, s.user_id, t.expires_at, t.rotated_to, t.discarded_at, s.revoked_at
       FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
       WHERE t.refresh_token_hash = ?`,
    )
    .get(hashRefreshToken(token)) as RefreshTokenRow | undefined
}

/**
 * The replacement of a token renewed moments ago, if it was never used: then the client most likely never
 * received it (the answer was lost, or the app was killed before saving it) and may renew again.
 */
function unusedRecentReplacement(db: HelpCenterDatabase, row: RefreshTokenRow, now: Date): string | undefined {
  const replacement = db
    .prepare('SELECT id, created_at, rotated_to, discarded_at FROM refresh_tokens WHERE id = ?')
    .get(row.rotated_to) as { id: string; created_at: string; rotated_to: string | null; discarded_at: string | null } | undefined
  if (!replacement || replacement.rotated_to !== null || replacement.discarded_at !== null) return undefined
  return Date.parse(replacement.created_at) > now.getTime() - LOST_RENEWAL_GRACE_MS ? replacement.id : undefined
}

/**
 * Trades a refresh token for a new one. A token that was already rotated is being used a second time, so
 * either the client or a thief holds a copy: the whole session is revoked, and both must sign in again.
 * One exception: within a few minutes of a renewal whose replacement was never used, the renewal may be
 * repeated (its answer was lost); the unused replacement is discarded, and presenting it later counts as reuse.
 */
export function rotateRefreshToken(db: HelpCenterDatabase, token: string, now: Date): RefreshOutcome {
  // IMMEDIATE: two refreshes racing with the same token must not both succeed.
  return db.transaction((): RefreshOutcome => {
    const row = findRefreshToken(db, token)
    if (!row) return { ok: false, reason: 'unknown' }
    if (row.revoked_at !== null) return { ok: false, reason: 'revoked' }
    const lostReplacement = row.rotated_to !== null && row.discarded_at === null ? unusedRecentReplacement(db, row, now) : undefined
    if (lostReplacement) {
      db.prepare('UPDATE refresh_tokens SET discarded_at = ? WHERE id = ?').run(now.toISOString(), lostReplacement)
    } else if (row.rotated_to !== null || row.discarded_at !== null) {
      revokeSession(db, row.session_id, 'refresh_token_reused', now)
      return { ok: false, reason: 'reused' }
    }
    if (row.expires_at <= now.toISOString()) return { ok: false, reason: 'expired' }
    const next = issueRefreshToken(db, row.session_id, now)
    db.prepare('UPDATE refresh_tokens SET rotated_to = ? WHERE id = ?').run(next.id, row.id)
    return { ok: true, session: { sessionId: row.session_id, userId: row.user_id, refreshToken: next.token } }
  }).immediate()
}

/** Signing out: idempotent, and silent about tokens it does not know. */
export function revokeSessionOfRefreshToken(db: HelpCenterDatabase, token: string, now: Date): void {
  const row = findRefreshToken(db, token)
  if (row) revokeSession(db, row.session_id, 'signed_out', now)
}

/** The session's user, if the session exists and was not revoked: checked on every authenticated request. */
export function activeSessionUserId(db: HelpCenterDatabase, sessionId: string): string | undefined {
  const row = db.prepare('SELECT user_id FROM sessions WHERE id = ? AND revoked_at IS NULL').get(sessionId) as
    | { user_id: string }
    | undefined
  return row?.user_id
}
