import { randomUUID } from 'node:crypto'
import { insertAttachment, type AttachmentFile } from './attachments'
import { appendChange, seesInternalNotes, ticketChangeScope, ticketScopeSql } from './change-log'
import type { HelpCenterContext } from './context'
import type { HelpCenterDatabase } from './database'
import { isInternalField, recordHistory, type HistoryChange } from './ticket-history'
import { indexTicket } from './ticket-search'
import type { User } from '../shared/schemas/account'
import type { AttachmentUpload } from '../shared/schemas/attachment'
import { SupportError } from '../shared/schemas/error'
import type { Comment, MessageSource, NewTicket, Ticket, TicketSearchPage } from '../shared/schemas/ticket'
import { searchTerms } from '../shared/domain/search-terms'
import { firstResponseDue } from '../shared/domain/first-response'
import { PUBLISHED_RESPONSE_TARGETS } from '../shared/domain/response-targets'
import type { SupportPlanId } from '../shared/domain/support-plan'
import type { Severity } from '../shared/domain/support-plan'
import type { Priority, TicketStatus } from '../shared/domain/ticket'

/** Keys count up from SUP-1001, so that the first ticket does not look like the only one. */
const FIRST_KEY_NUMBER = 1001

/** Every new ticket starts in support's queue. */
const FILED_STATUS: TicketStatus = 'waiting_for_support'

/** Where a ticket or a comment was written; one from Slack links back to its message. */
export interface MessageOrigin {
  source: MessageSource
  slackPermalink: string | null
}

export const DESKTOP_ORIGIN: MessageOrigin = { source: 'desktop', slackPermalink: null }

/** A ticket with the seq of its latest change, which a no-op update reports back. */
export interface TicketRecord extends Ticket {
  lastSeq: number
}

interface TicketRow {
  id: string
  key_number: number
  kind: Ticket['kind']
  summary: string
  description: string
  organization_id: string | null
  cluster_id: string | null
  environment: Ticket['environment']
  severity: Ticket['severity']
  component: Ticket['component']
  affected_version: string | null
  status: TicketStatus
  requester_id: string
  requester_name: string
  assignee_id: string | null
  assignee_name: string | null
  time_zone: string
  created_at: string
  updated_at: string
  first_response_due_at: string | null
  first_responded_at: string | null
  priority: Priority | null
  /** A JSON array. */
  labels: string
  last_customer_activity_at: string
  last_seq: number
  source: MessageSource
  slack_permalink: string | null
}

interface CommentRow {
  id: string
  ticket_id: string
  author_id: string
  author_name: string
  author_role: Comment['authorRole']
  body: string
  visibility: Comment['visibility']
  created_at: string
  source: MessageSource
  slack_permalink: string | null
}

const TICKET_SELECT = `SELECT t.*, r.name AS requester_name, a.name AS assignee_name FROM tickets t
  JOIN users r ON r.id = t.requester_id LEFT JOIN users a ON a.id = t.assignee_id`

const COMMENT_SELECT = `SELECT c.*, u.name AS author_name, u.role AS author_role FROM comments c
  JOIN users u ON u.id = c.author_id`

function toTicket(row: TicketRow): TicketRecord {
  return {
    id: row.id,
    key: `SUP-${row.key_number}`,
    kind: row.kind,
    summary: row.summary,
    description: row.description,
    organizationId: row.organization_id,
    clusterId: row.cluster_id,
    environment: row.environment,
    severity: row.severity,
    component: row.component,
    affectedVersion: row.affected_version,
    status: row.status,
    requesterId: row.requester_id,
    requesterName: row.requester_name,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    timeZone: row.time_zone,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    firstResponseDueAt: row.first_response_due_at,
    firstRespondedAt: row.first_responded_at,
    priority: row.priority,
    labels: JSON.parse(row.labels) as string[],
    lastCustomerActivityAt: row.last_customer_activity_at,
    source: row.source,
    ...(row.slack_permalink === null ? {} : { slackPermalink: row.slack_permalink }),
    lastSeq: row.last_seq,
  }
}

/** The ticket as this user may read it: priority and labels are support's triage, so customers get none. */
export function ticketAsSeenBy<T extends Ticket>(user: User, ticket: T): T {
  return seesInternalNotes(user) ? ticket : { ...ticket, priority: null, labels: [] }
}

