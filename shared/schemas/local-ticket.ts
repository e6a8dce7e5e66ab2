import { z } from 'zod'
import { SEVERITIES } from '../domain/support-plan'
import { TICKET_KINDS } from '../domain/ticket'
import { idSchema, isoTimeSchema } from './account'
import { COMMENT_BODY_MAX, clientIdSchema, commentSchema, newTicketSchema, ticketSchema } from './ticket'
import { attachmentSchema, attachmentUploadsSchema } from './attachment'
import { ticketHistoryEntrySchema } from './ticket-history'

/** Confirmed by the server, waiting in the outbox, or refused by the server and waiting for the user. */
export const SYNC_STATES = ['synced', 'pending', 'failed'] as const
export type SyncState = (typeof SYNC_STATES)[number]

/** A ticket as the app shows it: server state merged with the user's pending changes. */
export const localTicketSchema = ticketSchema.extend({
  /** Null until the server has filed the ticket and given it a key. */
  key: z.string().nullable(),
  syncState: z.enum(SYNC_STATES),
  syncError: z.string().optional(),
  /** An engineer replied since the user last opened the ticket. */
  unread: z.boolean(),
})
export type LocalTicket = z.infer<typeof localTicketSchema>

export const localCommentSchema = commentSchema.extend({
  syncState: z.enum(SYNC_STATES),
  syncError: z.string().optional(),
})
export type LocalComment = z.infer<typeof localCommentSchema>

export const TICKET_SORTS = ['updated', 'created', 'severity'] as const
export const TICKET_STATUS_FILTERS = ['open', 'closed', 'all'] as const

export const ticketListQuerySchema = z.object({
  status: z.enum(TICKET_STATUS_FILTERS).default('all'),
  kind: z.enum(TICKET_KINDS).optional(),
  severity: z.enum(SEVERITIES).optional(),
  organizationId: idSchema.optional(),
  /** Full-text search over summaries, descriptions and comments (the local FTS index). */
  search: z.string().max(500).optional(),
  sort: z.enum(TICKET_SORTS).default('updated'),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(500).default(100),
})
export type TicketListQuery = z.input<typeof ticketListQuerySchema>

export const ticketListPageSchema = z.object({
  tickets: z.array(localTicketSchema),
  total: z.number().int().nonnegative(),
  unreadTotal: z.number().int().nonnegative(),
})
export type TicketListPage = z.infer<typeof ticketListPageSchema>

export const localAttachmentSchema = attachmentSchema.extend({
  syncState: z.enum(SYNC_STATES),
  syncError: z.string().optional(),
  /** The bytes are in the cache, so the file opens offline. */
  cached: z.boolean(),
})
export type LocalAttachment = z.infer<typeof localAttachmentSchema>

export const ticketConversationSchema = z.object({
  ticket: localTicketSchema,
  comments: z.array(localCommentSchema),
  attachments: z.array(localAttachmentSchema),
  /** Status, severity and assignee changes, oldest first. */
  history: z.array(ticketHistoryEntrySchema),
})
export type TicketConversation = z.infer<typeof ticketConversationSchema>

export const createTicketInputSchema = z.object({ ticket: newTicketSchema, attachments: attachmentUploadsSchema.default([]) })
export const addCommentInputSchema = z.object({
  ticketId: clientIdSchema,
  body: z.string().trim().min(1, { error: 'Write a reply' }).max(COMMENT_BODY_MAX),
  attachments: attachmentUploadsSchema.default([]),
})
export const attachmentIdInputSchema = z.object({ attachmentId: clientIdSchema })
export const setTicketStatusInputSchema = z.object({ ticketId: clientIdSchema, status: z.enum(['resolved', 'open']) })
export const ticketIdInputSchema = z.object({ ticketId: clientIdSchema })
export const similarTicketsInputSchema = z.object({ text: z.string().max(2_000) })

/** A form in progress, kept in the account's cache as the user types. */
export const ticketDraftSchema = z.object({
  kind: z.enum(TICKET_KINDS),
  fields: z.record(z.string(), z.string().max(20_000)),
  savedAt: isoTimeSchema,
})
export type TicketDraft = z.infer<typeof ticketDraftSchema>
export const saveDraftInputSchema = z.object({ kind: z.enum(TICKET_KINDS), fields: ticketDraftSchema.shape.fields })

/** Retry or discard a refused change, named by the ticket or comment it created or changed. */
export const failedChangeInputSchema = z.object({ entityId: clientIdSchema })

export const SYNC_PHASES = ['idle', 'syncing', 'offline', 'signed_out'] as const
export const syncStatusSchema = z.object({
  phase: z.enum(SYNC_PHASES),
  /** During a long pull: "Syncing 12,400 of 50,000". */
  pulled: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  lastSyncedAt: isoTimeSchema.nullable(),
  pendingMutations: z.number().int().nonnegative(),
  failedMutations: z.number().int().nonnegative(),
  /** Why the last attempt failed, when it did; cleared on the next success. */
  lastError: z.string().optional(),
  /** When the next attempt is due after a failure (backoff, or the help center's Retry-After). */
  retryAt: isoTimeSchema.optional(),
})
export type SyncStatus = z.infer<typeof syncStatusSchema>
