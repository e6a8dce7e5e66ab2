import { z } from 'zod'
import { SEVERITIES } from '../domain/support-plan'
import { PRIORITIES, TICKET_STATUSES } from '../domain/ticket'
import { USER_ROLES } from '../domain/roles'
import { idSchema, isoTimeSchema } from './account'
import { COMMENT_BODY_MAX, TICKET_LABELS_MAX, labelSchema } from './ticket'
import { localTicketSchema } from './local-ticket'

/** One triage action, applied to one ticket or to a selection. */
export const triageActionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('setSeverity'),
    severity: z.enum(SEVERITIES),
    reason: z.string().trim().min(1, { error: 'Say why the severity changes' }).max(2_000),
  }),
  z.object({ kind: z.literal('setPriority'), priority: z.enum(PRIORITIES).nullable() }),
  z.object({ kind: z.literal('assign'), assigneeId: idSchema.nullable() }),
  z.object({ kind: z.literal('setStatus'), status: z.enum(TICKET_STATUSES) }),
  z
    .object({ kind: z.literal('labels'), add: z.array(labelSchema).max(TICKET_LABELS_MAX), remove: z.array(labelSchema).max(TICKET_LABELS_MAX) })
    .refine((action) => action.add.length + action.remove.length > 0, { error: 'Add or remove at least one label' }),
  z.object({ kind: z.literal('note'), body: z.string().trim().min(1, { error: 'Write the note' }).max(COMMENT_BODY_MAX) }),
  z.object({ kind: z.literal('reply'), body: z.string().trim().min(1, { error: 'Write a reply' }).max(COMMENT_BODY_MAX) }),
])
export type TriageAction = z.infer<typeof triageActionSchema>

/** Bulk actions are assign, label and status; the rest work on one ticket at a time. */
export const BULK_ACTION_KINDS = ['assign', 'labels', 'setStatus'] as const

export const triageApplyInputSchema = z
  .object({ ticketIds: z.array(z.uuid()).min(1, { error: 'Select at least one ticket' }).max(500), action: triageActionSchema })
  .refine(
    (input) => input.ticketIds.length === 1 || (BULK_ACTION_KINDS as readonly string[]).includes(input.action.kind),
    { error: 'Only assign, label and status changes apply to several tickets at once', path: ['action', 'kind'] },
  )

export const triageApplyResultSchema = z.object({
  /** Undo takes this back as a whole. */
  batchId: z.uuid(),
  applied: z.number().int().nonnegative(),
})

/** A triage change the help center did not apply because someone changed the same field meanwhile. */
export const notAppliedChangeSchema = z.object({
  mutationId: z.uuid(),
  ticketId: z.uuid(),
  field: z.enum(['severity', 'priority', 'assignee', 'status']),
  /** What the user set, and what the help center holds, both as display text. */
  yourValue: z.string().nullable(),
  serverValue: z.string().nullable(),
  message: z.string(),
})
export type NotAppliedChange = z.infer<typeof notAppliedChangeSchema>

export const triageViewFiltersSchema = z.object({
  severities: z.array(z.enum(SEVERITIES)).max(SEVERITIES.length).optional(),
  statuses: z.array(z.enum(TICKET_STATUSES)).max(TICKET_STATUSES.length).optional(),
  organizationId: idSchema.optional(),
  /** "Waiting for support for more than a day": hours since the customer's last activity. */
  waitingForSupportHours: z.number().int().min(1).max(24 * 365).optional(),
  assignee: z.union([z.literal('me'), z.literal('unassigned'), idSchema]).optional(),
  label: labelSchema.optional(),
  search: z.string().max(500).optional(),
})
export type TriageViewFilters = z.infer<typeof triageViewFiltersSchema>

export const triageViewSchema = z.object({
  id: z.uuid(),
  name: z.string().trim().min(1, { error: 'Name the view' }).max(80),
  filters: triageViewFiltersSchema,
  /** Offered on first use; the user may delete them like their own. */
  builtIn: z.boolean(),
})
export type TriageView = z.infer<typeof triageViewSchema>

export const saveTriageViewInputSchema = z.object({
  id: z.uuid().optional(),
  name: triageViewSchema.shape.name,
  filters: triageViewFiltersSchema,
})

export const triageRowSchema = localTicketSchema.extend({
  /** Organization name, for the queue's column. */
  organizationName: z.string().nullable(),
  notApplied: z.array(notAppliedChangeSchema),
  /** Changes of this ticket still waiting to sync. */
  pendingChanges: z.number().int().nonnegative(),
})
export type TriageRow = z.infer<typeof triageRowSchema>

export const triageListInputSchema = z.object({
  filters: triageViewFiltersSchema.default({}),
  limit: z.number().int().min(1).max(1000).default(500),
})

export const triageListSchema = z.object({
  /** Breached first, then least time left, then the rest by last customer activity. */
  tickets: z.array(triageRowSchema),
  total: z.number().int().nonnegative(),
})

export const staffMemberSchema = z.object({ id: idSchema, name: z.string(), role: z.enum(USER_ROLES) })
export type StaffMember = z.infer<typeof staffMemberSchema>
/** `GET /api/v1/staff`: who tickets can be assigned to (engineers, TAMs, admins). Support roles only. */
export const staffListSchema = z.object({ staff: z.array(staffMemberSchema) })

/** A TAM's look at one organization, from the local cache. */
export const organizationTriageSummarySchema = z.object({
  organizationId: idSchema,
  openBySeverity: z.array(z.object({ severity: z.enum(SEVERITIES), open: z.number().int().nonnegative() })),
  breaching: z.number().int().nonnegative(),
  /** First-response times of tickets filed in the last 30 days, per day filed. */
  responseTimes: z.array(
    z.object({
      date: z.iso.date(),
      tickets: z.number().int().nonnegative(),
      medianMinutes: z.number().nonnegative().nullable(),
    }),
  ),
  generatedAt: isoTimeSchema,
})
export type OrganizationTriageSummary = z.infer<typeof organizationTriageSummarySchema>
