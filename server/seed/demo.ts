import type { HelpCenterDatabase } from '../database'
import { hashPassword } from '../passwords'
import type { Cluster } from '../../shared/schemas/account'
import type { OrganizationRole, UserRole } from '../../shared/domain/roles'
import type { SupportPlanId } from '../../shared/domain/support-plan'
import type { PaymentMethod, PlanChange } from '../../shared/schemas/plan'

/** Every demo account signs in with this; it is printed by the CLI and shown by the app's demo mode. */
export const DEMO_PASSWORD = 'tidb-demo'

export interface DemoAccount {
  email: string
  password: string
  name: string
}

export type DemoAccountKey = 'customer' | 'member' | 'premiumCustomer' | 'kumoCustomer' | 'tam' | 'engineer' | 'admin'

interface DemoUser extends DemoAccount {
  id: string
  role: UserRole
}

const USERS = {
  customer: { id: 'usr-aiko', email: 'aiko@sakura-fintech.example', name: 'Aiko Sato', role: 'customer' },
  member: { id: 'usr-ben', email: 'ben@northwind.example', name: 'Ben Carter', role: 'customer' },
  premiumCustomer: { id: 'usr-chen', email: 'chen@helix-logistics.example', name: 'Chen Wei', role: 'customer' },
  kumoCustomer: { id: 'usr-haruto', email: 'haruto@kumo-mobility.example', name: 'Haruto Mori', role: 'customer' },
  tam: { id: 'usr-daniel', email: 'tam@support.example', name: 'Daniel Kim', role: 'tam' },
  engineer: { id: 'usr-emi', email: 'engineer@support.example', name: 'Emi Nakamura', role: 'engineer' },
  admin: { id: 'usr-admin', email: 'admin@support.example', name: 'Sam Rivera', role: 'admin' },
} as const satisfies Record<DemoAccountKey, Omit<DemoUser, 'password'>>

/** The user id behind a demo account, for demo data and the demo's engineer auto-reply. */
export function demoUserId(key: DemoAccountKey): string {
  return USERS[key].id
}

export const DEMO_ACCOUNTS: Readonly<Record<DemoAccountKey, DemoAccount>> = Object.fromEntries(
  Object.entries(USERS).map(([key, { email, name }]) => [key, { email, password: DEMO_PASSWORD, name }]),
) as Record<DemoAccountKey, DemoAccount>

const ORGANIZATIONS: { id: string; name: string; plan: SupportPlanId; since: string }[] = [
  { id: 'org-sakura', name: 'Sakura Fintech', plan: 'enterprise', since: '2024-04-01T00:00:00.000Z' },
  { id: 'org-northwind', name: 'Northwind Games', plan: 'developer', since: '2025-02-17T00:00:00.000Z' },
  { id: 'org-helix', name: 'Helix Logistics', plan: 'premium', since: '2023-10-01T00:00:00.000Z' },
  { id: 'org-pebble', name: 'Pebble Labs', plan: 'basic', since: '2025-06-09T00:00:00.000Z' },
  { id: 'org-kumo', name: 'Kumo Mobility', plan: 'premium', since: '2024-11-01T00:00:00.000Z' },
]

const MEMBERSHIPS: { userId: string; organizationId: string; role: Exclude<OrganizationRole, 'tam'> }[] = [
  { userId: USERS.customer.id, organizationId: 'org-sakura', role: 'owner' },
  { userId: USERS.customer.id, organizationId: 'org-pebble', role: 'owner' },
  { userId: USERS.member.id, organizationId: 'org-northwind', role: 'member' },
  { userId: USERS.premiumCustomer.id, organizationId: 'org-helix', role: 'owner' },
  { userId: USERS.kumoCustomer.id, organizationId: 'org-kumo', role: 'owner' },
]

const TAM_ASSIGNMENTS = [
  { userId: USERS.tam.id, organizationId: 'org-helix' },
  // A TAM comes with Premium only (support-domain.md).
  { userId: USERS.tam.id, organizationId: 'org-kumo' },
]

// Production workloads on Dedicated, small or early ones on Serverless. Ids are `cl-<name>`.
const CLUSTERS: Cluster[] = (
  [
    ['org-sakura', 'payments-prod', 'dedicated', 'aws', 'ap-northeast-1', 'v8.5.1'],
    ['org-sakura', 'ledger-analytics', 'dedicated', 'aws', 'ap-northeast-1', 'v8.1.2'],
    ['org-sakura', 'fraud-sandbox', 'serverless', 'aws', 'ap-northeast-1', 'v8.5.1'],
    ['org-northwind', 'leaderboard-prod', 'dedicated', 'gcp', 'us-west1', 'v7.5.6'],
    ['org-northwind', 'matchmaking-dev', 'serverless', 'aws', 'us-west-2', 'v8.5.1'],
    ['org-helix', 'shipments-prod', 'dedicated', 'aws', 'eu-central-1', 'v7.5.6'],
    ['org-helix', 'tracking-events', 'dedicated', 'aws', 'eu-central-1', 'v8.1.2'],
    ['org-helix', 'route-planner-dev', 'serverless', 'aws', 'eu-central-1', 'v8.5.1'],
    ['org-pebble', 'pebble-prototype', 'serverless', 'aws', 'us-east-1', 'v8.5.1'],
    ['org-pebble', 'notes-app', 'serverless', 'aws', 'ap-southeast-1', 'v8.5.1'],
    ['org-kumo', 'ride-dispatch-prod', 'dedicated', 'gcp', 'asia-northeast1', 'v8.5.1'],
    ['org-kumo', 'fleet-telemetry', 'dedicated', 'gcp', 'asia-northeast1', 'v8.1.2'],
  ] as const
).map(([organizationId, name, tier, cloudProvider, region, tidbVersion]) => ({
  id: `cl-${name}`,
  organizationId,
  name,
  tier,
  cloudProvider,
  region,
  tidbVersion,
}))

