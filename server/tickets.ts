import { randomUUID } from 'node:crypto'
import { insertAttachment, type AttachmentFile } from './attachments'
import { appendChange, seesInternalNotes, ticketChangeScope, ticketScopeSql } from './change-log'
import type { HelpCenterContext } from './context'
import type { HelpCenterDatabase } from './database'
import { recordHistory } from './ticket-history'
import type { User } from '../shared/schemas/account'
import type { AttachmentUpload } from '../shared/schemas/attachment'
import { SupportError } from '../shared/schemas/error'
import type { Comment, NewTicket, Ticket } from '../shared/schemas/ticket'
import { firstResponseDue } from '../shared/domain/first-response'
import { PUBLISHED_RESPONSE_TARGETS } from '../shared/domain/response-targets'
import type { SupportPlanId } from '../shared/domain/support-plan'
import type { TicketStatus } from '../shared/domain/ticket'

/** Keys count up from SUP-1001, so that the first ticket does not look like the only one. */
const FIRST_KEY_NUMBER = 1001

/** Every new ticket starts in support's queue. */
const FILED_STATUS: TicketStatus = 'waiting_for_support'

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
  last_seq: number
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
    lastSeq: row.last_seq,
  }
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
  }
}

/** Any ticket, whoever asks: for staff paths and for code that has already checked visibility. */
export function findTicket(db: HelpCenterDatabase, ticketId: string): TicketRecord | undefined {
  const row = db.prepare(`${TICKET_SELECT} WHERE t.id = ?`).get(ticketId) as TicketRow | undefined
  return row && toTicket(row)
}

/** The ticket if this user may see it; undefined both when it is hidden and when it does not exist. */
export function visibleTicket(db: HelpCenterDatabase, user: User, ticketId: string): TicketRecord | undefined {
  const row = db
    .prepare(`${TICKET_SELECT} WHERE t.id = @ticketId AND ${ticketScopeSql(user, 't')}`)
    .get({ userId: user.id, ticketId }) as TicketRow | undefined
  return row && toTicket(row)
}

export function findComment(db: HelpCenterDatabase, commentId: string): Comment | undefined {
  const row = db.prepare(`${COMMENT_SELECT} WHERE c.id = ?`).get(commentId) as CommentRow | undefined
  return row && toComment(row)
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
  db.prepare(
    `INSERT INTO tickets (id, key_number, kind, summary, description, organization_id, cluster_id, environment,
       severity, component, affected_version, status, requester_id, time_zone, created_at, updated_at,
       first_response_due_at, last_seq)
     VALUES (@id, @keyNumber, @kind, @summary, @description, @organizationId, @clusterId, @environment,
       @severity, @component, @affectedVersion, @status, @requesterId, @timeZone, @now, @now,
       @dueAt, @seq)`,
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
  })
  const filed = findTicket(db, filing.id)!
  return recordHistory(db, filed, filing.requesterId, { field: 'status', from: null, to: FILED_STATUS }, now)
}

export interface TicketUpdate {
  status?: TicketStatus
  assigneeId?: string
  firstRespondedAt?: Date
}

/**
 * Applies the update and logs it, with a history entry, by `actorId`, for each of status and assignee that
 * actually changes. Returns the seq of its last change.
 */
export function updateTicket(
  db: HelpCenterDatabase,
  ticket: Ticket,
  update: TicketUpdate,
  actorId: string,
  now: Date,
): number {
  const seq = appendChange(db, 'ticket', ticket.id, ticketChangeScope(ticket))
  db.prepare(
    `UPDATE tickets SET status = COALESCE(@status, status), assignee_id = COALESCE(@assigneeId, assignee_id),
       first_responded_at = COALESCE(@firstRespondedAt, first_responded_at), updated_at = @now, last_seq = @seq
     WHERE id = @id`,
  ).run({
    id: ticket.id,
    status: update.status ?? null,
    assigneeId: update.assigneeId ?? null,
    firstRespondedAt: update.firstRespondedAt?.toISOString() ?? null,
    now: now.toISOString(),
    seq,
  })
  let lastSeq = seq
  if (update.status !== undefined && update.status !== ticket.status) {
    lastSeq = recordHistory(db, ticket, actorId, { field: 'status', from: ticket.status, to: update.status }, now)
  }
  if (update.assigneeId !== undefined && update.assigneeId !== ticket.assigneeId) {
    const change = { field: 'assignee', from: ticket.assigneeId, to: update.assigneeId } as const
    lastSeq = recordHistory(db, ticket, actorId, change, now)
  }
  return lastSeq
}

export interface NewComment {
  id: string
  authorId: string
  body: string
  visibility: Comment['visibility']
  now: Date
}

/** Stores the comment and logs it with the ticket's scope; returns the change's seq. */
export function insertComment(db: HelpCenterDatabase, ticket: Ticket, comment: NewComment): number {
  const seq = appendChange(db, 'comment', comment.id, ticketChangeScope(ticket, comment.visibility))
  db.prepare(
    `INSERT INTO comments (id, ticket_id, author_id, body, visibility, created_at, seq)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(comment.id, ticket.id, comment.authorId, comment.body, comment.visibility, comment.now.toISOString(), seq)
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
 * An engineer's reply, with its files. A public one is support's response: it meets the first-response target if
 * none came before, hands the ticket back to the customer and assigns it to the engineer if nobody has it yet.
 */
export function recordStaffReply(
  db: HelpCenterDatabase,
  ticket: Ticket,
  staffId: string,
  reply: NewComment,
  files: AttachmentFile[] = [],
): void {
  insertComment(db, ticket, reply)
  for (const file of files) {
    insertAttachment(db, ticket, { ...file, comment: reply, uploaderId: staffId, now: reply.now })
  }
  if (reply.visibility === 'internal') return
  updateTicket(
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

/** A customer's reply puts the ticket back in support's queue if it was waiting on them or resolved. */
export function recordCustomerReply(
  db: HelpCenterDatabase,
  ticket: Ticket,
  reply: Omit<NewComment, 'visibility'>,
): number {
  insertComment(db, ticket, { ...reply, visibility: 'public' })
  const reopens = ticket.status === 'waiting_for_customer' || ticket.status === 'resolved'
  // Even without a status change the ticket's updatedAt moves, so lists sort it to the top.
  return updateTicket(db, ticket, reopens ? { status: 'waiting_for_support' } : {}, reply.authorId, reply.now)
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
