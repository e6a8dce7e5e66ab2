import type { ResponseTargetTable } from '../../../shared/domain/response-targets'
import { SEVERITIES, type Severity } from '../../../shared/domain/support-plan'
import { SupportError } from '../../../shared/schemas/error'
import {
  RESPONSE_STATS_DAYS,
  organizationPlanSchema,
  planCatalogSchema,
  responseTargetTable,
  type Card,
  type OrganizationPlan,
  type PlanCatalog,
  type ResponseTargetStats,
  type SalesContact,
} from '../../../shared/schemas/plan'
import type { AccountDatabase } from '../database/account-database'
import { loadDocument, readThrough, saveDocument } from '../help-center/cached-documents'
import type { SessionService } from '../session/session-service'
import type { SyncEngine } from '../sync/sync-engine'

export interface PlanServiceOptions {
  session: SessionService
  sync: SyncEngine
  now?: () => Date
}

const CATALOG_DOCUMENT = 'plan-catalog'
const DAY_MS = 86_400_000

/**
 * The support plans: the catalog and each organization's plan state are read from the help center and kept
 * for offline viewing; changes go straight to the help center (they need a connection) and the new plan
 * then arrives through the change feed like any other change, so every screen follows it.
 */
export class PlanService {
  private readonly now: () => Date

  constructor(private readonly options: PlanServiceOptions) {
    this.now = options.now ?? (() => new Date())
  }

  async catalog(): Promise<PlanCatalog> {
    const { document: catalog } = await readThrough(this.options.session, this.db(), {
      name: CATALOG_DOCUMENT,
      path: '/plans',
      schema: planCatalogSchema,
      now: this.now(),
    })
    return catalog
  }

  async organizationPlan(organizationId: string): Promise<{ plan: OrganizationPlan; offline: boolean }> {
    const { document: plan, offline } = await readThrough(this.options.session, this.db(), {
      name: organizationDocument(organizationId),
      path: `/organizations/${encodeURIComponent(organizationId)}/plan`,
      schema: organizationPlanSchema,
      now: this.now(),
    })
    return { plan, offline }
  }

  upgrade(organizationId: string, plan: 'developer' | 'enterprise', card: Card): Promise<OrganizationPlan> {
    // The card goes to the help center in this one request and nowhere else: not cached, not queued, not logged.
    return this.change(organizationId, '/plan/upgrade', { plan, card })
  }

  downgrade(organizationId: string, plan: 'basic' | 'developer' | 'enterprise'): Promise<OrganizationPlan> {
    return this.change(organizationId, '/plan/downgrade', { plan })
  }

  contactSales(organizationId: string, contact: SalesContact): Promise<OrganizationPlan> {
    return this.change(organizationId, '/sales-requests', contact)
  }

  /** How the organization's tickets of the last 90 days fared against their first-response targets. */
  responseStats(organizationId: string): ResponseTargetStats {
    const now = this.now()
    const since = new Date(now.getTime() - RESPONSE_STATS_DAYS * DAY_MS).toISOString()
    const rows = this.db()
      .prepare(
        `SELECT severity,
           COALESCE(SUM(first_response_due_at IS NOT NULL AND first_responded_at IS NOT NULL
             AND first_responded_at <= first_response_due_at), 0) AS met,
           COALESCE(SUM(first_response_due_at IS NOT NULL AND (first_responded_at > first_response_due_at
             OR (first_responded_at IS NULL AND first_response_due_at < @now))), 0) AS breached,
           COALESCE(SUM(first_response_due_at IS NOT NULL AND first_responded_at IS NULL
             AND first_response_due_at >= @now), 0) AS pending,
           COALESCE(SUM(first_response_due_at IS NULL), 0) AS noTarget
         FROM tickets WHERE organization_id = @organizationId AND created_at >= @since AND key IS NOT NULL
         GROUP BY severity`,
      )
      .all({ organizationId, since, now: now.toISOString() }) as Array<{
      severity: Severity
      met: number
      breached: number
      pending: number
      noTarget: number
    }>
    const bySeverity = SEVERITIES.map(
      (severity) => rows.find((row) => row.severity === severity) ?? { severity, met: 0, breached: 0, pending: 0, noTarget: 0 },
    )
    return { organizationId, days: RESPONSE_STATS_DAYS, bySeverity }
  }

  private async change(organizationId: string, path: string, body: unknown): Promise<OrganizationPlan> {
    const db = this.db()
    let updated: OrganizationPlan
    try {
      const { client, token } = await this.options.session.accessToken()
      updated = await client.request(`/organizations/${encodeURIComponent(organizationId)}${path}`, {
        method: 'POST',
        body,
        accessToken: token,
        response: organizationPlanSchema,
      })
    } catch (error) {
      if (error instanceof SupportError && error.code === 'unreachable') {
        throw new SupportError({
          code: 'unreachable',
          message: `Plan changes need a connection to the help center. ${error.message}`,
        })
      }
      throw error
    }
    if (this.options.session.database() === db) saveDocument(db, organizationDocument(organizationId), updated, this.now())
    // Pull the organization change now, so the plan has moved everywhere by the time the caller hears back.
    this.options.sync.nudge()
    await this.options.sync.settle()
    return updated
  }

  private db(): AccountDatabase {
    const db = this.options.session.database()
    if (!db) throw new SupportError({ code: 'unauthorized', message: 'Sign in to see support plans.' })
    return db
  }
}

/** The response targets of the catalog last served, for countdowns computed offline; null before the first fetch. */
export function cachedResponseTargets(db: AccountDatabase): ResponseTargetTable | null {
  const catalog = loadDocument(db, CATALOG_DOCUMENT, planCatalogSchema)
  return catalog && responseTargetTable(catalog)
}

function organizationDocument(organizationId: string): string {
  return `organization-plan:${organizationId}`
}
