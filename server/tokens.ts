import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import type { HelpCenterDatabase } from './database'

export const ACCESS_TOKEN_TTL_MS = 15 * 60_000
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60_000

const accessTokenPayloadSchema = z.object({
  sid: z.string().min(1),
  sub: z.string().min(1),
  /** Expiry, milliseconds since the epoch. */
  exp: z.number().int(),
})
export type AccessTokenPayload = z.infer<typeof accessTokenPayloadSchema>

function sign(secret: Buffer, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest()
}

/** `base64url(JSON payload).base64url(HMAC-SHA256)`: compact, and checkable without a database read. */
export function signAccessToken(secret: Buffer, payload: AccessTokenPayload): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  return `${body}.${sign(secret, body).toString('base64url')}`
}

/** The payload if the signature is ours and the token has not expired; the session is checked by the caller. */
export function verifyAccessToken(secret: Buffer, token: string, now: Date): AccessTokenPayload | null {
  const [body, signature, ...rest] = token.split('.')
  if (!body || !signature || rest.length > 0) return null
  // Compare the text, not decoded bytes: base64url decoding ignores stray characters and spare bits.
  const expected = Buffer.from(sign(secret, body).toString('base64url'))
  const actual = Buffer.from(signature)
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null
  let json: unknown
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  const payload = accessTokenPayloadSchema.safeParse(json)
  if (!payload.success || payload.data.exp <= now.getTime()) return null
  return payload.data
}

export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Refresh tokens are stored only as this hash: a copy of the database cannot be replayed as sessions. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/**
 * The access-token key kept in the database itself, so tokens survive a restart of the server on the same
 * file (the desktop app restarts its embedded server freely).
 */
export function loadTokenSecret(db: HelpCenterDatabase, now: Date = new Date()): Buffer {
  db.prepare('INSERT OR IGNORE INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)').run(
    'access_token_hmac',
    randomBytes(32),
    now.toISOString(),
  )
  const row = db.prepare('SELECT value FROM server_secrets WHERE name = ?').get('access_token_hmac')
  return (row as { value: Buffer }).value
}
