import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { appendOrganizationChange } from './change-log'
import type { HelpCenterDatabase } from './database'
import { saveCard } from './payments'
import { slackConnectionOf } from './slack/slack-connection'
import type { ResponseTargetTable } from '../shared/domain/response-targets'
import { supportPlanRank, type SupportPlanId } from '../shared/domain/support-plan'
import { SupportError } from '../shared/schemas/error'
import {
  organizationPlanSchema,
  planCatalogSchema,
  type OrganizationPlan,
  type Plan,
  type PlanCatalog,
  type PlanChange,
  type SalesContact,
  type planDowngradeSchema,
  type planUpgradeSchema,
} from '../shared/schemas/plan'

const DAY_MS = 24 * 3_600_000

/** The catalog as stored (seeded from server/seed/plan-catalog.ts), checked against the shared schema. */
export function planCatalog(db: HelpCenterDatabase): PlanCatalog {
  const planRows = db.prepare('SELECT plan FROM plan_catalog ORDER BY position').all() as { plan: string }[]
  const linkRows = db.prepare('SELECT channel, url FROM channel_links').all() as { channel: string; url: string }[]
  return planCatalogSchema.parse({
    plans: planRows.map((row) => JSON.parse(row.plan) as unknown),
    links: Object.fromEntries(linkRows.map((row) => [row.channel, row.url])),
  })
}

function planIn(catalog: PlanCatalog, id: SupportPlanId): Plan {
  const plan = catalog.plans.find((candidate) => candidate.id === id)
  if (!plan) throw new Error(`The plan catalog has no ${id} plan`)
  return plan
}

export function findPlan(db: HelpCenterDatabase, id: SupportPlanId): Plan {
  return planIn(planCatalog(db), id)
}

/** First-response targets as the catalog states them, for filing tickets and computing their due times. */
export function responseTargetTable(db: HelpCenterDatabase): ResponseTargetTable {
  const catalog = planCatalog(db)
  const targetsOf = (id: SupportPlanId) => planIn(catalog, id).responseTargets
  return {
    basic: targetsOf('basic'),
    developer: targetsOf('developer'),
    enterprise: targetsOf('enterprise'),
    premium: targetsOf('premium'),
  }
}

interface PlanStateRow {
  support_plan: SupportPlanId
  support_plan_since: string
  trial_ends_at: string | null
  trial_used: number
}

function planState(db: HelpCenterDatabase, organizationId: string): PlanStateRow {
  const row = db
    .prepare('SELECT support_plan, support_plan_since, trial_ends_at, trial_used FROM organizations WHERE id = ?')
    .get(organizationId) as PlanStateRow | undefined
  if (!row) throw new SupportError({ code: 'not_found', message: 'No such organization' })
  return row
}

interface PaymentMethodRow {
  brand: string
  last4: string
  exp_month: number
  exp_year: number
}

interface PlanChangeRow {
  id: string
  from_plan: string
  to_plan: string
  kind: string
  actor_name: string
  at: string
}

/** Where the organization stands; `canChangePlan` is the caller's (owners only). */
export function organizationPlan(
  db: HelpCenterDatabase,
  organizationId: string,
  viewer: { canChangePlan: boolean; now: Date },
): OrganizationPlan {
  const state = planState(db, organizationId)
  const card = db
    .prepare('SELECT brand, last4, exp_month, exp_year FROM payment_methods WHERE organization_id = ?')
    .get(organizationId) as PaymentMethodRow | undefined
  const history = db
    .prepare(
      `SELECT c.id, c.from_plan, c.to_plan, c.kind, u.name AS actor_name, c.at
       FROM plan_changes c JOIN users u ON u.id = c.actor_id
       WHERE c.organization_id = ? ORDER BY c.at DESC, c.rowid DESC`,
    )
    .all(organizationId) as PlanChangeRow[]
  const sales = db
    .prepare('SELECT MAX(created_at) AS at FROM sales_requests WHERE organization_id = ? AND handled_at IS NULL')
    .get(organizationId) as { at: string | null }
  // A TAM comes with Premium only; an assignment left over from an earlier Premium period does not count.
  const technicalAccountManager =
    state.support_plan === 'premium'
      ? (db
          .prepare(
            `SELECT u.name, u.email FROM tam_assignments a JOIN users u ON u.id = a.user_id
             WHERE a.organization_id = ? ORDER BY u.name LIMIT 1`,
          )
          .get(organizationId) as { name: string; email: string } | undefined)
      : undefined
  const trialRuns = state.trial_ends_at !== null && new Date(state.trial_ends_at) > viewer.now
  return organizationPlanSchema.parse({
    organizationId,
    plan: state.support_plan,
    since: state.support_plan_since,
    trialEndsAt: trialRuns ? state.trial_ends_at : null,
    paymentMethod: card
      ? { brand: card.brand, last4: card.last4, expMonth: card.exp_month, expYear: card.exp_year }
      : null,
    history: history.map((row) => ({
      id: row.id,
      from: row.from_plan,
      to: row.to_plan,
      kind: row.kind,
      actorName: row.actor_name,
      at: row.at,
    })),
    salesRequestedAt: sales.at,
    technicalAccountManager: technicalAccountManager ?? null,
    canChangePlan: viewer.canChangePlan,
    slack: slackConnectionOf(db, organizationId),
  })
}

/** Who asks for a plan change, for which organization, and when. */
export interface PlanChangeActor {
  organizationId: string
  actorId: string
  now: Date
}

