import { z } from 'zod'
import type { SupportErrorBody } from '../schemas/error'
import {
  addCommentInputSchema,
  createTicketInputSchema,
  localCommentSchema,
  localTicketSchema,
  attachmentIdInputSchema,
  failedChangeInputSchema,
  saveDraftInputSchema,
  setTicketStatusInputSchema,
  similarTicketsInputSchema,
  syncStatusSchema,
  ticketConversationSchema,
  ticketDraftSchema,
  ticketIdInputSchema,
  ticketListPageSchema,
  ticketListQuerySchema,
} from '../schemas/local-ticket'
import { sessionStateSchema, signInInputSchema } from '../schemas/session'
import { attachmentWithContentSchema } from '../schemas/attachment'
import {
  organizationPlanSchema,
  planCatalogSchema,
  planDowngradeSchema,
  planUpgradeSchema,
  salesContactSchema,
  responseTargetStatsSchema,
} from '../schemas/plan'
import { idSchema } from '../schemas/account'
import {
  organizationTriageSummarySchema,
  saveTriageViewInputSchema,
  staffListSchema,
  triageApplyInputSchema,
  triageApplyResultSchema,
  triageListInputSchema,
  triageListSchema,
  triageViewSchema,
} from '../schemas/triage'
import {
  appNoticeSchema,
  navigationSchema,
  pauseNotificationsInputSchema,
  preferencesPatchSchema,
  preferencesSchema,
} from '../schemas/preferences'
import { TICKET_KINDS } from '../domain/ticket'

const noInput = z.object({}).strict()
const organizationInput = z.object({ organizationId: idSchema })

interface CommandSpec {
  input: z.ZodType
  output: z.ZodType
}

/**
 * Every command the renderer may send to the main process. The preload's `window.support`, the
 * renderer's client and the main process's handler table are all derived from this one map.
 */
