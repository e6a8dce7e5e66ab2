import type { Comment, Mutation, Ticket } from '../../../shared/schemas/ticket'
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
import { prepared } from '../database/statements'
import {
  commentFromRow,
  commentParameters,
  ticketFromRow,
  ticketParameters,
  type CommentRow,
  type TicketRow,
} from './ticket-rows'
import { searchTerms, similarityMatch } from '../../../shared/domain/search-terms'
import { AttachmentStore } from './attachment-store'
import { matchedTicketsSql, RANKED_TICKETS, TicketSearchIndex } from './search-index'

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


/** One condition of a list query, written with its columns as the caller wants them (see list). */
interface Condition {
  sql: (column: (name: string) => string) => string
  values: unknown[]
}

const indexed = (name: string) => name
/** `+column` is the same value, but SQLite will not pick an index for it. */
const unindexed = (name: string) => `+${name}`

const SUPPORT_ROLES = new Set(['engineer', 'admin', 'tam'])
const CLOSED_STATUSES = ['resolved', 'closed']

/** The account's tickets and comments in SQLite, with the full-text index kept beside them. */
export class TicketStore {
  private readonly search: TicketSearchIndex

  constructor(private readonly db: AccountDatabase) {
    this.search = new TicketSearchIndex(db)
  }

  /**
   * Stores a batch of server changes with one search-index update per document they changed, rather than one per
   * change; `reindex: false` leaves the index to a rebuild (see rebuildSearchIndex).
   */
  withDeferredIndex(work: () => void, options: { reindex: boolean }): void {
    this.search.deferred(work, { write: options.reindex })
  }

  /** Indexes every ticket afresh: once after a first sync instead of again on every page a ticket appears in. */
  rebuildSearchIndex(): void {
    this.search.rebuild()
  }

  /** Server state wins for every field, except fields the user changed and the outbox has not sent yet. */
  upsertServerTicket(ticket: Ticket, options: { markRead?: boolean } = {}): void {
    const waiting = new Set(
      (
        prepared(
          this.db,
          `SELECT type FROM outbox WHERE ticket_id = ? AND type NOT IN ('comment.add', 'note.add', 'attachment.add')
             AND (state = 'pending' OR type IN ('ticket.create', 'ticket.setStatus'))`,
        ).all(ticket.id) as { type: Mutation['type'] }[]
      ).map(({ type }) => type),
    )
    const keep = (...types: Mutation['type'][]) => (types.some((type) => waiting.has(type)) ? 1 : 0)
    const before = prepared(this.db, 'SELECT summary, description FROM tickets WHERE id = ?').get(ticket.id) as
      | Pick<Ticket, 'summary' | 'description'>
      | undefined
    prepared(
      this.db,
      `INSERT INTO tickets (id, key, kind, summary, description, organization_id, cluster_id, environment, severity,
           component, affected_version, status, requester_id, requester_name, assignee_id, assignee_name, time_zone,
           created_at, updated_at, first_response_due_at, first_responded_at, priority, labels, last_customer_activity_at,
           source, slack_permalink, sync_state)
         VALUES (@id, @key, @kind, @summary, @description, @organization_id, @cluster_id, @environment, @severity,
           @component, @affected_version, @status, @requester_id, @requester_name, @assignee_id, @assignee_name, @time_zone,
           @created_at, @updated_at, @first_response_due_at, @first_responded_at, @priority, @labels,
           @last_customer_activity_at, @source, @slack_permalink, 'synced')
         ON CONFLICT (id) DO UPDATE SET key = excluded.key, kind = excluded.kind, summary = excluded.summary,
           description = excluded.description, organization_id = excluded.organization_id, cluster_id = excluded.cluster_id,
           environment = excluded.environment, component = excluded.component, affected_version = excluded.affected_version,
           severity = CASE WHEN @keep_severity THEN tickets.severity ELSE excluded.severity END,
           status = CASE WHEN @keep_status THEN tickets.status ELSE excluded.status END,
           priority = CASE WHEN @keep_priority THEN tickets.priority ELSE excluded.priority END,
           labels = CASE WHEN @keep_labels THEN tickets.labels ELSE excluded.labels END,
           assignee_id = CASE WHEN @keep_assignee THEN tickets.assignee_id ELSE excluded.assignee_id END,
           assignee_name = CASE WHEN @keep_assignee THEN tickets.assignee_name ELSE excluded.assignee_name END,
           requester_id = excluded.requester_id, requester_name = excluded.requester_name, time_zone = excluded.time_zone,
           created_at = excluded.created_at, updated_at = excluded.updated_at,
           first_response_due_at = excluded.first_response_due_at, first_responded_at = excluded.first_responded_at,
           last_customer_activity_at = excluded.last_customer_activity_at,
           source = excluded.source, slack_permalink = excluded.slack_permalink,
           sync_state = CASE WHEN @keep_local THEN tickets.sync_state ELSE 'synced' END,
           sync_error = CASE WHEN @keep_local THEN tickets.sync_error ELSE NULL END`,
    ).run({
      ...ticketParameters(ticket),
      keep_status: keep('ticket.create', 'ticket.setStatus', 'triage.setStatus'),
      keep_severity: keep('triage.setSeverity'),
      keep_priority: keep('triage.setPriority'),
      keep_labels: keep('triage.labels'),
      keep_assignee: keep('triage.assign'),
      keep_local: waiting.size > 0 ? 1 : 0,
    })
    if (options.markRead) prepared(this.db, 'UPDATE tickets SET last_read_at = last_support_reply_at WHERE id = ?').run(ticket.id)
    if (!before) this.search.ticketAdded(ticket.id)
    else if (before.summary !== ticket.summary || before.description !== ticket.description) this.search.ticketChanged(ticket.id)
  }

