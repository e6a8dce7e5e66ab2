import type { Mutation } from '../../../shared/schemas/ticket'
import { mutationSchema } from '../../../shared/schemas/ticket'
import type { AccountDatabase } from '../database/account-database'

export interface OutboxEntry {
  seq: number
  mutation: Mutation
  state: 'pending' | 'failed'
  attempts: number
  lastError: string | null
}

interface OutboxRow {
  seq: number
  payload: string
  state: 'pending' | 'failed'
  attempts: number
  last_error: string | null
}

/**
 * The user's changes waiting for the server, in the order they were made. Written in the same
 * transaction as the optimistic change it describes, so a crash can lose neither without the other.
 */
export class Outbox {
  constructor(private readonly db: AccountDatabase) {}

  enqueue(mutation: Mutation, createdAt: string): void {
    this.db
      .prepare('INSERT INTO outbox (id, ticket_id, type, payload, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(mutation.id, mutation.ticketId, mutation.type, JSON.stringify(mutation), createdAt)
  }

  /** The oldest pending mutations; failed ones wait for the user and do not block the rest. */
  pending(limit: number): OutboxEntry[] {
    const rows = this.db
      .prepare("SELECT seq, payload, state, attempts, last_error FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?")
      .all(limit) as OutboxRow[]
    return rows.map(entryFromRow)
  }

  /** The failed mutation behind a ticket or comment, for the Retry and Discard buttons. */
  failedFor(entityId: string): OutboxEntry | null {
    const row = this.db
      .prepare(
        `SELECT seq, payload, state, attempts, last_error FROM outbox WHERE state = 'failed'
           AND (ticket_id = ? OR json_extract(payload, '$.commentId') = ? OR json_extract(payload, '$.attachmentId') = ?)
         ORDER BY seq LIMIT 1`,
      )
      .get(entityId, entityId, entityId) as OutboxRow | undefined
    return row ? entryFromRow(row) : null
  }

  /** Later mutations that cannot succeed without this one: a new ticket's replies and files, a reply's files. */
  dependents(mutation: Mutation): OutboxEntry[] {
    return this.dependentRows(mutation, "state IN ('pending', 'failed')")
  }

  failedDependents(mutation: Mutation): OutboxEntry[] {
    return this.dependentRows(mutation, "state = 'failed'")
  }

  private dependentRows(mutation: Mutation, stateSql: string): OutboxEntry[] {
    const owner =
      mutation.type === 'ticket.create'
        ? { sql: 'ticket_id = ?', id: mutation.ticketId }
        : mutation.type === 'comment.add'
          ? { sql: "json_extract(payload, '$.commentId') = ? AND type = 'attachment.add'", id: mutation.commentId }
          : undefined
    if (!owner) return []
    const rows = this.db
      .prepare(
        `SELECT seq, payload, state, attempts, last_error FROM outbox
         WHERE ${owner.sql} AND ${stateSql} AND seq > ? ORDER BY seq`,
      )
      .all(owner.id, this.seqOf(mutation.id)) as OutboxRow[]
    return rows.map(entryFromRow)
  }

  private seqOf(mutationId: string): number {
    const row = this.db.prepare('SELECT seq FROM outbox WHERE id = ?').get(mutationId) as { seq: number } | undefined
    return row?.seq ?? 0
  }

  remove(mutationId: string): void {
    this.db.prepare('DELETE FROM outbox WHERE id = ?').run(mutationId)
  }

  /** Parks a refused mutation for the user; the code and fields let a conflict show the help center's value. */
  fail(mutationId: string, error: { message: string; code?: string; fields?: Record<string, string> }): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'failed', last_error = ?, error_code = ?, error_fields = ?, attempts = attempts + 1
         WHERE id = ?`,
      )
      .run(error.message, error.code ?? null, error.fields ? JSON.stringify(error.fields) : null, mutationId)
  }

  /** Refused triage changes of these tickets, with why. */
  failedTriage(ticketIds: string[]): (OutboxEntry & { errorCode: string | null; errorFields: Record<string, string> })[] {
    if (ticketIds.length === 0) return []
    const rows = this.db
      .prepare(
        `SELECT seq, payload, state, attempts, last_error, error_code, error_fields FROM outbox
         WHERE state = 'failed' AND type LIKE 'triage.%' AND ticket_id IN (${ticketIds.map(() => '?').join(', ')})
         ORDER BY seq`,
      )
      .all(...ticketIds) as (OutboxRow & { error_code: string | null; error_fields: string | null })[]
    return rows.map((row) => ({
      ...entryFromRow(row),
      errorCode: row.error_code,
      errorFields: row.error_fields ? (JSON.parse(row.error_fields) as Record<string, string>) : {},
    }))
  }

  pendingCountFor(ticketId: string): number {
    const row = this.db.prepare("SELECT COUNT(*) AS count FROM outbox WHERE ticket_id = ? AND state = 'pending'").get(ticketId) as {
      count: number
    }
    return row.count
  }

  get(mutationId: string): OutboxEntry | null {
    const row = this.db.prepare('SELECT seq, payload, state, attempts, last_error FROM outbox WHERE id = ?').get(mutationId) as
      | OutboxRow
      | undefined
    return row ? entryFromRow(row) : null
  }

  noteAttempt(mutationIds: string[], error: string): void {
    const update = this.db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?')
    for (const id of mutationIds) update.run(error, id)
  }

  retry(mutationId: string): void {
    this.db.prepare("UPDATE outbox SET state = 'pending', last_error = NULL WHERE id = ?").run(mutationId)
  }

  counts(): { pending: number; failed: number } {
    const row = this.db
      .prepare(
        `SELECT COALESCE(SUM(state = 'pending'), 0) AS pending, COALESCE(SUM(state = 'failed'), 0) AS failed FROM outbox`,
      )
      .get() as { pending: number; failed: number }
    return row
  }
}

function entryFromRow(row: OutboxRow): OutboxEntry {
  return {
    seq: row.seq,
    mutation: mutationSchema.parse(JSON.parse(row.payload)),
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
  }
}
