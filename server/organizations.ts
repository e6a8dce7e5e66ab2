import type { HelpCenterDatabase } from './database'
import type { Cluster, Organization, User } from '../shared/schemas/account'
import type { OrganizationRole } from '../shared/domain/roles'
import type { SupportPlanId } from '../shared/domain/support-plan'

/**
 * Engineers and admins may open any organization, but the shared role list has no staff entry; they get the
 * least privileged one (members cannot change the plan). Staff-only powers must check the user's role.
 */
const STAFF_ORGANIZATION_ROLE: OrganizationRole = 'member'

interface OrganizationRow {
  id: string
  name: string
  support_plan: SupportPlanId
  support_plan_since: string
  role: OrganizationRole
}

interface ClusterRow {
  id: string
  organization_id: string
  name: string
  tier: Cluster['tier']
  cloud_provider: Cluster['cloudProvider']
  region: string
  tidb_version: string
}

export function clustersOf(db: HelpCenterDatabase, organizationId: string): Cluster[] {
  const rows = db
    .prepare('SELECT * FROM clusters WHERE organization_id = ? ORDER BY name')
    .all(organizationId) as ClusterRow[]
  return rows.map((row) => ({
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    tier: row.tier,
    cloudProvider: row.cloud_provider,
    region: row.region,
    tidbVersion: row.tidb_version,
  }))
}

function toOrganization(db: HelpCenterDatabase, row: OrganizationRow): Organization {
  return {
    id: row.id,
    name: row.name,
    supportPlan: row.support_plan,
    supportPlanSince: row.support_plan_since,
    role: row.role,
    clusters: clustersOf(db, row.id),
  }
}

/** How a customer or a TAM reaches organizations; undefined for staff (engineers, admins), who reach them all. */
function reachableOrganizationsSql(user: User): string | undefined {
  switch (user.role) {
    case 'customer':
      return `SELECT o.*, m.org_role AS role FROM memberships m JOIN organizations o ON o.id = m.organization_id
              WHERE m.user_id = @userId`
    case 'tam':
      return `SELECT o.*, 'tam' AS role FROM tam_assignments a JOIN organizations o ON o.id = a.organization_id
              WHERE a.user_id = @userId`
    case 'engineer':
    case 'admin':
      return undefined
  }
}

/** The organizations of a profile: staff get none, since they are not members of any. */
export function organizationsOf(db: HelpCenterDatabase, user: User): Organization[] {
  const sql = reachableOrganizationsSql(user)
  if (sql === undefined) return []
  const rows = db.prepare(`${sql} ORDER BY o.name`).all({ userId: user.id }) as OrganizationRow[]
  return rows.map((row) => toOrganization(db, row))
}

/** The organization if this user may see it; undefined both when it is hidden and when it does not exist. */
export function visibleOrganization(
  db: HelpCenterDatabase,
  user: User,
  organizationId: string,
): Organization | undefined {
  const sql = reachableOrganizationsSql(user)
  const row = (
    sql === undefined
      ? db
          .prepare('SELECT o.*, @role AS role FROM organizations o WHERE o.id = @organizationId')
          .get({ role: STAFF_ORGANIZATION_ROLE, organizationId })
      : db.prepare(`${sql} AND o.id = @organizationId`).get({ userId: user.id, organizationId })
  ) as OrganizationRow | undefined
  return row && toOrganization(db, row)
}

/** The plan an organization is on now; a ticket without an organization gets Basic's (no targets). */
export function supportPlanOf(db: HelpCenterDatabase, organizationId: string | null): SupportPlanId {
  if (organizationId === null) return 'basic'
  const row = db.prepare('SELECT support_plan FROM organizations WHERE id = ?').get(organizationId) as
    | { support_plan: SupportPlanId }
    | undefined
  return row?.support_plan ?? 'basic'
}