  upsertServerComment(comment: Comment, options: { markRead?: boolean } = {}): void {
    const before = prepared(this.db, 'SELECT body, visibility FROM comments WHERE id = ?').get(comment.id) as
      | Pick<Comment, 'body' | 'visibility'>
      | undefined
    prepared(
      this.db,
      `INSERT INTO comments (id, ticket_id, author_id, author_name, author_role, body, visibility, created_at, source,
           slack_permalink, sync_state)
         VALUES (@id, @ticketId, @authorId, @authorName, @authorRole, @body, @visibility, @createdAt, @source,
           @slackPermalink, 'synced')
         ON CONFLICT (id) DO UPDATE SET body = excluded.body, visibility = excluded.visibility,
           created_at = excluded.created_at, source = excluded.source, slack_permalink = excluded.slack_permalink,
           sync_state = 'synced', sync_error = NULL`,
    ).run(commentParameters(comment))
    if (SUPPORT_ROLES.has(comment.authorRole) && comment.visibility === 'public') {
      prepared(
        this.db,
        `UPDATE tickets SET last_support_reply_at = MAX(COALESCE(last_support_reply_at, ''), @createdAt),
             last_read_at = CASE WHEN @markRead THEN MAX(COALESCE(last_read_at, ''), @createdAt) ELSE last_read_at END
           WHERE id = @ticketId`,
      ).run({ ticketId: comment.ticketId, createdAt: comment.createdAt, markRead: options.markRead ? 1 : 0 })
    }
    if (before?.body !== comment.body || before.visibility !== comment.visibility) {
      this.search.replyChanged(comment.id, before?.visibility === 'public')
    }
  }

  insertPendingTicket(ticket: Omit<Ticket, 'key'>): void {
    this.db
      .prepare(
        `INSERT INTO tickets (id, key, kind, summary, description, organization_id, cluster_id, environment, severity,
           component, affected_version, status, requester_id, requester_name, assignee_id, assignee_name, time_zone,
           created_at, updated_at, first_response_due_at, first_responded_at, priority, labels, last_customer_activity_at,
           sync_state)
         VALUES (@id, NULL, @kind, @summary, @description, @organization_id, @cluster_id, @environment, @severity,
           @component, @affected_version, @status, @requester_id, @requester_name, @assignee_id, @assignee_name, @time_zone,
           @created_at, @updated_at, @first_response_due_at, @first_responded_at, @priority, @labels,
           @last_customer_activity_at, 'pending')`,
      )
      .run(ticketParameters({ ...ticket, key: null }))
    this.search.ticketAdded(ticket.id)
  }

  insertPendingComment(comment: Comment): void {
    this.db
      .prepare(
        `INSERT INTO comments (id, ticket_id, author_id, author_name, author_role, body, visibility, created_at, sync_state)
         VALUES (@id, @ticketId, @authorId, @authorName, @authorRole, @body, @visibility, @createdAt, 'pending')`,
      )
      .run(comment)
    this.db.prepare('UPDATE tickets SET updated_at = ? WHERE id = ?').run(comment.createdAt, comment.ticketId)
    this.search.replyChanged(comment.id, false)
  }