// Sakura reached Enterprise through the Developer trial; the card on file is the one saved for that last upgrade.
const PLAN_HISTORY: (Omit<PlanChange, 'actorName'> & { organizationId: string; actorId: string })[] = [
  {
    id: 'pc-sakura-trial',
    organizationId: 'org-sakura',
    from: 'basic',
    to: 'developer',
    kind: 'trial_started',
    actorId: USERS.customer.id,
    at: '2024-02-05T01:30:00.000Z',
  },
  {
    id: 'pc-sakura-enterprise',
    organizationId: 'org-sakura',
    from: 'developer',
    to: 'enterprise',
    kind: 'upgrade',
    actorId: USERS.customer.id,
    at: '2024-04-01T00:00:00.000Z',
  },
]

type DemoPaymentMethod = PaymentMethod & { organizationId: string; token: string; addedBy: string; addedAt: string }

const PAYMENT_METHODS: DemoPaymentMethod[] = [
  {
    organizationId: 'org-sakura',
    token: 'pm_demo_sakura',
    brand: 'visa',
    last4: '4242',
    expMonth: 11,
    expYear: 2029,
    addedBy: USERS.customer.id,
    addedAt: '2024-04-01T00:00:00.000Z',
  },
]

const USERS_CREATED_AT = '2025-01-06T09:00:00.000Z'

function isSeeded(db: HelpCenterDatabase): boolean {
  return db.prepare('SELECT 1 FROM organizations WHERE id = ?').get(ORGANIZATIONS[0]!.id) !== undefined
}

/** Loads the demo organizations, clusters and people. Returns false, changing nothing, if they are already there. */
export async function seedDemo(db: HelpCenterDatabase): Promise<boolean> {
  if (isSeeded(db)) return false
  // Hash before the transaction: scrypt is slow and must not hold the write lock.
  const users = Object.values(USERS)
  const hashes = await Promise.all(users.map(() => hashPassword(DEMO_PASSWORD)))
  return db.transaction(() => {
    if (isSeeded(db)) return false // another caller seeded while we were hashing
    const insertUser = db.prepare(
      'INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    users.forEach(({ id, email, name, role }, index) => {
      insertUser.run(id, email, name, role, hashes[index], USERS_CREATED_AT)
    })
    const insertOrganization = db.prepare(
      'INSERT INTO organizations (id, name, support_plan, support_plan_since) VALUES (?, ?, ?, ?)',
    )
    for (const { id, name, plan, since } of ORGANIZATIONS) insertOrganization.run(id, name, plan, since)
    const insertMembership = db.prepare('INSERT INTO memberships (user_id, organization_id, org_role) VALUES (?, ?, ?)')
    for (const { userId, organizationId, role } of MEMBERSHIPS) insertMembership.run(userId, organizationId, role)
    const insertAssignment = db.prepare('INSERT INTO tam_assignments (user_id, organization_id) VALUES (?, ?)')
    for (const { userId, organizationId } of TAM_ASSIGNMENTS) insertAssignment.run(userId, organizationId)
    const insertCluster = db.prepare(
      `INSERT INTO clusters (id, organization_id, name, tier, cloud_provider, region, tidb_version)
       VALUES (@id, @organizationId, @name, @tier, @cloudProvider, @region, @tidbVersion)`,
    )
    for (const row of CLUSTERS) insertCluster.run(row)
    const insertPlanChange = db.prepare(
      `INSERT INTO plan_changes (id, organization_id, from_plan, to_plan, kind, actor_id, at)
       VALUES (@id, @organizationId, @from, @to, @kind, @actorId, @at)`,
    )
    for (const row of PLAN_HISTORY) insertPlanChange.run(row)
    // A trial is had once per organization.
    db.prepare(
      `UPDATE organizations SET trial_used = 1
       WHERE id IN (SELECT organization_id FROM plan_changes WHERE kind = 'trial_started')`,
    ).run()
    const insertPaymentMethod = db.prepare(
      `INSERT INTO payment_methods (organization_id, token, brand, last4, exp_month, exp_year, added_by, added_at)
       VALUES (@organizationId, @token, @brand, @last4, @expMonth, @expYear, @addedBy, @addedAt)`,
    )
    for (const row of PAYMENT_METHODS) insertPaymentMethod.run(row)
    return true
  }).immediate()
}
