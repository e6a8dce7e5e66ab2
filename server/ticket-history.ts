import { randomUUID } from 'node:crypto'
import { appendChange, ticketChangeScope } from './change-log'
import type { HelpCenterDatabase } from './database'
import type { Ticket } from '../shared/schemas/ticket'
import type { TicketHistoryEntry, TicketHistoryField } from '../shared/schemas/ticket-history'

export interface HistoryChange {
  field: TicketHistoryField
  /** Values as stored on the ticket; user ids for the assignee, comma-separated labels (null for none). */
  from: string | null
  to: string | null
  reason?: string | null
}

interface HistoryRow {
  id: string
  ticket_id: string
  field: TicketHistoryField
  from_shown: string | null
  to_shown: string | null
  reason: string | null
  actor_id: string
  actor_name: string
  actor_role: TicketHistoryEntry['actorRole']
  at: string
}

// Assignees are kept as user ids and shown by their current name, as the ticket's own assigneeName is.
const HISTORY_SELECT = `SELECT h.id, h.ticket_id, h.field, h.reason, h.actor_id, h.at,
    actor.name AS actor_name, actor.role AS actor_role,
    CASE h.field WHEN 'assignee' THEN from_user.name ELSE h.from_value END AS from_shown,
    CASE h.field WHEN 'assignee' THEN to_user.name ELSE h.to_value END AS to_shown
  FROM ticket_history h JOIN users actor ON actor.id = h.actor_id
  LEFT JOIN users from_user ON h.field = 'assignee' AND from_user.id = h.from_value
  LEFT JOIN users to_user ON h.field = 'assignee' AND to_user.id = h.to_value`

/** Priority and labels are support's own triage: their history stays with support, like internal notes. */
const INTERNAL_FIELDS: ReadonlySet<string> = new Set<TicketHistoryField>(['priority', 'labels'])

/** Whether a ticket field (or its column, which has the same name) is support's own triage. */
export function isInternalField(name: string): boolean {
  return INTERNAL_FIELDS.has(name)
}

/** Records who changed one field of the ticket, in the ticket's scope; returns the change's seq. */
export function recordHistory(
  db: HelpCenterDatabase,
  ticket: Ticket,
  actorId: string,
  change: HistoryChange,
  now: Date,
): number {
  const id = randomUUID()
  const visibility = INTERNAL_FIELDS.has(change.field) ? 'internal' : 'public'
  const seq = appendChange(db, 'history', id, ticketChangeScope(ticket, visibility))
  db.prepare(
    `INSERT INTO ticket_history (id, ticket_id, field, from_value, to_value, reason, actor_id, at, seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, ticket.id, change.field, change.from, change.to, change.reason ?? null, actorId, now.toISOString(), seq)
  return seq
}

function toEntry(row: HistoryRow): TicketHistoryEntry {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    field: row.field,
    from: row.from_shown,
    to: row.to_shown,
    reason: row.reason,
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorRole: row.actor_role,
    at: row.at,
  }
}

/** History entries by id, for a page of the change feed: one query rather than one per change. */
export function findHistoryEntries(db: HelpCenterDatabase, entryIds: string[]): Map<string, TicketHistoryEntry> {
  const rows = db.prepare(`${HISTORY_SELECT} WHERE h.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(entryIds)) as HistoryRow[]
  return new Map(rows.map((row) => [row.id, toEntry(row)]))
}

/** Who last changed this field of the ticket, by name; undefined if nobody has since it was filed. */
export function lastChangedBy(db: HelpCenterDatabase, ticketId: string, field: TicketHistoryField): string | undefined {
  const row = db
    .prepare(
      `SELECT u.name FROM ticket_history h JOIN users u ON u.id = h.actor_id
       WHERE h.ticket_id = ? AND h.field = ? ORDER BY h.seq DESC LIMIT 1`,
    )
    .get(ticketId, field) as { name: string } | undefined
  return row?.name
}