  setLocalStatus(ticketId: string, status: Ticket['status'], updatedAt: string): void {
    this.db.prepare("UPDATE tickets SET status = ?, updated_at = ?, sync_state = 'pending' WHERE id = ?").run(status, updatedAt, ticketId)
  }

  /** A triage change shown at once, marked pending until the help center confirms it. */
  setTriageFields(
    ticketId: string,
    fields: {
      severity?: Ticket['severity']
      priority?: Ticket['priority']
      assigneeId?: string | null
      assigneeName?: string | null
      status?: Ticket['status']
      labels?: string[]
    },
    updatedAt: string,
  ): void {
    const sets: string[] = []
    const values: Record<string, unknown> = { ticketId, updatedAt }
    const columns = {
      severity: 'severity',
      priority: 'priority',
      assigneeId: 'assignee_id',
      assigneeName: 'assignee_name',
      status: 'status',
      labels: 'labels',
    } as const
    for (const [field, column] of Object.entries(columns) as [keyof typeof columns, string][]) {
      const value = fields[field]
      if (value === undefined) continue
      sets.push(`${column} = @${field}`)
      values[field] = Array.isArray(value) ? JSON.stringify(value) : value
    }
    if (sets.length === 0) return
    this.db
      .prepare(`UPDATE tickets SET ${sets.join(', ')}, updated_at = @updatedAt, sync_state = 'pending' WHERE id = @ticketId`)
      .run(values)
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
      if (!this.db.prepare("SELECT 1 FROM comments WHERE id = ? AND sync_state <> 'synced'").get(id)) return
      this.search.removeReply(id)
      this.db.prepare('DELETE FROM comments WHERE id = ?').run(id)
      new AttachmentStore(this.db).removeLocalOf({ commentId: id })
      return
    }
    if (!this.db.prepare('SELECT 1 FROM tickets WHERE id = ? AND key IS NULL').get(id)) return
    this.search.removeTicket(id)
    this.db.prepare('DELETE FROM comments WHERE ticket_id = ?').run(id)
    new AttachmentStore(this.db).removeLocalOf({ ticketId: id })
    this.db.prepare('DELETE FROM tickets WHERE id = ?').run(id)
  }

  get(ticketId: string): LocalTicket | null {
    const row = this.db.prepare('SELECT * FROM tickets WHERE id = ?').get(ticketId) as TicketRow | undefined
    return row ? ticketFromRow(row) : null
  }

  byKey(key: string): LocalTicket | null {
    const row = this.db.prepare('SELECT * FROM tickets WHERE key = ?').get(key) as TicketRow | undefined
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
    prepared(
      this.db,
      `INSERT INTO ticket_history (id, ticket_id, field, from_value, to_value, reason, actor_id, actor_name, actor_role, at)
         VALUES (@id, @ticketId, @field, @from, @to, @reason, @actorId, @actorName, @actorRole, @at)
         ON CONFLICT (id) DO NOTHING`,
    ).run(entry)
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

  /** The newest tickets with a support reply the user has not opened, for the tray menu. */
  recentUnread(limit: number): { ticketId: string; key: string | null; summary: string }[] {
    const rows = this.db
      .prepare(
        `SELECT id, key, summary FROM tickets
         WHERE last_support_reply_at IS NOT NULL AND (last_read_at IS NULL OR last_support_reply_at > last_read_at)
         ORDER BY last_support_reply_at DESC LIMIT ?`,
      )
      .all(limit) as { id: string; key: string | null; summary: string }[]
    return rows.map((row) => ({ ticketId: row.id, key: row.key, summary: row.summary }))
  }

  /** The user's open tickets whose first-response target has passed without an answer. */
  awaitingFirstResponse(requesterId: string, now: string): LocalTicket[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM tickets WHERE requester_id = ? AND first_responded_at IS NULL AND first_response_due_at < ?
           AND status IN (${OPEN_TICKET_STATUSES.map(() => '?').join(', ')}) AND key IS NOT NULL`,
      )
      .all(requesterId, now, ...OPEN_TICKET_STATUSES) as TicketRow[]
    return rows.map(ticketFromRow)
  }

  /** Counted on the partial index of unread tickets (migration 0005): the WHERE must stay exactly as written there. */
  unreadTotal(): number {
    const row = prepared(
      this.db,
      `SELECT COUNT(*) AS count FROM tickets
       WHERE last_support_reply_at IS NOT NULL AND (last_read_at IS NULL OR last_support_reply_at > last_read_at)`,
    ).get() as { count: number }
    return row.count
  }

  list(input: TicketListQuery): TicketListPage {
    const query = ticketListQuerySchema.parse(input)
    const conditions: Condition[] = []
    if (query.status !== 'all') {
      const statuses = query.status === 'open' ? OPEN_TICKET_STATUSES : CLOSED_STATUSES
      conditions.push({ sql: (column) => `${column('status')} IN (${statuses.map(() => '?').join(', ')})`, values: [...statuses] })
    }
    if (query.kind) conditions.push({ sql: (column) => `${column('kind')} = ?`, values: [query.kind] })
    if (query.severity) conditions.push({ sql: (column) => `${column('severity')} = ?`, values: [query.severity] })
    // An organization's own index is in update order already: both queries may use it.
    if (query.organizationId) conditions.push({ sql: () => 'organization_id = ?', values: [query.organizationId] })
    let matched = ''
    const matchValues: string[] = []
    if (query.search) {
      const { phrases, shortTerms } = searchTerms(query.search)
      if (phrases.length > 0) {
        // Matched once per statement, for the page and the count alike.
        matched = `WITH matched AS MATERIALIZED (${matchedTicketsSql(phrases.map(() => '?'))}) `
        matchValues.push(...phrases)
        // The page walks the sort index and keeps what matched (`+rowid`), rather than reading every matched
        // ticket to sort them: a common word matches a quarter of 50,000 tickets, and the first 100 come early.
        conditions.push({ sql: (column) => `${column('rowid')} IN matched`, values: [] })
      }
      // instr reads the whole value, where LIKE stops at a NUL in a summary and misses what follows it.
      for (const term of shortTerms) {
        conditions.push({ sql: () => '(instr(lower(summary), lower(?)) > 0 OR instr(lower(key), lower(?)) > 0)', values: [term, term] })
      }
    }
    const where = (column: (name: string) => string) =>
      conditions.length > 0 ? `WHERE ${conditions.map((condition) => condition.sql(column)).join(' AND ')}` : ''
    const values = conditions.flatMap((condition) => condition.values)
    const order = {
      updated: 'updated_at DESC, id',
      created: 'created_at DESC, id',
      severity: 'severity ASC, updated_at DESC, id',
    }[query.sort]
    // The count reads the narrow filter index; the page walks the sort index, which carries the filter columns
    // (the unary plus keeps SQLite off the filter index there), and stops after one page instead of sorting
    // every match; only that page's rows are read in full.
    // Every indexed document is a ticket: a search without other conditions counts the matches alone.
    // Without a search, the total is a sum of kept counts (migration 0007), not a count of every ticket.
    const count = !query.search
      ? `SELECT COALESCE(SUM(tickets), 0) FROM ticket_counts ${where(indexed)}`
      : matched && conditions.length === 1
        ? 'SELECT COUNT(*) FROM matched'
        : `SELECT COUNT(*) FROM tickets ${where(indexed)}`
    const rows = prepared(
      this.db,
      `${matched}SELECT *, (${count}) AS total FROM tickets
       WHERE rowid IN (SELECT rowid FROM tickets ${where(unindexed)} ORDER BY ${order} LIMIT ? OFFSET ?) ORDER BY ${order}`,
    ).all(...matchValues, ...values, ...values, query.limit, query.offset) as (TicketRow & { total: number })[]
    const total =
      rows[0]?.total ??
      (prepared(this.db, `${matched}SELECT (${count}) AS count`).get(...matchValues, ...values) as { count: number }).count
    return { tickets: rows.map(ticketFromRow), total, unreadTotal: this.unreadTotal() }
  }

  /** The user's own tickets that share words with what they are typing. */
  similar(text: string, requesterId: string, limit = 5): LocalTicket[] {
    const match = similarityMatch(text)
    if (!match) return []
    const rows = this.db
      .prepare(
        `SELECT tickets.* FROM (${RANKED_TICKETS}) ranked JOIN tickets ON tickets.rowid = ranked.ticket_rowid
         WHERE tickets.requester_id = ? ORDER BY ranked.rank LIMIT ?`,
      )
      .all(match, requesterId, limit) as TicketRow[]
    return rows.map(ticketFromRow)
  }
}