function toComment(row: CommentRow): Comment {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    authorId: row.author_id,
    authorName: row.author_name,
    authorRole: row.author_role,
    body: row.body,
    visibility: row.visibility,
    createdAt: row.created_at,
    source: row.source,
    ...(row.slack_permalink === null ? {} : { slackPermalink: row.slack_permalink }),
  }
}

/** Status names as the app shows them, for the help center's own messages (conflicts, Slack posts). */
export const STATUS_NAMES: Record<TicketStatus, string> = {
  open: 'Open',
  waiting_for_support: 'Waiting for support',
  waiting_for_customer: 'Waiting for customer',
  resolved: 'Resolved',
  closed: 'Closed',
}

/** Any ticket, whoever asks: for staff paths and for code that has already checked visibility. */
export function findTicket(db: HelpCenterDatabase, ticketId: string): TicketRecord | undefined {
  const row = db.prepare(`${TICKET_SELECT} WHERE t.id = ?`).get(ticketId) as TicketRow | undefined
  return row && toTicket(row)
}

/** Tickets by id, for a page of the change feed: one query rather than one per change. */
export function findTickets(db: HelpCenterDatabase, ticketIds: string[]): Map<string, TicketRecord> {
  const rows = db.prepare(`${TICKET_SELECT} WHERE t.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ticketIds)) as TicketRow[]
  return new Map(rows.map((row) => [row.id, toTicket(row)]))
}

/** The ticket if this user may see it; undefined both when it is hidden and when it does not exist. */
export function visibleTicket(db: HelpCenterDatabase, user: User, ticketId: string): TicketRecord | undefined {
  const row = db
    .prepare(`${TICKET_SELECT} WHERE t.id = @ticketId AND ${ticketScopeSql(user, 't')}`)
    .get({ userId: user.id, ticketId }) as TicketRow | undefined
  return row && toTicket(row)
}

/**
 * The newest tickets this user may see whose summary, description or public replies hold every term, with how
 * many match in all. What is typed is text, never FTS syntax; terms too short for the index match summaries and keys.
 */
export function searchTickets(db: HelpCenterDatabase, user: User, query: { search: string; limit: number }): TicketSearchPage {
  const { match, shortTerms } = searchTerms(query.search)
  const where = [ticketScopeSql(user, 't')]
  const parameters: Record<string, string | number> = { userId: user.id, limit: query.limit }
  if (match) {
    where.push('t.rowid IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH @match)')
    parameters.match = match
  }
  shortTerms.forEach((term, index) => {
    // instr reads the whole value, where LIKE stops at a NUL in a summary and misses what follows it (as in the app).
    where.push(`(instr(lower(t.summary), lower(@short${index})) > 0 OR instr(lower('SUP-' || t.key_number), lower(@short${index})) > 0)`)
    parameters[`short${index}`] = term
  })
  // The window count runs the match once for both the page and the total.
  const rows = db
    .prepare(
      `SELECT t.*, r.name AS requester_name, a.name AS assignee_name, COUNT(*) OVER () AS total FROM tickets t
       JOIN users r ON r.id = t.requester_id LEFT JOIN users a ON a.id = t.assignee_id
       WHERE ${where.join(' AND ')} ORDER BY t.updated_at DESC, t.id LIMIT @limit`,
    )
    .all(parameters) as (TicketRow & { total: number })[]
  return { tickets: rows.map(toTicket), total: rows[0]?.total ?? 0 }
}

export function findComment(db: HelpCenterDatabase, commentId: string): Comment | undefined {
  const row = db.prepare(`${COMMENT_SELECT} WHERE c.id = ?`).get(commentId) as CommentRow | undefined
  return row && toComment(row)
}

/** Comments by id, for a page of the change feed. */
export function findComments(db: HelpCenterDatabase, commentIds: string[]): Map<string, Comment> {
  const rows = db.prepare(`${COMMENT_SELECT} WHERE c.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(commentIds)) as CommentRow[]
  return new Map(rows.map((row) => [row.id, toComment(row)]))
}

