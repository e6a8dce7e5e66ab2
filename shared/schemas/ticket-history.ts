import { z } from 'zod'
import { USER_ROLES } from '../domain/roles'
import { idSchema, isoTimeSchema } from './account'

/** Fields whose changes a ticket's history records; triage adds to this list. */
export const TICKET_HISTORY_FIELDS = ['status', 'severity', 'assignee', 'priority', 'labels'] as const
export type TicketHistoryField = (typeof TICKET_HISTORY_FIELDS)[number]

/** One change of one field, with who made it: the Ticket screen's history. */
export const ticketHistoryEntrySchema = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  field: z.enum(TICKET_HISTORY_FIELDS),
  /** Null when the ticket was filed (there was no earlier value). Assignees are shown by name, labels comma-separated. */
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** Required for severity changes by support, optional otherwise. */
  reason: z.string().max(2_000).nullable(),
  actorId: idSchema,
  actorName: z.string(),
  actorRole: z.enum(USER_ROLES),
  at: isoTimeSchema,
})
export type TicketHistoryEntry = z.infer<typeof ticketHistoryEntrySchema>
