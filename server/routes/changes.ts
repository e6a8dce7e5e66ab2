import type { FastifyInstance } from 'fastify'
import { findAttachment, uploadBodyLimit } from '../attachments'
import { authenticate } from '../authenticate'
import { changesAfter, latestVisibleSeq, type ChangeRow } from '../change-log'
import type { HelpCenterContext } from '../context'
import type { HelpCenterDatabase } from '../database'
import { applyMutations } from '../mutations'
import { visibleOrganization } from '../organizations'
import { findHistoryEntries } from '../ticket-history'
import { findComments, findTickets, ticketAsSeenBy } from '../tickets'
import type { User } from '../../shared/schemas/account'
import { parseOrThrow } from '../../shared/schemas/error'
import {
  changePageSchema,
  changesQuerySchema,
  mutationBatchSchema,
  mutationResultsSchema,
  type Change,
  type Ticket,
} from '../../shared/schemas/ticket'

export interface ChangeRouteOptions {
  /** Called after a customer's new ticket is committed (the demo's auto-reply listens). */
  onTicketFiled?: (ticket: Ticket) => void
}

/**
 * The entities as they now stand, loaded a kind at a time: a client upserts them, so an older change carrying
 * newer state is harmless.
 */
function toChanges(db: HelpCenterDatabase, user: User, rows: ChangeRow[]): Change[] {
  const idsOf = (entity: ChangeRow['entity']) => rows.filter((row) => row.entity === entity).map((row) => row.entity_id)
  const tickets = findTickets(db, idsOf('ticket'))
  const comments = findComments(db, idsOf('comment'))
  const history = findHistoryEntries(db, idsOf('history'))
  return rows.map((row): Change => {
    switch (row.entity) {
      case 'ticket':
        return { seq: row.seq, entity: 'ticket', ticket: ticketAsSeenBy(user, tickets.get(row.entity_id)!) }
      case 'comment':
        return { seq: row.seq, entity: 'comment', comment: comments.get(row.entity_id)! }
      case 'history':
        return { seq: row.seq, entity: 'history', history: history.get(row.entity_id)! }
      case 'organization':
        // As this caller sees it: their role in it is part of the record.
        return { seq: row.seq, entity: 'organization', organization: visibleOrganization(db, user, row.entity_id)! }
      case 'attachment':
        // Metadata only: the bytes are fetched on demand from /attachments/:id.
        return { seq: row.seq, entity: 'attachment', attachment: findAttachment(db, row.entity_id)! }
    }
  })
}

/** The sync protocol: pull the change feed, push the customer's offline-made mutations. */
export function registerChangeRoutes(
  app: FastifyInstance,
  ctx: HelpCenterContext,
  options: ChangeRouteOptions = {},
): void {
  app.get('/api/v1/changes', async (request) => {
    const user = authenticate(ctx, request)
    const { after, limit } = parseOrThrow(changesQuerySchema, request.query, 'changes query')
    // One read transaction, so that the page and `latest` come from the same snapshot.
    const page = ctx.db.transaction(() => {
      const rows = changesAfter(ctx.db, user, after, limit + 1)
      const changes = toChanges(ctx.db, user, rows.slice(0, limit))
      return {
        changes,
        cursor: changes.at(-1)?.seq ?? after,
        hasMore: rows.length > limit,
        latest: latestVisibleSeq(ctx.db, user),
      }
    })()
    return changePageSchema.parse(page)
  })

  app.post('/api/v1/mutations', { bodyLimit: uploadBodyLimit(1) }, async (request) => {
    const user = authenticate(ctx, request)
    const { mutations } = parseOrThrow(mutationBatchSchema, request.body, 'changes')
    const { results, filed } = applyMutations(ctx, user, mutations)
    for (const ticket of filed) options.onTicketFiled?.(ticket)
    return mutationResultsSchema.parse({ results })
  })
}
