import type { Comment, Ticket } from '../../../shared/schemas/ticket'
import type { TicketHistoryEntry } from '../../../shared/schemas/ticket-history'
import {
  ticketListQuerySchema,
  type LocalComment,
  type LocalTicket,
  type TicketConversation,
  type TicketListPage,
  type TicketListQuery,
} from '../../../shared/schemas/local-ticket'
import { OPEN_TICKET_STATUSES } from '../../../shared/domain/ticket'
import type { AccountDatabase } from '../database/account-database'
import { commentFromRow, ticketFromRow, ticketParameters, type CommentRow, type TicketRow } from './ticket-rows'
import { likePattern, searchTerms, similarityMatch } from './search-query'
import { AttachmentStore } from './attachment-store'

interface HistoryRow {
  id: string
  ticket_id: string
  field: TicketHistoryEntry['field']
  from_value: string | null
  to_value: string | null
  reason: string | null
  actor_id: string
  actor_name: string
  actor_role: TicketHistoryEntry['actorRole']
  at: string
}


const SUPPORT_ROLES = new Set(['engineer', 'admin', 'tam'])
const CLOSED_STATUSES = ['resolved', 'closed']

/** The account's tickets and comments in SQLite, with the full-text index kept beside them. */
export class TicketStore {
  constructor(private readonly db: AccountDatabase) {}

  /** Server state wins for every field; local read marks and pending outbox work are kept. */
  upsertServerTicket(ticket: Ticket, options: { markRead?: boolean } = {}): void {
    const pendingMutations = this.db
      .prepare("SELECT COUNT(*) AS count FROM outbox WHERE ticket_id = ? AND type <> 'comment.add'")
      .get(ticket.id) as { count: number }
    this.db
      .prepare(
        `INSERT INTO tickets (id, key, kind, summary, description, organization_id, cluster_id, environment, severity,
           component, affected_version, status, requester_id, requester_name, assignee_id, assignee_name, time_zone,
           created_at, updated_at, first_response_due_at, first_responded_at, sync_state)
         VALUES (@id, @key, @kind, @summary, @description, @organization_id, @cluster_id, @environment, @severity,
           @component, @affected_version, @status, @requester_id, @requester_name, @assignee_id, @assignee_name, @time_zone,
           @created_at, @updated_at, @first_response_due_at, @first_responded_at, 'synced')
         ON CONFLICT (id) DO UPDATE SET key = excluded.key, kind = excluded.kind, summary = excluded.summary,
           description = excluded.description, organization_id = excluded.organization_id, cluster_id = excluded.cluster_id,
           environment = excluded.environment, severity = excluded.severity, component = excluded.component,
           affected_version = excluded.affected_version,
           status = CASE WHEN @keep_local_status THEN tickets.status ELSE excluded.status END,
           requester_id = excluded.requester_id, requester_name = excluded.requester_name,
           assignee_id = excluded.assignee_id, assignee_name = excluded.assignee_name, time_zone = excluded.time_zone,
           created_at = excluded.created_at, updated_at = excluded.updated_at,
           first_response_due_at = excluded.first_response_due_at, first_responded_at = excluded.first_responded_at,
           sync_state = CASE WHEN @keep_local_status THEN tickets.sync_state ELSE 'synced' END,
           sync_error = CASE WHEN @keep_local_status THEN tickets.sync_error ELSE NULL END`,
      )
      .run({ ...ticketParameters(ticket), keep_local_status: pendingMutations.count > 0 ? 1 : 0 })
    if (options.markRead) this.db.prepare('UPDATE tickets SET last_read_at = last_support_reply_at WHERE id = ?').run(ticket.id)
    this.reindex(ticket.id)
  }

  upsertServerComment(comment: Comment, options: { markRead?: boolean } = {}): void {
    this.db
      .prepare(
        `INSERT INTO comments (id, ticket_id, author_id, author_name, author_role, body, visibility, created_at, sync_state)
         VALUES (@id, @ticketId, @authorId, @authorName, @authorRole, @body, @visibility, @createdAt, 'synced')
         ON CONFLICT (id) DO UPDATE SET body = excluded.body, visibility = excluded.visibility,
           created_at = excluded.created_at, sync_state = 'synced', sync_error = NULL`,
      )
      .run(comment)
    if (SUPPORT_ROLES.has(comment.authorRole) && comment.visibility === 'public') {
      this.db
        .prepare(
          `UPDATE tickets SET last_support_reply_at = MAX(COALESCE(last_support_reply_at, ''), @createdAt),
             last_read_at = CASE WHEN @markRead THEN MAX(COALESCE(last_read_at, ''), @createdAt) ELSE last_read_at END
           WHERE id = @ticketId`,
        )
        .run({ ticketId: comment.ticketId, createdAt: comment.createdAt, markRead: options.markRead ? 1 : 0 })
    }
    this.reindex(comment.ticketId)
  }

