import { randomUUID } from 'node:crypto'
import { firstResponseDue } from '../../../shared/domain/first-response'
import { allowsTechnicalTickets } from '../../../shared/domain/support-plan'
import type { TicketKind } from '../../../shared/domain/ticket'
import type { Profile } from '../../../shared/schemas/account'
import { SupportError } from '../../../shared/schemas/error'
import type {
  LocalComment,
  LocalTicket,
  SyncStatus,
  TicketConversation,
  TicketDraft,
  TicketListPage,
  TicketListQuery,
} from '../../../shared/schemas/local-ticket'
import type { NewTicket } from '../../../shared/schemas/ticket'
import { attachmentSchema, attachmentWithContentSchema, type AttachmentUpload, type AttachmentWithContent } from '../../../shared/schemas/attachment'
import type { AccountDatabase } from '../database/account-database'
import type { SessionService } from '../session/session-service'
import { cachedResponseTargets } from '../plans/plan-service'
import { Outbox } from '../sync/outbox'
import type { SyncEngine } from '../sync/sync-engine'
import { AttachmentStore } from './attachment-store'
import { TicketStore } from './ticket-store'

export interface TicketServiceOptions {
  session: SessionService
  sync: SyncEngine
  onTicketsChanged: (ticketIds: string[]) => void
  now?: () => Date
  timeZone?: () => string
}

/**
 * What the user does with tickets. Every change is applied to the cache and queued in the outbox in
 * one transaction, so it shows at once (marked pending), works offline, and survives a crash.
 */
export class TicketService {
  private readonly now: () => Date
  private readonly timeZone: () => string

  constructor(private readonly options: TicketServiceOptions) {
    this.now = options.now ?? (() => new Date())
    this.timeZone = options.timeZone ?? (() => Intl.DateTimeFormat().resolvedOptions().timeZone)
  }

  list(query: TicketListQuery): TicketListPage {
    return new TicketStore(this.db()).list(query)
  }

  conversation(ticketId: string): TicketConversation {
    const conversation = new TicketStore(this.db()).conversation(ticketId)
    if (!conversation) throw notFound()
    return conversation
  }

  similar(text: string): LocalTicket[] {
    return new TicketStore(this.db()).similar(text, this.profile().user.id)
  }

  markRead(ticketId: string): { unreadTotal: number } {
    const store = new TicketStore(this.db())
    store.markRead(ticketId)
    this.options.onTicketsChanged([ticketId])
    return { unreadTotal: store.unreadTotal() }
  }

  create(ticket: NewTicket, attachments: AttachmentUpload[] = []): LocalTicket {
    const db = this.db()
    const profile = this.profile()
    const organization = this.checkOrganization(profile, ticket)
    const id = randomUUID()
    const timeZone = this.timeZone()
    const createdAt = this.now()
    // Provisional until the help center files the ticket and sends its own due time back.
    const targets = cachedResponseTargets(db)
    const due =
      targets &&
      firstResponseDue({ createdAt, plan: organization?.supportPlan ?? 'basic', severity: ticket.severity, timeZone, targets })
    const store = new TicketStore(db)
    db.transaction(() => {
      store.insertPendingTicket({
        id,
        kind: ticket.kind,
        summary: ticket.summary,
        description: ticket.description,
        organizationId: ticket.organizationId ?? null,
        clusterId: ticket.clusterId ?? null,
        environment: ticket.kind === 'technical' ? ticket.environment : null,
        severity: ticket.severity,
        component: ticket.kind === 'technical' ? ticket.component : null,
        affectedVersion: ticket.kind === 'technical' ? ticket.affectedVersion : null,
        status: 'waiting_for_support',
        requesterId: profile.user.id,
        requesterName: profile.user.name,
        assigneeId: null,
        assigneeName: null,
        timeZone,
        createdAt: createdAt.toISOString(),
        updatedAt: createdAt.toISOString(),
        firstResponseDueAt: due?.toISOString() ?? null,
        firstRespondedAt: null,
        priority: null,
        labels: [],
        lastCustomerActivityAt: createdAt.toISOString(),
      })
      new Outbox(db).enqueue({ id: randomUUID(), type: 'ticket.create', ticketId: id, timeZone, ticket }, createdAt.toISOString())
      this.queueAttachments(db, profile, { ticketId: id, commentId: null }, attachments, createdAt.toISOString())
      db.prepare('DELETE FROM drafts WHERE kind = ?').run(ticket.kind)
    })()
    this.changed([id])
    return store.get(id)!
  }

