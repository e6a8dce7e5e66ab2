import { findAttachment, insertAttachment } from './attachments'
import type { HelpCenterContext } from './context'
import type { HelpCenterDatabase } from './database'
import { organizationsOf } from './organizations'
import {
  findComment,
  findTicket,
  insertTicket,
  recordCustomerReply,
  updateTicket,
  visibleTicket,
  type TicketRecord,
} from './tickets'
import type { User } from '../shared/schemas/account'
import { SupportError } from '../shared/schemas/error'
import type { Comment, Mutation, MutationResult, Ticket } from '../shared/schemas/ticket'
import { allowsTechnicalTickets } from '../shared/domain/support-plan'
import type { TicketStatus } from '../shared/domain/ticket'

type MutationOf<T extends Mutation['type']> = Extract<Mutation, { type: T }>

export interface MutationOutcome {
  results: MutationResult[]
  /** Tickets created by this call (not by an earlier copy of the same mutation). */
  filed: Ticket[]
}

/** A customer's "reopen" puts the ticket back in support's queue; the other states are support's to set. */
const REOPENED_STATUS: TicketStatus = 'waiting_for_support'

function fileTicket(db: HelpCenterDatabase, user: User, mutation: MutationOf<'ticket.create'>, now: Date): number {
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
  })
}

function customerTicket(db: HelpCenterDatabase, user: User, ticketId: string): TicketRecord {
  const ticket = visibleTicket(db, user, ticketId)
  if (!ticket) throw new SupportError({ code: 'not_found', message: 'No such ticket' })
  return ticket
}

/** A closed ticket is final: replies, files and reopening go to a follow-up ticket instead. */
function requireNotClosed(ticket: Ticket): void {
  if (ticket.status === 'closed') {
    throw new SupportError({
      code: 'ticket_closed',
      message: `${ticket.key} is closed. File a follow-up ticket instead.`,
    })
  }
}

function addComment(db: HelpCenterDatabase, user: User, mutation: MutationOf<'comment.add'>, now: Date): number {
  const ticket = customerTicket(db, user, mutation.ticketId)
  requireNotClosed(ticket)
  if (findComment(db, mutation.commentId)) {
    throw new SupportError({ code: 'conflict', message: 'A comment with this id already exists' })
  }
  return recordCustomerReply(db, ticket, { id: mutation.commentId, authorId: user.id, body: mutation.body, now })
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
  const ticket = customerTicket(db, user, mutation.ticketId)
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
  const ticket = customerTicket(db, user, mutation.ticketId)
  requireNotClosed(ticket)
  const status = mutation.status === 'open' ? REOPENED_STATUS : mutation.status
  if (ticket.status === status) return ticket.lastSeq
  return updateTicket(db, ticket, { status }, user.id, now)
}

function apply(db: HelpCenterDatabase, user: User, mutation: Mutation, now: Date): number {
  switch (mutation.type) {
    case 'ticket.create':
      return fileTicket(db, user, mutation, now)
    case 'comment.add':
      return addComment(db, user, mutation, now)
    case 'attachment.add':
      return addAttachment(db, user, mutation, now)
    case 'ticket.setStatus':
      return setStatus(db, user, mutation, now)
  }
}

/** A rule the mutation broke becomes its result; anything else is a server fault and fails the request. */
function attempt(db: HelpCenterDatabase, user: User, mutation: Mutation, now: Date): MutationResult {
  try {
    // A savepoint: a rule broken halfway leaves nothing behind.
    const seq = db.transaction(() => apply(db, user, mutation, now))()
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
 * that a retry (after a lost response, say) gets the first answer back and changes nothing.
 */
export function applyMutations(ctx: HelpCenterContext, user: User, mutations: Mutation[]): MutationOutcome {
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
        const result = attempt(db, user, mutation, now)
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
