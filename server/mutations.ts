import { findAttachment, insertAttachment } from './attachments'
import type { HelpCenterContext } from './context'
import type { HelpCenterDatabase } from './database'
import { organizationsOf, supportPlanOf } from './organizations'
import { lastChangedBy } from './ticket-history'
import {
  findComment,
  findTicket,
  insertComment,
  insertTicket,
  recordCustomerReply,
  recordStaffReply,
  updateTicket,
  requireNotClosed,
  STATUS_NAMES,
  visibleTicket,
  DESKTOP_ORIGIN,
  type MessageOrigin,
  type TicketRecord,
} from './tickets'
import { findUserById, isSupport } from './users'
import type { User } from '../shared/schemas/account'
import { SupportError } from '../shared/schemas/error'
import {
  TICKET_LABELS_MAX,
  type Comment,
  type Mutation,
  type MutationResult,
  type Ticket,
} from '../shared/schemas/ticket'
import { firstResponseDue } from '../shared/domain/first-response'
import { PUBLISHED_RESPONSE_TARGETS } from '../shared/domain/response-targets'
import { SEVERITIES, allowsTechnicalTickets, type Severity } from '../shared/domain/support-plan'
import { ACCOUNT_BILLING_SEVERITIES, type TicketStatus } from '../shared/domain/ticket'

type MutationOf<T extends Mutation['type']> = Extract<Mutation, { type: T }>

export interface MutationOutcome {
  results: MutationResult[]
  /** Tickets created by this call (not by an earlier copy of the same mutation). */
  filed: Ticket[]
}

/** A customer's "reopen" puts the ticket back in support's queue; the other states are support's to set. */
const REOPENED_STATUS: TicketStatus = 'waiting_for_support'

function fileTicket(
  db: HelpCenterDatabase,
  user: User,
  mutation: MutationOf<'ticket.create'>,
  now: Date,
  origin: MessageOrigin,
): number {
  const { ticket } = mutation
  if (findTicket(db, mutation.ticketId)) {
    throw new SupportError({ code: 'conflict', message: 'A ticket with this id already exists' })
  }
  const organization =
    ticket.organizationId === undefined
      ? undefined
      : organizationsOf(db, user).find((candidate) => candidate.id === ticket.organizationId)
  if (ticket.organizationId !== undefined && !organization) {
    throw new SupportError({
      code: 'forbidden',
      message: 'You can only file tickets for organizations you belong to',
      fields: { organizationId: 'Choose one of your organizations' },
    })
  }
  if (ticket.clusterId !== undefined && !organization?.clusters.some((cluster) => cluster.id === ticket.clusterId)) {
    throw new SupportError({
      code: 'invalid_input',
      message: 'The cluster is not in the chosen organization',
      fields: { clusterId: 'Choose a cluster of the chosen organization' },
    })
  }
  const plan = organization?.supportPlan ?? 'basic'
  if (ticket.kind === 'technical' && !allowsTechnicalTickets(plan)) {
    throw new SupportError({
      code: 'forbidden',
      message:
        `${organization?.name ?? 'This organization'} is on the Basic plan, which does not include technical support ` +
        'tickets. Ask the TiDB community on Slack or Discord, or TiDB.AI, or upgrade to the Developer plan or above.',
    })
  }
  return insertTicket(db, {
    id: mutation.ticketId,
    ticket,
    requesterId: user.id,
    timeZone: mutation.timeZone,
    plan,
    now,
    origin,
  })
}

/** The ticket if this user may see it; a hidden one is as missing as one that does not exist. */
function reachableTicket(db: HelpCenterDatabase, user: User, ticketId: string): TicketRecord {
  const ticket = visibleTicket(db, user, ticketId)
  if (!ticket) throw new SupportError({ code: 'not_found', message: 'No such ticket' })
  return ticket
}

function requireNewComment(db: HelpCenterDatabase, commentId: string): void {
  if (findComment(db, commentId)) {
    throw new SupportError({ code: 'conflict', message: 'A comment with this id already exists' })
  }
}