  comment(ticketId: string, body: string, attachments: AttachmentUpload[] = []): LocalComment {
    const db = this.db()
    const profile = this.profile()
    const store = new TicketStore(db)
    refuseIfClosed(store.get(ticketId))
    const commentId = randomUUID()
    const createdAt = this.now().toISOString()
    db.transaction(() => {
      store.insertPendingComment({
        id: commentId,
        ticketId,
        authorId: profile.user.id,
        authorName: profile.user.name,
        authorRole: profile.user.role,
        body,
        visibility: 'public',
        createdAt,
      })
      new Outbox(db).enqueue({ id: randomUUID(), type: 'comment.add', commentId, ticketId, body }, createdAt)
      this.queueAttachments(db, profile, { ticketId, commentId }, attachments, createdAt)
    })()
    this.changed([ticketId])
    return store.comment(commentId)!
  }

  setStatus(ticketId: string, status: 'resolved' | 'open'): LocalTicket {
    const db = this.db()
    const store = new TicketStore(db)
    refuseIfClosed(store.get(ticketId))
    const updatedAt = this.now().toISOString()
    db.transaction(() => {
      store.setLocalStatus(ticketId, status === 'open' ? 'waiting_for_support' : 'resolved', updatedAt)
      new Outbox(db).enqueue({ id: randomUUID(), type: 'ticket.setStatus', ticketId, status }, updatedAt)
    })()
    this.changed([ticketId])
    return store.get(ticketId)!
  }

  /**
   * Puts a refused change back in the queue, e.g. after the plan was upgraded, with the changes that
   * depended on it (a refused ticket's replies and files, a refused reply's files), in their first order.
   */
  retry(entityId: string): SyncStatus {
    const db = this.db()
    const outbox = new Outbox(db)
    const entry = outbox.failedFor(entityId)
    if (!entry) throw notFound('That change is no longer waiting to sync.')
    const store = new TicketStore(db)
    const attachments = new AttachmentStore(db)
    db.transaction(() => {
      for (const { mutation } of [entry, ...outbox.failedDependents(entry.mutation)]) {
        outbox.retry(mutation.id)
        if (mutation.type === 'comment.add' || mutation.type === 'note.add') store.markPending('comment', mutation.commentId)
        else if (mutation.type === 'attachment.add') attachments.markPending(mutation.attachmentId)
        else store.markPending('ticket', mutation.ticketId)
      }
    })()
    this.changed([entry.mutation.ticketId])
    return this.options.sync.current()
  }

  /** Drops a refused mutation, what it showed locally and what depended on it; the server never had them. */
  discard(entityId: string): SyncStatus {
    const db = this.db()
    const outbox = new Outbox(db)
    const entry = outbox.failedFor(entityId)
    if (!entry) throw notFound('That change is no longer waiting to sync.')
    const store = new TicketStore(db)
    const attachments = new AttachmentStore(db)
    db.transaction(() => {
      for (const { mutation } of [entry, ...outbox.dependents(entry.mutation)]) {
        outbox.remove(mutation.id)
        if (mutation.type === 'comment.add' || mutation.type === 'note.add') store.removeLocal('comment', mutation.commentId)
        else if (mutation.type === 'ticket.create') store.removeLocal('ticket', mutation.ticketId)
        else if (mutation.type === 'attachment.add') attachments.removeLocal(mutation.attachmentId)
      }
    })()
    this.changed([entry.mutation.ticketId])
    return this.options.sync.current()
  }

  /** The file's bytes: from the cache, else downloaded once and kept so it opens offline next time. */
  async attachmentContent(attachmentId: string): Promise<AttachmentWithContent> {
    const db = this.db()
    const attachments = new AttachmentStore(db)
    const attachment = attachments.get(attachmentId)
    if (!attachment) throw notFound('That file is not in this account.')
    const metadata = attachmentSchema.parse(attachment)
    const cached = attachments.content(attachmentId)
    if (cached) return { ...metadata, contentBase64: cached.toString('base64') }
    const { client, token } = await this.options.session.accessToken()
    const downloaded = await client.request(`/attachments/${encodeURIComponent(attachmentId)}`, {
      accessToken: token,
      response: attachmentWithContentSchema,
    })
    if (this.options.session.database() === db) attachments.cacheContent(attachmentId, Buffer.from(downloaded.contentBase64, 'base64'))
    return { ...metadata, contentBase64: downloaded.contentBase64 }
  }