  insertPendingTicket(ticket: Omit<Ticket, 'key'>): void {
    this.db
      .prepare(
        `INSERT INTO tickets (id, key, kind, summary, description, organization_id, cluster_id, environment, severity,
           component, affected_version, status, requester_id, requester_name, assignee_id, assignee_name, time_zone,
           created_at, updated_at, first_response_due_at, first_responded_at, sync_state)
         VALUES (@id, NULL, @kind, @summary, @description, @organization_id, @cluster_id, @environment, @severity,
           @component, @affected_version, @status, @requester_id, @requester_name, @assignee_id, @assignee_name, @time_zone,
           @created_at, @updated_at, @first_response_due_at, @first_responded_at, 'pending')`,
      )
      .run(ticketParameters({ ...ticket, key: null }))
    this.reindex(ticket.id)
  }

  insertPendingComment(comment: Comment): void {
    this.db
      .prepare(
        `INSERT INTO comments (id, ticket_id, author_id, author_name, author_role, body, visibility, created_at, sync_state)
         VALUES (@id, @ticketId, @authorId, @authorName, @authorRole, @body, @visibility, @createdAt, 'pending')`,
      )
      .run(comment)
    this.db.prepare('UPDATE tickets SET updated_at = ? WHERE id = ?').run(comment.createdAt, comment.ticketId)
    this.reindex(comment.ticketId)
  }

  setLocalStatus(ticketId: string, status: Ticket['status'], updatedAt: string): void {
    this.db.prepare("UPDATE tickets SET status = ?, updated_at = ?, sync_state = 'pending' WHERE id = ?").run(status, updatedAt, ticketId)
  }

  markFailed(entity: 'ticket' | 'comment', id: string, error: string): void {
    const table = entity === 'ticket' ? 'tickets' : 'comments'
    this.db.prepare(`UPDATE ${table} SET sync_state = 'failed', sync_error = ? WHERE id = ?`).run(error, id)
  }

  markPending(entity: 'ticket' | 'comment', id: string): void {
    const table = entity === 'ticket' ? 'tickets' : 'comments'
    this.db.prepare(`UPDATE ${table} SET sync_state = 'pending', sync_error = NULL WHERE id = ?`).run(id)
  }

  /** Removes what a discarded create left behind: the never-filed ticket, or a never-sent comment. */
  removeLocal(entity: 'ticket' | 'comment', id: string): void {
    if (entity === 'comment') {
      const row = this.db.prepare("SELECT ticket_id FROM comments WHERE id = ? AND sync_state <> 'synced'").get(id) as
        | { ticket_id: string }
        | undefined
      this.db.prepare("DELETE FROM comments WHERE id = ? AND sync_state <> 'synced'").run(id)
      new AttachmentStore(this.db).removeLocalOf({ commentId: id })
      if (row) this.reindex(row.ticket_id)
      return
    }
    const row = this.db.prepare("SELECT rowid FROM tickets WHERE id = ? AND key IS NULL").get(id) as { rowid: number } | undefined
    if (!row) return
    this.db.prepare('DELETE FROM ticket_search WHERE rowid = ?').run(row.rowid)
    this.db.prepare('DELETE FROM comments WHERE ticket_id = ?').run(id)
    new AttachmentStore(this.db).removeLocalOf({ ticketId: id })
    this.db.prepare('DELETE FROM tickets WHERE id = ?').run(id)
  }

  get(ticketId: string): LocalTicket | null {
    const row = this.db.prepare('SELECT * FROM tickets WHERE id = ?').get(ticketId) as TicketRow | undefined
    return row ? ticketFromRow(row) : null
  }

  conversation(ticketId: string): TicketConversation | null {
    const ticket = this.get(ticketId)
    if (!ticket) return null
    const comments = this.db
      .prepare('SELECT * FROM comments WHERE ticket_id = ? ORDER BY created_at, rowid')
      .all(ticketId) as CommentRow[]
    return {
      ticket,
      comments: comments.map(commentFromRow),
      attachments: new AttachmentStore(this.db).ofTicket(ticketId),
      history: this.historyOf(ticketId),
    }
  }

