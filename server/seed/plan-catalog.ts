import type { HelpCenterDatabase } from '../database'
import { PUBLISHED_RESPONSE_TARGETS } from '../../shared/domain/response-targets'
import { planSchema, type CommunityChannel, type Plan, type PlanFeature } from '../../shared/schemas/plan'

const features = (enabled: PlanFeature[]): Record<PlanFeature, boolean> => ({
  billingTickets: enabled.includes('billingTickets'),
  technicalTickets: enabled.includes('technicalTickets'),
  clinic: enabled.includes('clinic'),
  aiChatInIm: enabled.includes('aiChatInIm'),
  imAlertSubscription: enabled.includes('imAlertSubscription'),
  imTicketSubscription: enabled.includes('imTicketSubscription'),
  imTwoWayInteraction: enabled.includes('imTwoWayInteraction'),
  technicalAccountManager: enabled.includes('technicalAccountManager'),
  knowledgeBase: enabled.includes('knowledgeBase'),
})

const DEVELOPER_FEATURES: PlanFeature[] = ['billingTickets', 'technicalTickets', 'knowledgeBase']
const ENTERPRISE_FEATURES: PlanFeature[] = [
  ...DEVELOPER_FEATURES,
  'clinic',
  'aiChatInIm',
  'imAlertSubscription',
  'imTicketSubscription',
]

/** The "Connected Care" plans as support-domain.md compares them, cheapest first. */
export const PLAN_CATALOG: readonly Plan[] = [
  {
    id: 'basic',
    name: 'Basic',
    recommendedFor: 'Personal or starter projects',
    purchase: 'free',
    trialDays: null,
    coverage: 'none',
    features: features(['billingTickets']),
    responseTargets: PUBLISHED_RESPONSE_TARGETS.basic,
  },
  {
    id: 'developer',
    name: 'Developer',
    recommendedFor: 'Workloads under development',
    purchase: 'card',
    // "One-month free trial" (support-domain.md).
    trialDays: 30,
    coverage: 'business_hours',
    features: features(DEVELOPER_FEATURES),
    responseTargets: PUBLISHED_RESPONSE_TARGETS.developer,
  },
  {
    id: 'enterprise',
    name: 'Enterprise',
    recommendedFor: 'Workloads in production',
    purchase: 'card',
    trialDays: null,
    coverage: '24x7',
    features: features(ENTERPRISE_FEATURES),
    responseTargets: PUBLISHED_RESPONSE_TARGETS.enterprise,
  },
  {
    id: 'premium',
    name: 'Premium',
    recommendedFor: 'Business-critical production',
    purchase: 'sales',
    trialDays: null,
    coverage: '24x7',
    features: features([...ENTERPRISE_FEATURES, 'imTwoWayInteraction', 'technicalAccountManager']),
    responseTargets: PUBLISHED_RESPONSE_TARGETS.premium,
  },
]

/** Self-help channels: community links as the support docs (seeds) give them, the rest from the public TiDB sites. */
export const CHANNEL_LINKS: Readonly<Record<CommunityChannel, string>> = {
  docs: 'https://docs.pingcap.com/tidbcloud/',
  faq: 'https://docs.pingcap.com/tidbcloud/tidb-cloud-faq/',
  slack: 'https://slack.tidb.io/invite?team=tidb-community&channel=everyone&ref=pingcap',
  discord: 'https://discord.com/invite/KVRZBR2DrG',
  tidbAi: 'https://tidb.ai/',
  knowledgeBase: 'https://tidb.support.pingcap.com/servicedesk/customer/portals',
  clinic: 'https://docs.pingcap.com/tidbcloud/tidb-cloud-clinic/',
}

function isEmpty(db: HelpCenterDatabase, table: 'plan_catalog' | 'channel_links'): boolean {
  return db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() === undefined
}

/**
 * Fills the catalog and the channel links where they are empty; a catalog already there (perhaps edited) is
 * left alone. Every help center needs one, demo or not, so this runs whenever the database is opened.
 */
export function seedPlanCatalog(db: HelpCenterDatabase): void {
  if (!isEmpty(db, 'plan_catalog') && !isEmpty(db, 'channel_links')) return
  // Re-checked under the write lock: the CLI server and the embedded one may open the same file at once.
  db.transaction(() => {
    if (isEmpty(db, 'plan_catalog')) {
      const insert = db.prepare('INSERT INTO plan_catalog (id, position, plan) VALUES (?, ?, ?)')
      PLAN_CATALOG.forEach((plan, position) => insert.run(plan.id, position, JSON.stringify(planSchema.parse(plan))))
    }
    if (isEmpty(db, 'channel_links')) {
      const insert = db.prepare('INSERT INTO channel_links (channel, url) VALUES (?, ?)')
      for (const [channel, url] of Object.entries(CHANNEL_LINKS)) insert.run(channel, url)
    }
  }).immediate()
}
