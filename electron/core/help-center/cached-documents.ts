import type { z } from 'zod'
import { SupportError } from '../../../shared/schemas/error'
import type { AccountDatabase } from '../database/account-database'
import type { SessionService } from '../session/session-service'

export function saveDocument(db: AccountDatabase, name: string, document: unknown, now: Date): void {
  db.prepare(
    `INSERT INTO cached_documents (name, document, saved_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET document = excluded.document, saved_at = excluded.saved_at`,
  ).run(name, JSON.stringify(document), now.toISOString())
}

/** A copy that no longer parses (an older app wrote it) counts as none. */
export function loadDocument<S extends z.ZodType>(db: AccountDatabase, name: string, schema: S): z.infer<S> | null {
  const row = db.prepare('SELECT document FROM cached_documents WHERE name = ?').get(name) as { document: string } | undefined
  if (!row) return null
  const parsed = schema.safeParse(JSON.parse(row.document))
  return parsed.success ? parsed.data : null
}

/**
 * A help-center document read through the account's cache. Online: fetched and a copy kept. Offline: the kept
 * copy, said to be one; without a copy the "unreachable" error stands.
 */
export async function readThrough<S extends z.ZodType>(
  session: SessionService,
  db: AccountDatabase,
  request: { name: string; path: string; schema: S; now: Date },
): Promise<{ document: z.infer<S>; offline: boolean }> {
  try {
    const { client, token } = await session.accessToken()
    const fresh = await client.request(request.path, { accessToken: token, response: request.schema })
    // The account may have changed while the request was out: its copy belongs to the old one.
    if (session.database() === db) saveDocument(db, request.name, fresh, request.now)
    return { document: fresh, offline: false }
  } catch (error) {
    if (!(error instanceof SupportError) || error.code !== 'unreachable') throw error
    const kept = loadDocument(db, request.name, request.schema)
    if (kept === null) throw error
    return { document: kept, offline: true }
  }
}
