import type { Severity, SupportPlanId } from '../../../shared/domain/support-plan'
import type { OrganizationPlan, Plan, PlanCatalog, PlanFeature, ResponseTargetStats } from '../../../shared/schemas/plan'

const wall = (hours: number) => ({ hours, businessHours: false })
const business = (hours: number) => ({ hours, businessHours: true })

const features = (included: PlanFeature[]): Record<PlanFeature, boolean> => ({
  billingTickets: included.includes('billingTickets'),
  technicalTickets: included.includes('technicalTickets'),
  clinic: included.includes('clinic'),
  aiChatInIm: included.includes('aiChatInIm'),
  imAlertSubscription: included.includes('imAlertSubscription'),
  imTicketSubscription: included.includes('imTicketSubscription'),
  imTwoWayInteraction: included.includes('imTwoWayInteraction'),
  technicalAccountManager: included.includes('technicalAccountManager'),
  knowledgeBase: included.includes('knowledgeBase'),
})

const PAID: PlanFeature[] = ['billingTickets', 'technicalTickets', 'knowledgeBase']
const IM: PlanFeature[] = ['clinic', 'aiChatInIm', 'imAlertSubscription', 'imTicketSubscription']

/** The catalog as the help center seeds it from support-domain.md; tests change copies of it. */
export function planCatalog(change: (plans: Record<SupportPlanId, Plan>) => void = () => {}): PlanCatalog {
  const plans: Record<SupportPlanId, Plan> = {
    basic: {
      id: 'basic',
      name: 'Basic',
      recommendedFor: 'personal or starter projects',
      purchase: 'free',
      trialDays: null,
      coverage: 'none',
      features: features(['billingTickets']),
      responseTargets: { S1: null, S2: null, S3: null, S4: null },
    },
    developer: {
      id: 'developer',
      name: 'Developer',
      recommendedFor: 'workloads under development',
      purchase: 'card',
      trialDays: 30,
      coverage: 'business_hours',
      features: features(PAID),
      responseTargets: { S1: business(4), S2: business(8), S3: business(12), S4: business(24) },
    },
    enterprise: {
      id: 'enterprise',
      name: 'Enterprise',
      recommendedFor: 'workloads in production',
      purchase: 'card',
      trialDays: null,
      coverage: '24x7',
      features: features([...PAID, ...IM]),
      responseTargets: { S1: wall(1), S2: wall(2), S3: business(8), S4: business(24) },
    },
    premium: {
      id: 'premium',
      name: 'Premium',
      recommendedFor: 'business-critical production',
      purchase: 'sales',
      trialDays: null,
      coverage: '24x7',
      features: features([...PAID, ...IM, 'imTwoWayInteraction', 'technicalAccountManager']),
      responseTargets: { S1: wall(0.5), S2: wall(1), S3: business(4), S4: business(24) },
    },
  }
  change(plans)
  return {
    plans: [plans.basic, plans.developer, plans.enterprise, plans.premium],
    links: {
      docs: 'https://docs.pingcap.com/tidbcloud/',
      faq: 'https://docs.pingcap.com/tidbcloud/tidb-cloud-faq',
      slack: 'https://slack.tidb.io/invite?team=tidb-community&channel=everyone&ref=pingcap',
      discord: 'https://discord.com/invite/KVRZBR2DrG',
      tidbAi: 'https://tidb.ai/',
      knowledgeBase: 'https://tidb.support.pingcap.com/servicedesk/customer/portal/6/knowledge',
      clinic: 'https://docs.pingcap.com/tidbcloud/tidb-cloud-clinic',
    },
  }
}

export function organizationPlan(overrides: Partial<OrganizationPlan> = {}): OrganizationPlan {
  return {
    organizationId: 'org-acme',
    plan: 'enterprise',
    since: '2025-03-01T00:00:00Z',
    trialEndsAt: null,
    paymentMethod: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2028 },
    history: [],
    salesRequestedAt: null,
    technicalAccountManager: null,
    canChangePlan: true,
    ...overrides,
  }
}

export function responseStats(
  counts: Partial<Record<Severity, { met?: number, breached?: number, pending?: number, noTarget?: number }>> = {},
  organizationId = 'org-acme',
): ResponseTargetStats {
  return {
    organizationId,
    days: 90,
    bySeverity: (['S1', 'S2', 'S3', 'S4'] as const).map((severity) => ({
      severity,
      met: 0,
      breached: 0,
      pending: 0,
      noTarget: 0,
      ...counts[severity],
    })),
  }
}