  draft(kind: TicketKind): TicketDraft | null {
    const row = this.db().prepare('SELECT fields, saved_at FROM drafts WHERE kind = ?').get(kind) as
      | { fields: string; saved_at: string }
      | undefined
    return row ? { kind, fields: JSON.parse(row.fields) as Record<string, string>, savedAt: row.saved_at } : null
  }

  saveDraft(kind: TicketKind, fields: Record<string, string>): TicketDraft {
    const savedAt = this.now().toISOString()
    this.db()
      .prepare(
        `INSERT INTO drafts (kind, fields, saved_at) VALUES (?, ?, ?)
         ON CONFLICT (kind) DO UPDATE SET fields = excluded.fields, saved_at = excluded.saved_at`,
      )
      .run(kind, JSON.stringify(fields), savedAt)
    return { kind, fields, savedAt }
  }

  discardDraft(kind: TicketKind): void {
    this.db().prepare('DELETE FROM drafts WHERE kind = ?').run(kind)
  }

  /** Each file shows at once (pending) and uploads after what it belongs to, through the outbox. */
  private queueAttachments(
    db: AccountDatabase,
    profile: Profile,
    owner: { ticketId: string; commentId: string | null },
    uploads: AttachmentUpload[],
    createdAt: string,
  ): void {
    const attachments = new AttachmentStore(db)
    const outbox = new Outbox(db)
    for (const upload of uploads) {
      const attachmentId = randomUUID()
      const content = Buffer.from(upload.contentBase64, 'base64')
      attachments.insertPending(
        {
          id: attachmentId,
          ...owner,
          fileName: upload.fileName,
          contentType: upload.contentType,
          size: content.length,
          uploaderId: profile.user.id,
          uploaderName: profile.user.name,
          createdAt,
        },
        content,
      )
      outbox.enqueue({ id: randomUUID(), type: 'attachment.add', attachmentId, ...owner, ...upload }, createdAt)
    }
  }

  /** The same rules the server applies, checked here first so the form can say so offline. */
  private checkOrganization(profile: Profile, ticket: NewTicket) {
    if (!ticket.organizationId) return null
    const organization = profile.organizations.find(({ id }) => id === ticket.organizationId)
    if (!organization) {
      throw new SupportError({
        code: 'invalid_input',
        message: 'Choose one of your organizations.',
        fields: { organizationId: 'Not one of your organizations' },
      })
    }
    if (ticket.clusterId && !organization.clusters.some(({ id }) => id === ticket.clusterId)) {
      throw new SupportError({
        code: 'invalid_input',
        message: `That cluster does not belong to ${organization.name}.`,
        fields: { clusterId: `Not a cluster of ${organization.name}` },
      })
    }
    if (ticket.kind === 'technical' && !allowsTechnicalTickets(organization.supportPlan)) {
      throw new SupportError({
        code: 'forbidden',
        message: `${organization.name} is on the Basic plan: technical tickets need Developer, Enterprise or Premium. Ask the community on Slack or Discord, or TiDB.AI, or upgrade the plan.`,
      })
    }
    return organization
  }

  private changed(ticketIds: string[]): void {
    this.options.onTicketsChanged(ticketIds)
    this.options.sync.changedLocally()
  }

  private db(): AccountDatabase {
    const db = this.options.session.database()
    if (!db) throw new SupportError({ code: 'unauthorized', message: 'Sign in to see your tickets.' })
    return db
  }

  private profile(): Profile {
    const state = this.options.session.state()
    if (state.status !== 'signed_in') throw new SupportError({ code: 'unauthorized', message: 'Sign in first.' })
    return state.profile
  }
}

/** Closed is final: the server refuses replies and reopening, so the app says so before queueing them. */
function refuseIfClosed(ticket: LocalTicket | null): asserts ticket is LocalTicket {
  if (!ticket) throw notFound()
  if (ticket.status === 'closed') {
    throw new SupportError({
      code: 'ticket_closed',
      message: `${ticket.key ?? 'This ticket'} is closed. File a follow-up ticket instead.`,
    })
  }
}

function notFound(message = 'That ticket is not in this account.'): SupportError {
  return new SupportError({ code: 'not_found', message })
}