/** A ticket's conversation, oldest first; customers never get internal notes. */
export function commentsOf(db: HelpCenterDatabase, user: User, ticketId: string): Comment[] {
  const internal = seesInternalNotes(user) ? '' : ` AND c.visibility = 'public'`
  const rows = db
    .prepare(`${COMMENT_SELECT} WHERE c.ticket_id = ?${internal} ORDER BY c.seq`)
    .all(ticketId) as CommentRow[]
  return rows.map(toComment)
}

export interface TicketFiling {
  id: string
  ticket: NewTicket
  requesterId: string
  timeZone: string
  /** The organization's plan; basic when the ticket has no organization. */
  plan: SupportPlanId
  now: Date
  origin?: MessageOrigin
}

/**
 * Stores a ticket that has passed every rule, waiting for support, with its first-response deadline and the
 * first entry of its history (filed by the requester). Returns the seq of its last change.
 */
export function insertTicket(db: HelpCenterDatabase, filing: TicketFiling): number {
  const { ticket, now } = filing
  const { keyNumber } = db
    .prepare('SELECT COALESCE(MAX(key_number) + 1, ?) AS keyNumber FROM tickets')
    .get(FIRST_KEY_NUMBER) as { keyNumber: number }
  const dueAt = firstResponseDue({
    createdAt: now,
    plan: filing.plan,
    severity: ticket.severity,
    timeZone: filing.timeZone,
    targets: PUBLISHED_RESPONSE_TARGETS,
  })
  const organizationId = ticket.organizationId ?? null
  const scope = ticketChangeScope({ organizationId, requesterId: filing.requesterId })
  const seq = appendChange(db, 'ticket', filing.id, scope)
  const technical = ticket.kind === 'technical' ? ticket : undefined
  const origin = filing.origin ?? DESKTOP_ORIGIN
  db.prepare(
    `INSERT INTO tickets (id, key_number, kind, summary, description, organization_id, cluster_id, environment,
       severity, component, affected_version, status, requester_id, time_zone, created_at, updated_at,
       first_response_due_at, last_customer_activity_at, last_seq, source, slack_permalink)
     VALUES (@id, @keyNumber, @kind, @summary, @description, @organizationId, @clusterId, @environment,
       @severity, @component, @affectedVersion, @status, @requesterId, @timeZone, @now, @now,
       @dueAt, @now, @seq, @source, @slackPermalink)`,
  ).run({
    id: filing.id,
    keyNumber,
    kind: ticket.kind,
    summary: ticket.summary,
    description: ticket.description,
    organizationId,
    clusterId: ticket.clusterId ?? null,
    environment: technical?.environment ?? null,
    severity: ticket.severity,
    component: technical?.component ?? null,
    affectedVersion: technical?.affectedVersion ?? null,
    status: FILED_STATUS,
    requesterId: filing.requesterId,
    timeZone: filing.timeZone,
    now: now.toISOString(),
    dueAt: dueAt?.toISOString() ?? null,
    seq,
    source: origin.source,
    slackPermalink: origin.slackPermalink,
  })
  indexTicket(db, filing.id)
  const filed = findTicket(db, filing.id)!
  return recordHistory(db, filed, filing.requesterId, { field: 'status', from: null, to: FILED_STATUS }, now)
}

/** What to change; a field left undefined stays as it is (null clears the assignee, the priority or a deadline). */
export interface TicketUpdate {
  status?: TicketStatus
  severity?: Severity
  /** Why the severity changes, kept with its history entry. */
  reason?: string
  assigneeId?: string | null
  priority?: Priority | null
  /** The whole new set, sorted. */
  labels?: string[]
  firstResponseDueAt?: Date | null
  firstRespondedAt?: Date
  lastCustomerActivityAt?: Date
}

/** The columns an update sets, by name; the names are this fixed list, never input. */
function columnsOf(update: TicketUpdate): Record<string, string | null> {
  const columns: Record<string, string | null> = {}
  if (update.status !== undefined) columns.status = update.status
  if (update.severity !== undefined) columns.severity = update.severity
  if (update.assigneeId !== undefined) columns.assignee_id = update.assigneeId
  if (update.priority !== undefined) columns.priority = update.priority
  if (update.labels !== undefined) columns.labels = JSON.stringify(update.labels)
  if (update.firstResponseDueAt !== undefined) {
    columns.first_response_due_at = update.firstResponseDueAt?.toISOString() ?? null
  }
  if (update.firstRespondedAt !== undefined) columns.first_responded_at = update.firstRespondedAt.toISOString()
  if (update.lastCustomerActivityAt !== undefined) {
    columns.last_customer_activity_at = update.lastCustomerActivityAt.toISOString()
  }
  return columns
}