/** A public reply: support's (a TAM answering from the triage queue) counts as support's response. */
function addComment(
  db: HelpCenterDatabase,
  user: User,
  mutation: MutationOf<'comment.add'>,
  now: Date,
  origin: MessageOrigin,
): number {
  const ticket = reachableTicket(db, user, mutation.ticketId)
  requireNotClosed(ticket)
  requireNewComment(db, mutation.commentId)
  const reply = { id: mutation.commentId, authorId: user.id, body: mutation.body, now, origin }
  if (isSupport(user)) return recordStaffReply(db, ticket, user.id, { ...reply, visibility: 'public' })
  return recordCustomerReply(db, ticket, reply)
}

/** Support's note to support. A closed ticket still takes notes: they are support's record, not the conversation. */
function addNote(db: HelpCenterDatabase, user: User, mutation: MutationOf<'note.add'>, now: Date): number {
  if (!isSupport(user)) throw new SupportError({ code: 'forbidden', message: 'Only support can add internal notes' })
  const ticket = reachableTicket(db, user, mutation.ticketId)
  requireNewComment(db, mutation.commentId)
  const note = { id: mutation.commentId, authorId: user.id, body: mutation.body, visibility: 'internal', now } as const
  return insertComment(db, ticket, note)
}

/** The caller's own reply on the ticket that a file comes with; null for a file filed with the ticket itself. */
function ownReply(db: HelpCenterDatabase, user: User, ticket: Ticket, commentId: string | null): Comment | null {
  if (commentId === null) return null
  const comment = findComment(db, commentId)
  if (comment?.ticketId === ticket.id && comment.authorId === user.id) return comment
  throw new SupportError({
    code: 'invalid_input',
    message: `Files can only be added to ${ticket.key} itself or to one of your own replies on it`,
    fields: { commentId: 'Choose one of your replies on this ticket' },
  })
}

function addAttachment(
  db: HelpCenterDatabase,
  user: User,
  mutation: MutationOf<'attachment.add'>,
  now: Date,
): number {
  const ticket = reachableTicket(db, user, mutation.ticketId)
  requireNotClosed(ticket)
  if (findAttachment(db, mutation.attachmentId)) {
    throw new SupportError({ code: 'conflict', message: 'An attachment with this id already exists' })
  }
  const comment = ownReply(db, user, ticket, mutation.commentId)
  return insertAttachment(db, ticket, {
    id: mutation.attachmentId,
    fileName: mutation.fileName,
    contentType: mutation.contentType,
    content: Buffer.from(mutation.contentBase64, 'base64'),
    comment,
    uploaderId: user.id,
    now,
  })
}

function setStatus(db: HelpCenterDatabase, user: User, mutation: MutationOf<'ticket.setStatus'>, now: Date): number {
  const ticket = reachableTicket(db, user, mutation.ticketId)
  requireNotClosed(ticket)
  const status = mutation.status === 'open' ? REOPENED_STATUS : mutation.status
  if (ticket.status === status) return ticket.lastSeq
  return updateTicket(db, ticket, { status }, user.id, now)
}


type TriageField = 'status' | 'severity' | 'assignee' | 'priority'

/** The mutation property that carries each field: a conflict's `fields` names it, as input errors do. */
const FIELD_PROPERTIES: Record<TriageField, string> = {
  status: 'status',
  severity: 'severity',
  assignee: 'assigneeId',
  priority: 'priority',
}

/** A TAM triages their organizations' tickets (others are not found); engineers and admins any ticket. */
function triageTicket(db: HelpCenterDatabase, user: User, ticketId: string): TicketRecord {
  if (!isSupport(user)) throw new SupportError({ code: 'forbidden', message: 'Only support can triage tickets' })
  return reachableTicket(db, user, ticketId)
}

function currentValueText(ticket: TicketRecord, field: TriageField): string {
  switch (field) {
    case 'status':
      return `${ticket.key}'s status is now ${STATUS_NAMES[ticket.status]}`
    case 'severity':
      return `${ticket.key}'s severity is now ${ticket.severity}`
    case 'assignee':
      return ticket.assigneeName === null
        ? `${ticket.key} is now unassigned`
        : `${ticket.key} is now assigned to ${ticket.assigneeName}`
    case 'priority':
      return ticket.priority === null
        ? `${ticket.key} has no priority now`
        : `${ticket.key}'s priority is now ${ticket.priority}`
  }
}

/**
 * A triage change applies only over the value the user saw: if someone changed the field since, theirs stays and
 * this one is refused with the help center's value, so the app can show both and offer to apply it again.
 */