  upsertHistory(entry: TicketHistoryEntry): void {
    this.db
      .prepare(
        `INSERT INTO ticket_history (id, ticket_id, field, from_value, to_value, reason, actor_id, actor_name, actor_role, at)
         VALUES (@id, @ticketId, @field, @from, @to, @reason, @actorId, @actorName, @actorRole, @at)
         ON CONFLICT (id) DO NOTHING`,
      )
      .run(entry)
  }

  historyOf(ticketId: string): TicketHistoryEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM ticket_history WHERE ticket_id = ? ORDER BY at, rowid')
      .all(ticketId) as HistoryRow[]
    return rows.map((row) => ({
      id: row.id,
      ticketId: row.ticket_id,
      field: row.field,
      from: row.from_value,
      to: row.to_value,
      reason: row.reason,
      actorId: row.actor_id,
      actorName: row.actor_name,
      actorRole: row.actor_role,
      at: row.at,
    }))
  }

  comment(commentId: string): LocalComment | null {
    const row = this.db.prepare('SELECT * FROM comments WHERE id = ?').get(commentId) as CommentRow | undefined
    return row ? commentFromRow(row) : null
  }

  markRead(ticketId: string): void {
    this.db.prepare('UPDATE tickets SET last_read_at = last_support_reply_at WHERE id = ?').run(ticketId)
  }

  unreadTotal(): number {
    return (
      this.db
        .prepare(
          `SELECT COUNT(*) AS count FROM tickets
           WHERE last_support_reply_at IS NOT NULL AND (last_read_at IS NULL OR last_support_reply_at > last_read_at)`,
        )
        .get() as { count: number }
    ).count
  }

  list(input: TicketListQuery): TicketListPage {
    const query = ticketListQuerySchema.parse(input)
    const where: string[] = []
    const parameters: unknown[] = []
    if (query.status !== 'all') {
      const statuses = query.status === 'open' ? OPEN_TICKET_STATUSES : CLOSED_STATUSES
      where.push(`status IN (${statuses.map(() => '?').join(', ')})`)
      parameters.push(...statuses)
    }
    if (query.kind) {
      where.push('kind = ?')
      parameters.push(query.kind)
    }
    if (query.severity) {
      where.push('severity = ?')
      parameters.push(query.severity)
    }
    if (query.organizationId) {
      where.push('organization_id = ?')
      parameters.push(query.organizationId)
    }
    if (query.search) {
      const { match, shortTerms } = searchTerms(query.search)
      if (match) {
        where.push('rowid IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?)')
        parameters.push(match)
      }
      for (const term of shortTerms) {
        where.push("(summary LIKE ? ESCAPE '\\' OR key LIKE ? ESCAPE '\\')")
        parameters.push(likePattern(term), likePattern(term))
      }
    }
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
    const order = {
      updated: 'updated_at DESC, id',
      created: 'created_at DESC, id',
      severity: 'severity ASC, updated_at DESC, id',
    }[query.sort]
    const rows = this.db
      .prepare(`SELECT * FROM tickets ${filter} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...parameters, query.limit, query.offset) as TicketRow[]
    const total = (this.db.prepare(`SELECT COUNT(*) AS count FROM tickets ${filter}`).get(...parameters) as { count: number }).count
    return { tickets: rows.map(ticketFromRow), total, unreadTotal: this.unreadTotal() }
  }

  /** The user's own tickets that share words with what they are typing. */
  similar(text: string, requesterId: string, limit = 5): LocalTicket[] {
    const match = similarityMatch(text)
    if (!match) return []
    const rows = this.db
      .prepare(
        `SELECT tickets.* FROM ticket_search JOIN tickets ON tickets.rowid = ticket_search.rowid
         WHERE ticket_search MATCH ? AND tickets.requester_id = ?
         ORDER BY bm25(ticket_search, 4.0, 1.0, 0.5) LIMIT ?`,
      )
      .all(match, requesterId, limit) as TicketRow[]
    return rows.map(ticketFromRow)
  }

  private reindex(ticketId: string): void {
    const row = this.db.prepare('SELECT rowid, summary, description FROM tickets WHERE id = ?').get(ticketId) as
      | { rowid: number; summary: string; description: string }
      | undefined
    if (!row) return
    const comments = this.db
      .prepare("SELECT group_concat(body, char(10)) AS bodies FROM comments WHERE ticket_id = ? AND visibility = 'public'")
      .get(ticketId) as { bodies: string | null }
    this.db.prepare('DELETE FROM ticket_search WHERE rowid = ?').run(row.rowid)
    this.db
      .prepare('INSERT INTO ticket_search (rowid, summary, description, comments) VALUES (?, ?, ?, ?)')
      .run(row.rowid, row.summary, row.description, comments.bodies ?? '')
  }
}
