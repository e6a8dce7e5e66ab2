import type { z } from 'zod'
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
    const { document: catalog } = await this.readThrough(CATALOG_DOCUMENT, '/plans', planCatalogSchema)
    return catalog
  }

  async organizationPlan(organizationId: string): Promise<{ plan: OrganizationPlan; offline: boolean }> {
    const { document: plan, offline } = await this.readThrough(
      organizationDocument(organizationId),
      `/organizations/${encodeURIComponent(organizationId)}/plan`,
      organizationPlanSchema,
    )
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

  /** Online: fetch and keep a copy. Offline: the kept copy, said to be one. */
  private async readThrough<S extends z.ZodType>(
    name: string,
    path: string,
    schema: S,
  ): Promise<{ document: z.infer<S>; offline: boolean }> {
    const db = this.db()
    try {
      const { client, token } = await this.options.session.accessToken()
      const fresh = await client.request(path, { accessToken: token, response: schema })
      if (this.options.session.database() === db) saveDocument(db, name, fresh, this.now())
      return { document: fresh, offline: false }
    } catch (error) {
      if (!(error instanceof SupportError) || error.code !== 'unreachable') throw error
      const kept = loadDocument(db, name, schema)
      if (kept === null) throw error
      return { document: kept, offline: true }
    }
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

function saveDocument(db: AccountDatabase, name: string, document: unknown, now: Date): void {
  db.prepare(
    `INSERT INTO cached_documents (name, document, saved_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET document = excluded.document, saved_at = excluded.saved_at`,
  ).run(name, JSON.stringify(document), now.toISOString())
}

/** A copy that no longer parses (an older app wrote it) counts as none. */
function loadDocument<S extends z.ZodType>(db: AccountDatabase, name: string, schema: S): z.infer<S> | null {
  const row = db.prepare('SELECT document FROM cached_documents WHERE name = ?').get(name) as { document: string } | undefined
  if (!row) return null
  const parsed = schema.safeParse(JSON.parse(row.document))
  return parsed.success ? parsed.data : null
}