function requireBase(
  db: HelpCenterDatabase,
  ticket: TicketRecord,
  field: TriageField,
  current: string | null,
  base: string | null,
): void {
  if (current === base) return
  const changedBy = lastChangedBy(db, ticket.id, field)
  throw new SupportError({
    code: 'conflict',
    message: `${currentValueText(ticket, field)}${changedBy ? ` (changed by ${changedBy})` : ''}`,
    fields: { [FIELD_PROPERTIES[field]]: current ?? '' },
  })
}

/** An unanswered ticket's first-response target follows its severity, still counted from the filing. */
function firstResponseDueFor(db: HelpCenterDatabase, ticket: Ticket, severity: Severity): Date | null | undefined {
  if (ticket.firstRespondedAt !== null) return undefined
  return firstResponseDue({
    createdAt: new Date(ticket.createdAt),
    plan: supportPlanOf(db, ticket.organizationId),
    severity,
    timeZone: ticket.timeZone,
    targets: PUBLISHED_RESPONSE_TARGETS,
  })
}

function triageSeverity(
  db: HelpCenterDatabase,
  user: User,
  mutation: MutationOf<'triage.setSeverity'>,
  now: Date,
): number {
  const ticket = triageTicket(db, user, mutation.ticketId)
  // Already what the user wants, whoever made it so: nothing to do and nothing to refuse.
  if (ticket.severity === mutation.severity) return ticket.lastSeq
  const allowed: readonly Severity[] = ticket.kind === 'account_billing' ? ACCOUNT_BILLING_SEVERITIES : SEVERITIES
  if (!allowed.includes(mutation.severity)) {
    throw new SupportError({
      code: 'invalid_input',
      message: 'S1 is not available for account or billing tickets',
      fields: { severity: 'Choose S2, S3 or S4' },
    })
  }
  requireBase(db, ticket, 'severity', ticket.severity, mutation.base)
  const update = {
    severity: mutation.severity,
    reason: mutation.reason,
    firstResponseDueAt: firstResponseDueFor(db, ticket, mutation.severity),
  }
  return updateTicket(db, ticket, update, user.id, now)
}

function triagePriority(
  db: HelpCenterDatabase,
  user: User,
  mutation: MutationOf<'triage.setPriority'>,
  now: Date,
): number {
  const ticket = triageTicket(db, user, mutation.ticketId)
  if (ticket.priority === mutation.priority) return ticket.lastSeq
  requireBase(db, ticket, 'priority', ticket.priority, mutation.base)
  return updateTicket(db, ticket, { priority: mutation.priority }, user.id, now)
}

function triageAssign(db: HelpCenterDatabase, user: User, mutation: MutationOf<'triage.assign'>, now: Date): number {
  const ticket = triageTicket(db, user, mutation.ticketId)
  const { assigneeId } = mutation
  const assignee = assigneeId === null ? undefined : findUserById(db, assigneeId)
  if (assigneeId !== null && !(assignee && isSupport(assignee))) {
    throw new SupportError({
      code: 'invalid_input',
      message: 'Tickets are assigned to support: an engineer, a TAM or an admin',
      fields: { assigneeId: 'Choose someone from support' },
    })
  }
  // A TAM of other organizations would own a ticket they cannot open.
  if (assignee && !visibleTicket(db, assignee, ticket.id)) {
    throw new SupportError({
      code: 'invalid_input',
      message: `${assignee.name} does not look after this ticket's organization`,
      fields: { assigneeId: 'Choose an engineer, an admin or a TAM of this organization' },
    })
  }
  if (ticket.assigneeId === assigneeId) return ticket.lastSeq
  requireBase(db, ticket, 'assignee', ticket.assigneeId, mutation.base)
  return updateTicket(db, ticket, { assigneeId }, user.id, now)
}

function triageStatus(db: HelpCenterDatabase, user: User, mutation: MutationOf<'triage.setStatus'>, now: Date): number {
  const ticket = triageTicket(db, user, mutation.ticketId)
  if (ticket.status === mutation.status) return ticket.lastSeq
  requireBase(db, ticket, 'status', ticket.status, mutation.base)
  return updateTicket(db, ticket, { status: mutation.status }, user.id, now)
}