export const commands = {
  'session.get': { input: noInput, output: sessionStateSchema },
  'session.signIn': { input: signInInputSchema, output: sessionStateSchema },
  'session.useDemo': { input: noInput, output: sessionStateSchema },
  'session.refresh': { input: noInput, output: sessionStateSchema },
  'session.signOut': { input: noInput, output: sessionStateSchema },
  'tickets.list': { input: ticketListQuerySchema, output: ticketListPageSchema },
  'tickets.get': { input: ticketIdInputSchema, output: ticketConversationSchema },
  'tickets.create': { input: createTicketInputSchema, output: localTicketSchema },
  'tickets.comment': { input: addCommentInputSchema, output: localCommentSchema },
  'tickets.setStatus': { input: setTicketStatusInputSchema, output: localTicketSchema },
  'tickets.markRead': { input: ticketIdInputSchema, output: z.object({ unreadTotal: z.number().int() }) },
  'tickets.similar': { input: similarTicketsInputSchema, output: z.object({ tickets: z.array(localTicketSchema) }) },
  'attachments.content': { input: attachmentIdInputSchema, output: attachmentWithContentSchema },
  'drafts.get': { input: z.object({ kind: z.enum(TICKET_KINDS) }), output: ticketDraftSchema.nullable() },
  'drafts.save': { input: saveDraftInputSchema, output: ticketDraftSchema },
  'drafts.discard': { input: z.object({ kind: z.enum(TICKET_KINDS) }), output: z.object({}) },
  'outbox.retry': { input: failedChangeInputSchema, output: syncStatusSchema },
  'outbox.discard': { input: failedChangeInputSchema, output: syncStatusSchema },
  'sync.status': { input: noInput, output: syncStatusSchema },
  'sync.now': { input: noInput, output: syncStatusSchema },
  /** The plan catalog as last served; offline it comes from the cache. */
  'plans.catalog': { input: noInput, output: planCatalogSchema },
  /** Plan state needs a connection; offline the last copy is returned with `offline: true`. */
  'plans.organization': {
    input: organizationInput,
    output: z.object({ plan: organizationPlanSchema, offline: z.boolean() }),
  },
  'plans.upgrade': { input: organizationInput.extend(planUpgradeSchema.shape), output: organizationPlanSchema },
  'plans.downgrade': { input: organizationInput.extend(planDowngradeSchema.shape), output: organizationPlanSchema },
  'plans.contactSales': { input: organizationInput.extend(salesContactSchema.shape), output: organizationPlanSchema },
  /** Met and breached first-response targets per severity over the last 90 days, from the local cache. */
  'plans.responseStats': { input: organizationInput, output: responseTargetStatsSchema },
  'preferences.get': { input: noInput, output: preferencesSchema },
  'preferences.update': { input: preferencesPatchSchema, output: preferencesSchema },
  /** The tray's "pause for 1 hour" / "until tomorrow", and resuming. */
  'notifications.pause': { input: pauseNotificationsInputSchema, output: preferencesSchema },
  /** TAMs and staff: the open-ticket queue across their organizations, from the local cache. */
  'triage.list': { input: triageListInputSchema, output: triageListSchema },
  /** Queued through the outbox like every change; works offline. */
  'triage.apply': { input: triageApplyInputSchema, output: triageApplyResultSchema },
  /** Takes a whole batch back: drops what has not synced, queues the inverse of what has. */
  'triage.undo': { input: z.object({ batchId: z.uuid() }), output: triageApplyResultSchema },
  /** Applies a "not applied" change again, over the help center's newer value. */
  'triage.reapply': { input: z.object({ mutationId: z.uuid() }), output: triageApplyResultSchema },
  'triage.dismiss': { input: z.object({ mutationId: z.uuid() }), output: z.object({}) },
  'triage.views': { input: noInput, output: z.object({ views: z.array(triageViewSchema) }) },
  'triage.saveView': { input: saveTriageViewInputSchema, output: triageViewSchema },
  'triage.deleteView': { input: z.object({ id: z.uuid() }), output: z.object({}) },
  /** Engineers and TAMs to assign to; the last list is kept for offline use. */
  'triage.staff': { input: noInput, output: staffListSchema },
  'triage.summary': { input: organizationInput, output: organizationTriageSummarySchema },
} as const satisfies Record<string, CommandSpec>

/** Everything the main process tells the renderer without being asked. */
export const events = {
  'session.changed': sessionStateSchema,
  'sync.status': syncStatusSchema,
  /** Tickets whose local view changed (pulled, created, commented); screens reload what they show. */
  'tickets.changed': z.object({ ticketIds: z.array(z.string()) }),
  /** Go somewhere: a notification was clicked, a tray item chosen, or a deep link opened. */
  'app.navigate': navigationSchema,
  /** Something the user should read that belongs to no screen (a malformed deep link, say). */
  'app.notice': appNoticeSchema,
  'preferences.changed': preferencesSchema,
} as const satisfies Record<string, z.ZodType>

export type CommandName = keyof typeof commands
export type CommandInput<K extends CommandName> = z.input<(typeof commands)[K]['input']>
export type CommandOutput<K extends CommandName> = z.output<(typeof commands)[K]['output']>
export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

/** The main process must handle every command: a missing key is a compile error. */
export type CommandHandlers = {
  [K in CommandName]: (input: z.output<(typeof commands)[K]['input']>) => Promise<CommandOutput<K>>
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: SupportErrorBody }

/** The shape of `window.support`, exposed by the preload (or the browser bridge in tests). */
export interface SupportBridge {
  invoke<K extends CommandName>(command: K, input: CommandInput<K>): Promise<IpcResult<CommandOutput<K>>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

export const COMMAND_NAMES = Object.keys(commands) as CommandName[]
export const EVENT_NAMES = Object.keys(events) as EventName[]

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.hasOwn(commands, value)
}

export const ipcChannel = {
  command: (name: CommandName) => `support:command:${name}`,
  event: 'support:event',
} as const
