import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { getAs, postAs } from './help-center'
import type { Attachment } from '../../../shared/schemas/attachment'
import {
  changePageSchema,
  mutationResultsSchema,
  type Change,
  type Mutation,
  type MutationResult,
  type NewTicket,
} from '../../../shared/schemas/ticket'
import type { TicketHistoryEntry } from '../../../shared/schemas/ticket-history'

export const WRITE_STALL: Extract<NewTicket, { kind: 'technical' }> = {
  kind: 'technical',
  summary: 'Write stall on payments-prod',
  organizationId: 'org-sakura',
  clusterId: 'cl-payments-prod',
  environment: 'production',
  severity: 'S2',
  component: 'tikv',
  affectedVersion: 'v8.5.1',
  description: '[WARN] [raftstore] ["Write stall: too many pending compaction bytes"] since 01:10 JST',
}

export const INVOICE_QUESTION: Extract<NewTicket, { kind: 'account_billing' }> = {
  kind: 'account_billing',
  summary: 'Duplicate line on the invoice',
  organizationId: 'org-pebble',
  severity: 'S3',
  description: 'The invoice lists pebble-prototype twice.',
}

export function fileTicket(ticket: NewTicket, timeZone = 'Asia/Tokyo'): Extract<Mutation, { type: 'ticket.create' }> {
  return { id: randomUUID(), type: 'ticket.create', ticketId: randomUUID(), timeZone, ticket }
}

export function addComment(ticketId: string, body: string): Extract<Mutation, { type: 'comment.add' }> {
  return { id: randomUUID(), type: 'comment.add', commentId: randomUUID(), ticketId, body }
}

export function addAttachment(
  ticketId: string,
  file: { fileName: string; contentType: string; content: Buffer },
  commentId: string | null = null,
): Extract<Mutation, { type: 'attachment.add' }> {
  return {
    id: randomUUID(),
    type: 'attachment.add',
    attachmentId: randomUUID(),
    ticketId,
    commentId,
    fileName: file.fileName,
    contentType: file.contentType,
    contentBase64: file.content.toString('base64'),
  }
}

export function setStatus(ticketId: string, status: 'resolved' | 'open'): Mutation {
  return { id: randomUUID(), type: 'ticket.setStatus', ticketId, status }
}

/** Sends one batch and expects it accepted as a whole (each mutation may still be rejected on its own). */
export async function mutate(
  app: FastifyInstance,
  accessToken: string,
  mutations: Mutation[],
): Promise<MutationResult[]> {
  const response = await postAs(app, accessToken, '/api/v1/mutations', { mutations })
  if (response.statusCode !== 200) throw new Error(`mutations failed: ${response.statusCode} ${response.body}`)
  return mutationResultsSchema.parse(response.json()).results
}

export async function changePage(app: FastifyInstance, accessToken: string, after = 0, limit = 1000) {
  const response = await getAs(app, accessToken, `/api/v1/changes?after=${after}&limit=${limit}`)
  if (response.statusCode !== 200) throw new Error(`changes failed: ${response.statusCode} ${response.body}`)
  return changePageSchema.parse(response.json())
}

export async function allChanges(app: FastifyInstance, accessToken: string): Promise<Change[]> {
  return (await changePage(app, accessToken)).changes
}

export function ticketIdsIn(changes: Change[]): Set<string> {
  return new Set(changes.flatMap((change) => (change.entity === 'ticket' ? [change.ticket.id] : [])))
}

export function attachmentsIn(changes: Change[]): Attachment[] {
  return changes.flatMap((change) => (change.entity === 'attachment' ? [change.attachment] : []))
}

export function historyIn(changes: Change[]): TicketHistoryEntry[] {
  return changes.flatMap((change) => (change.entity === 'history' ? [change.history] : []))
}

export function commentIdsIn(changes: Change[]): Set<string> {
  return new Set(changes.flatMap((change) => (change.entity === 'comment' ? [change.comment.id] : [])))
}
