import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { uploadBodyLimit } from '../attachments'
import { authenticate } from '../authenticate'
import type { HelpCenterContext } from '../context'
import {
  commentsOf,
  replyAsStaff,
  requireStaff,
  searchTickets,
  setStatusAsStaff,
  ticketAsSeenBy,
  visibleTicket,
  type TicketRecord,
} from '../tickets'
import type { User } from '../../shared/schemas/account'
import { ATTACHMENTS_PER_MESSAGE_MAX } from '../../shared/schemas/attachment'
import { SupportError, parseOrThrow } from '../../shared/schemas/error'
import {
  clientIdSchema,
  commentSchema,
  staffReplySchema,
  staffStatusSchema,
  ticketSchema,
  ticketSearchPageSchema,
  ticketSearchQuerySchema,
} from '../../shared/schemas/ticket'

const commentListSchema = z.object({ comments: z.array(commentSchema) })

interface TicketParams {
  Params: { ticketId: string }
}

export function registerTicketRoutes(app: FastifyInstance, ctx: HelpCenterContext): void {
  /** 404 for hidden and missing alike, as for organizations. */
  function ticketFor(request: FastifyRequest<TicketParams>): { user: User; ticket: TicketRecord } {
    const user = authenticate(ctx, request)
    const { ticketId } = request.params
    const ticket = clientIdSchema.safeParse(ticketId).success ? visibleTicket(ctx.db, user, ticketId) : undefined
    if (!ticket) throw new SupportError({ code: 'not_found', message: 'No such ticket' })
    return { user, ticket }
  }

  /** Search for clients without a cache of their own, scoped like the change feed. */
  app.get('/api/v1/tickets', async (request) => {
    const user = authenticate(ctx, request)
    const query = parseOrThrow(ticketSearchQuerySchema, request.query, 'search')
    const page = searchTickets(ctx.db, user, query)
    return ticketSearchPageSchema.parse({ ...page, tickets: page.tickets.map((ticket) => ticketAsSeenBy(user, ticket)) })
  })

  app.get<TicketParams>('/api/v1/tickets/:ticketId', async (request) => {
    const { user, ticket } = ticketFor(request)
    return ticketSchema.parse(ticketAsSeenBy(user, ticket))
  })

  app.get<TicketParams>('/api/v1/tickets/:ticketId/comments', async (request) => {
    const { user, ticket } = ticketFor(request)
    return commentListSchema.parse({ comments: commentsOf(ctx.db, user, ticket.id) })
  })

  // Staff endpoints check the role before the body, so a customer hears 403 whatever they send.
  app.post<TicketParams>(
    '/api/v1/tickets/:ticketId/replies',
    { bodyLimit: uploadBodyLimit(ATTACHMENTS_PER_MESSAGE_MAX) },
    async (request, reply) => {
      const user = authenticate(ctx, request)
      requireStaff(user)
      const body = parseOrThrow(staffReplySchema, request.body, 'reply')
      const comment = replyAsStaff(ctx, user, request.params.ticketId, body)
      return reply.status(201).send(commentSchema.parse(comment))
    },
  )

  app.post<TicketParams>('/api/v1/tickets/:ticketId/status', async (request) => {
    const user = authenticate(ctx, request)
    requireStaff(user)
    const { status } = parseOrThrow(staffStatusSchema, request.body, 'status change')
    return ticketSchema.parse(setStatusAsStaff(ctx, user, request.params.ticketId, status))
  })
}