/** Moves the organization to `to` and records it; call inside the transaction. A trial runs only while set. */
function applyPlanChange(
  db: HelpCenterDatabase,
  actor: PlanChangeActor,
  change: { from: SupportPlanId; to: SupportPlanId; kind: PlanChange['kind']; trialEndsAt: Date | null },
): void {
  const at = actor.now.toISOString()
  db.prepare(
    `UPDATE organizations SET support_plan = @to, support_plan_since = @at, trial_ends_at = @trialEndsAt,
       trial_used = MAX(trial_used, @trialStarted)
     WHERE id = @organizationId`,
  ).run({
    to: change.to,
    at,
    trialEndsAt: change.trialEndsAt?.toISOString() ?? null,
    trialStarted: change.trialEndsAt ? 1 : 0,
    organizationId: actor.organizationId,
  })
  db.prepare(
    `INSERT INTO plan_changes (id, organization_id, from_plan, to_plan, kind, actor_id, at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(`pc-${randomUUID()}`, actor.organizationId, change.from, change.to, change.kind, actor.actorId, at)
  appendOrganizationChange(db, actor.organizationId)
}

function wrongDirection(message: string): SupportError {
  return new SupportError({ code: 'invalid_input', message, fields: { plan: message } })
}

function assertUpgrade(db: HelpCenterDatabase, from: SupportPlanId, to: SupportPlanId): void {
  if (supportPlanRank(to) > supportPlanRank(from)) return
  const [fromName, toName] = [findPlan(db, from).name, findPlan(db, to).name]
  throw wrongDirection(
    from === to
      ? `The organization is already on ${toName}`
      : `${toName} is below the current plan, ${fromName}: downgrade instead`,
  )
}

/**
 * Saves the card, then moves up to Developer or Enterprise. The first move to a plan with a trial (Developer)
 * starts the trial instead of a paid period: one history entry, kind `trial_started`. A declined card changes nothing.
 */
export function upgradePlan(
  db: HelpCenterDatabase,
  actor: PlanChangeActor,
  upgrade: z.infer<typeof planUpgradeSchema>,
): void {
  const { support_plan: from } = planState(db, actor.organizationId)
  // Checked before the card goes to the processor, so a refused upgrade never touches it.
  assertUpgrade(db, from, upgrade.plan)
  const card = saveCard(upgrade.card)
  db.transaction(() => {
    const state = planState(db, actor.organizationId)
    if (state.support_plan !== from) {
      throw new SupportError({
        code: 'conflict',
        message: 'The support plan changed while the card was being saved. Check the plan and try again.',
      })
    }
    const { trialDays } = findPlan(db, upgrade.plan)
    const startsTrial = trialDays !== null && state.trial_used === 0
    // One card per organization: a new one replaces the old.
    db.prepare(
      `INSERT OR REPLACE INTO payment_methods
         (organization_id, token, brand, last4, exp_month, exp_year, added_by, added_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      actor.organizationId,
      card.token,
      card.brand,
      card.last4,
      card.expMonth,
      card.expYear,
      actor.actorId,
      actor.now.toISOString(),
    )
    applyPlanChange(db, actor, {
      from,
      to: upgrade.plan,
      kind: startsTrial ? 'trial_started' : 'upgrade',
      trialEndsAt: startsTrial ? new Date(actor.now.getTime() + trialDays * DAY_MS) : null,
    })
  }).immediate()
}

/** Moves down at once; the trial (if any) ends, the card stays on file and open tickets keep their due times. */
export function downgradePlan(
  db: HelpCenterDatabase,
  actor: PlanChangeActor,
  downgrade: z.infer<typeof planDowngradeSchema>,
): void {
  db.transaction(() => {
    const { support_plan: from } = planState(db, actor.organizationId)
    if (supportPlanRank(downgrade.plan) >= supportPlanRank(from)) {
      const [fromName, toName] = [findPlan(db, from).name, findPlan(db, downgrade.plan).name]
      throw wrongDirection(
        from === downgrade.plan
          ? `The organization is already on ${toName}`
          : `${toName} is above the current plan, ${fromName}: upgrade instead`,
      )
    }
    applyPlanChange(db, actor, { from, to: downgrade.plan, kind: 'downgrade', trialEndsAt: null })
  }).immediate()
}

/** Premium is sold, not bought: the request waits for sales, and the plan stays as it is. */
export function requestSalesContact(db: HelpCenterDatabase, actor: PlanChangeActor, contact: SalesContact): void {
  db.prepare(
    `INSERT INTO sales_requests (id, organization_id, requested_by, name, email, company, phone, message, created_at)
     VALUES (@id, @organizationId, @actorId, @name, @email, @company, @phone, @message, @createdAt)`,
  ).run({
    id: `sr-${randomUUID()}`,
    organizationId: actor.organizationId,
    actorId: actor.actorId,
    name: contact.name,
    email: contact.email,
    company: contact.company,
    phone: contact.phone ?? null,
    message: contact.message,
    createdAt: actor.now.toISOString(),
  })
}

/**
 * Sales sets the plan (closing a Premium deal, or correcting one) and so answers the waiting contact requests.
 * A contracted plan has no trial. Returns whether the plan changed.
 */
export function setPlanBySales(db: HelpCenterDatabase, actor: PlanChangeActor, plan: SupportPlanId): boolean {
  return db.transaction(() => {
    const { support_plan: from } = planState(db, actor.organizationId)
    db.prepare('UPDATE sales_requests SET handled_at = ? WHERE organization_id = ? AND handled_at IS NULL').run(
      actor.now.toISOString(),
      actor.organizationId,
    )
    if (from === plan) return false
    applyPlanChange(db, actor, { from, to: plan, kind: 'sales', trialEndsAt: null })
    return true
  }).immediate()
}