/** Labels as history shows them: comma-separated, null for none. */
function labelsText(labels: string[]): string | null {
  return labels.length === 0 ? null : labels.join(', ')
}

/**
 * Applies the update and logs it, with a history entry by `actorId` for each of status, severity, assignee, priority
 * and labels that actually changes. Returns the seq of its last change.
 */
export function updateTicket(
  db: HelpCenterDatabase,
  ticket: Ticket,
  update: TicketUpdate,
  actorId: string,
  now: Date,
): number {
  const changed = columnsOf(update)
  // Priority and labels are support's own triage: changing only them neither moves the ticket's update time,
  // which the customer sees, nor sends the ticket to the customer again.
  const internalOnly = Object.keys(changed).length > 0 && Object.keys(changed).every(isInternalField)
  // The feed serves a ticket as it now stands, so its previous change would only send the same ticket again:
  // the feed keeps one row per ticket, its latest (a client behind either row gets the ticket once). A change
  // only support sees takes the place of an earlier such change, never of one the customer still has to get.
  db.prepare(
    `DELETE FROM changes WHERE seq = (SELECT last_seq FROM tickets WHERE id = ?) AND entity = 'ticket'
       AND (? = 0 OR visibility = 'internal')`,
  ).run(ticket.id, internalOnly ? 1 : 0)
  const seq = appendChange(db, 'ticket', ticket.id, ticketChangeScope(ticket, internalOnly ? 'internal' : 'public'))
  const columns = { ...changed, ...(internalOnly ? {} : { updated_at: now.toISOString() }), last_seq: seq }
  const assignments = Object.keys(columns).map((column) => `${column} = @${column}`)
  db.prepare(`UPDATE tickets SET ${assignments.join(', ')} WHERE id = @id`).run({ ...columns, id: ticket.id })

  const changes: HistoryChange[] = []
  if (update.status !== undefined && update.status !== ticket.status) {
    changes.push({ field: 'status', from: ticket.status, to: update.status })
  }
  if (update.severity !== undefined && update.severity !== ticket.severity) {
    changes.push({ field: 'severity', from: ticket.severity, to: update.severity, reason: update.reason })
  }
  if (update.assigneeId !== undefined && update.assigneeId !== ticket.assigneeId) {
    changes.push({ field: 'assignee', from: ticket.assigneeId, to: update.assigneeId })
  }
  if (update.priority !== undefined && update.priority !== ticket.priority) {
    changes.push({ field: 'priority', from: ticket.priority, to: update.priority })
  }
  const labels = update.labels === undefined ? undefined : labelsText(update.labels)
  if (labels !== undefined && labels !== labelsText(ticket.labels)) {
    changes.push({ field: 'labels', from: labelsText(ticket.labels), to: labels })
  }
  return changes.reduce((lastSeq, change) => recordHistory(db, ticket, actorId, change, now), seq)
}

export interface NewComment {
  id: string
  authorId: string
  body: string
  visibility: Comment['visibility']
  now: Date
  origin?: MessageOrigin
}

