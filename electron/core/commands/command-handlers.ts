import type { CommandHandlers } from '../../../shared/ipc/contract'
import type { PlanService } from '../plans/plan-service'
import type { PreferencesService } from '../preferences/preferences-service'
import type { TriageService } from '../triage/triage-service'
import type { SessionService } from '../session/session-service'
import type { SyncEngine } from '../sync/sync-engine'
import type { TicketService } from '../tickets/ticket-service'

export interface CoreServices {
  session: SessionService
  tickets: TicketService
  sync: SyncEngine
  plans: PlanService
  preferences: PreferencesService
  triage: TriageService
}

/** Every command bound to its service; `satisfies` makes a forgotten command a compile error. */
export function createCommandHandlers({ session, tickets, sync, plans, preferences, triage }: CoreServices): CommandHandlers {
  return {
    'session.get': async () => session.state(),
    'session.signIn': (input) => session.signIn(input),
    'session.useDemo': () => session.useDemo(),
    'session.refresh': () => session.refresh(),
    'session.signOut': () => session.signOut(),
    'tickets.list': async (query) => tickets.list(query),
    'tickets.get': async ({ ticketId }) => tickets.conversation(ticketId),
    'tickets.create': async ({ ticket, attachments }) => tickets.create(ticket, attachments),
    'tickets.comment': async ({ ticketId, body, attachments }) => tickets.comment(ticketId, body, attachments),
    'tickets.setStatus': async ({ ticketId, status }) => tickets.setStatus(ticketId, status),
    'tickets.markRead': async ({ ticketId }) => tickets.markRead(ticketId),
    'tickets.similar': async ({ text }) => ({ tickets: tickets.similar(text) }),
    'attachments.content': ({ attachmentId }) => tickets.attachmentContent(attachmentId),
    'drafts.get': async ({ kind }) => tickets.draft(kind),
    'drafts.save': async ({ kind, fields }) => tickets.saveDraft(kind, fields),
    'drafts.discard': async ({ kind }) => {
      tickets.discardDraft(kind)
      return {}
    },
    'outbox.retry': async ({ entityId }) => tickets.retry(entityId),
    'outbox.discard': async ({ entityId }) => tickets.discard(entityId),
    'sync.status': async () => sync.current(),
    'sync.now': async () => {
      sync.nudge()
      return sync.settle()
    },
    'plans.catalog': () => plans.catalog(),
    'plans.organization': ({ organizationId }) => plans.organizationPlan(organizationId),
    'plans.upgrade': ({ organizationId, plan, card }) => plans.upgrade(organizationId, plan, card),
    'plans.downgrade': ({ organizationId, plan }) => plans.downgrade(organizationId, plan),
    'plans.contactSales': ({ organizationId, ...contact }) => plans.contactSales(organizationId, contact),
    'plans.responseStats': async ({ organizationId }) => plans.responseStats(organizationId),
    'preferences.get': async () => preferences.get(),
    'preferences.update': async (patch) => preferences.update(patch),
    'notifications.pause': async ({ pause }) => preferences.pause(pause),
    'triage.list': async ({ filters, limit }) => triage.list(filters, limit),
    'triage.apply': async ({ ticketIds, action }) => triage.apply(ticketIds, action),
    'triage.undo': async ({ batchId }) => triage.undo(batchId),
    'triage.reapply': async ({ mutationId }) => triage.reapply(mutationId),
    'triage.dismiss': async ({ mutationId }) => {
      triage.dismiss(mutationId)
      return {}
    },
    'triage.views': async () => ({ views: triage.views() }),
    'triage.saveView': async (view) => triage.saveView(view),
    'triage.deleteView': async ({ id }) => {
      triage.deleteView(id)
      return {}
    },
    'triage.staff': () => triage.staff(),
    'triage.summary': async ({ organizationId }) => triage.summary(organizationId),
  } satisfies CommandHandlers
}