/** Set operations, kept sorted, so that changes from several people commute and never conflict. */
function triageLabels(db: HelpCenterDatabase, user: User, mutation: MutationOf<'triage.labels'>, now: Date): number {
  const ticket = triageTicket(db, user, mutation.ticketId)
  const removed = new Set(mutation.remove)
  const labels = [...new Set([...ticket.labels, ...mutation.add])].filter((label) => !removed.has(label)).sort()
  if (labels.join() === ticket.labels.join()) return ticket.lastSeq
  if (labels.length > TICKET_LABELS_MAX) {
    throw new SupportError({
      code: 'invalid_input',
      message: `${ticket.key} would have more than ${TICKET_LABELS_MAX} labels`,
      fields: { add: `Remove a label first: a ticket has at most ${TICKET_LABELS_MAX}` },
    })
  }
  return updateTicket(db, ticket, { labels }, user.id, now)
}

function apply(db: HelpCenterDatabase, user: User, mutation: Mutation, now: Date, origin: MessageOrigin): number {
  switch (mutation.type) {
    case 'ticket.create':
      return fileTicket(db, user, mutation, now, origin)
    case 'comment.add':
      return addComment(db, user, mutation, now, origin)
    case 'attachment.add':
      return addAttachment(db, user, mutation, now)
    case 'ticket.setStatus':
      return setStatus(db, user, mutation, now)
    case 'note.add':
      return addNote(db, user, mutation, now)
    case 'triage.setSeverity':
      return triageSeverity(db, user, mutation, now)
    case 'triage.setPriority':
      return triagePriority(db, user, mutation, now)
    case 'triage.assign':
      return triageAssign(db, user, mutation, now)
    case 'triage.setStatus':
      return triageStatus(db, user, mutation, now)
    case 'triage.labels':
      return triageLabels(db, user, mutation, now)
  }
}

/** A rule the mutation broke becomes its result; anything else is a server fault and fails the request. */
function attempt(
  db: HelpCenterDatabase,
  user: User,
  mutation: Mutation,
  now: Date,
  origin: MessageOrigin,
): MutationResult {
  try {
    // A savepoint: a rule broken halfway leaves nothing behind.
    const seq = db.transaction(() => apply(db, user, mutation, now, origin))()
    return { id: mutation.id, status: 'applied', seq }
  } catch (error) {
    if (!(error instanceof SupportError)) throw error
    const { code, message, fields } = error
    return { id: mutation.id, status: 'rejected', error: { code, message, ...(fields ? { fields } : {}) } }
  }
}

interface StoredMutation {
  user_id: string
  result: string
}

/**
 * Applies each mutation at most once, in order, each in its own transaction with the record of its result, so
 * that a retry (after a lost response, say) gets the first answer back and changes nothing. `origin` marks the
 * tickets and comments they create (Slack's carry a link to their message).
 */
export function applyMutations(
  ctx: HelpCenterContext,
  user: User,
  mutations: Mutation[],
  origin: MessageOrigin = DESKTOP_ORIGIN,
): MutationOutcome {
  const { db } = ctx
  const results: MutationResult[] = []
  const filed: Ticket[] = []
  for (const mutation of mutations) {
    const { result, fresh } = db
      .transaction(() => {
        const stored = db
          .prepare('SELECT user_id, result FROM applied_mutations WHERE id = ?')
          .get(mutation.id) as StoredMutation | undefined
        if (stored && stored.user_id !== user.id) {
          const error = { code: 'conflict', message: 'This mutation id was already used by someone else' }
          return { result: { id: mutation.id, status: 'rejected', error } satisfies MutationResult, fresh: false }
        }
        if (stored) return { result: JSON.parse(stored.result) as MutationResult, fresh: false }
        const now = ctx.now()
        const result = attempt(db, user, mutation, now, origin)
        db.prepare('INSERT INTO applied_mutations (id, user_id, result, applied_at) VALUES (?, ?, ?, ?)').run(
          mutation.id,
          user.id,
          JSON.stringify(result),
          now.toISOString(),
        )
        return { result, fresh: true }
      })
      .immediate()
    results.push(result)
    if (!fresh || result.status !== 'applied') continue
    ctx.changes.notify()
    if (mutation.type === 'ticket.create') filed.push(findTicket(db, mutation.ticketId)!)
  }
  return { results, filed }
}