/** Stores the comment and logs it with the ticket's scope; returns the change's seq. */
export function insertComment(db: HelpCenterDatabase, ticket: Ticket, comment: NewComment): number {
  const seq = appendChange(db, 'comment', comment.id, ticketChangeScope(ticket, comment.visibility))
  const origin = comment.origin ?? DESKTOP_ORIGIN
  db.prepare(
    `INSERT INTO comments (id, ticket_id, author_id, body, visibility, created_at, seq, source, slack_permalink)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    comment.id,
    ticket.id,
    comment.authorId,
    comment.body,
    comment.visibility,
    comment.now.toISOString(),
    seq,
    origin.source,
    origin.slackPermalink,
  )
  if (comment.visibility === 'public') indexTicket(db, ticket.id)
  return seq
}

export function requireStaff(user: User): void {
  if (user.role !== 'engineer' && user.role !== 'admin') {
    throw new SupportError({ code: 'forbidden', message: 'Only support engineers can do this' })
  }
}

function staffTicket(db: HelpCenterDatabase, ticketId: string): TicketRecord {
  const ticket = findTicket(db, ticketId)
  if (!ticket) throw new SupportError({ code: 'not_found', message: 'No such ticket' })
  return ticket
}

/**
 * Support's reply (an engineer's, a TAM's), with its files. A public one is support's response: it meets the
 * first-response target if none came before, hands the ticket back to the customer and assigns it to the one who
 * replied if nobody has it yet. Returns the seq of its last change.
 */
export function recordStaffReply(
  db: HelpCenterDatabase,
  ticket: Ticket,
  staffId: string,
  reply: NewComment,
  files: AttachmentFile[] = [],
): number {
  let lastSeq = insertComment(db, ticket, reply)
  for (const file of files) {
    lastSeq = insertAttachment(db, ticket, { ...file, comment: reply, uploaderId: staffId, now: reply.now })
  }
  if (reply.visibility === 'internal') return lastSeq
  return updateTicket(
    db,
    ticket,
    {
      status: 'waiting_for_customer',
      assigneeId: ticket.assigneeId ?? staffId,
      firstRespondedAt: ticket.firstRespondedAt === null ? reply.now : undefined,
    },
    staffId,
    reply.now,
  )
}

/**
 * A customer's reply puts the ticket back in support's queue if it was waiting on them or resolved, and is their
 * latest activity: what "waiting for support" is measured from.
 */
export function recordCustomerReply(
  db: HelpCenterDatabase,
  ticket: Ticket,
  reply: Omit<NewComment, 'visibility'>,
): number {
  insertComment(db, ticket, { ...reply, visibility: 'public' })
  const reopens = ticket.status === 'waiting_for_customer' || ticket.status === 'resolved'
  // Even without a status change the ticket's updatedAt moves, so lists sort it to the top.
  const update: TicketUpdate = {
    lastCustomerActivityAt: reply.now,
    ...(reopens ? { status: 'waiting_for_support' } : {}),
  }
  return updateTicket(db, ticket, update, reply.authorId, reply.now)
}

/** A closed ticket is final: replies, files and reopening go to a follow-up ticket instead. */
export function requireNotClosed(ticket: Ticket): void {
  if (ticket.status === 'closed') {
    throw new SupportError({
      code: 'ticket_closed',
      message: `${ticket.key} is closed. File a follow-up ticket instead.`,
    })
  }
}

export interface StaffReply {
  body: string
  visibility: Comment['visibility']
  attachments?: AttachmentUpload[]
}

export function replyAsStaff(ctx: HelpCenterContext, staff: User, ticketId: string, reply: StaffReply): Comment {
  requireStaff(staff)
  const commentId = randomUUID()
  // Decoded before the write lock is taken; the shared schema has already bounded each file.
  const files = (reply.attachments ?? []).map((upload) => ({
    id: randomUUID(),
    fileName: upload.fileName,
    contentType: upload.contentType,
    content: Buffer.from(upload.contentBase64, 'base64'),
  }))
  const { body, visibility } = reply
  ctx.db
    .transaction(() => {
      const ticket = staffTicket(ctx.db, ticketId)
      // Support's notes are its own record and may still be added; the conversation is over.
      if (visibility === 'public') requireNotClosed(ticket)
      const comment = { id: commentId, authorId: staff.id, body, visibility, now: ctx.now() }
      recordStaffReply(ctx.db, ticket, staff.id, comment, files)
    })
    .immediate()
  ctx.changes.notify()
  return findComment(ctx.db, commentId)!
}

export function setStatusAsStaff(ctx: HelpCenterContext, staff: User, ticketId: string, status: TicketStatus): Ticket {
  requireStaff(staff)
  ctx.db
    .transaction(() => {
      updateTicket(ctx.db, staffTicket(ctx.db, ticketId), { status }, staff.id, ctx.now())
    })
    .immediate()
  ctx.changes.notify()
  return findTicket(ctx.db, ticketId)!
}
