import type { MaybeRefOrGetter } from 'vue'
import type { SupportPlanId } from '../../shared/domain/support-plan'
import type { TicketKind } from '../../shared/domain/ticket'
import type { Organization } from '../../shared/schemas/account'
import type { CommunityChannel, PlanFeature } from '../../shared/schemas/plan'
import { computed, toValue, watch } from 'vue'
import { supportPlanRank } from '../../shared/domain/support-plan'
import { usePlansStore } from '../stores/plans'

export interface TicketChannel {
  kind: TicketKind
  available: boolean
}

export interface LinkChannel {
  key: CommunityChannel
  href: string
  /** Self-help on a plan that lacks it (the knowledge base on Basic). */
  available: boolean
  from: SupportPlanId | null
}

export interface PlanChannel {
  key: 'imSupport' | 'slackInteraction' | 'clinic' | 'technicalAccountManager'
  available: boolean
  /** The lowest plan that has it, to say where it starts. */
  from: SupportPlanId | null
  /** Included in the plan, but turned on by support or the TAM when asked (the seed's wording). */
  onRequest: boolean
}

export interface ImFeature {
  feature: PlanFeature
  available: boolean
}

const SELF_HELP: { key: CommunityChannel, feature?: PlanFeature }[] = [
  { key: 'slack' },
  { key: 'discord' },
  { key: 'tidbAi' },
  { key: 'docs' },
  { key: 'faq' },
  { key: 'knowledgeBase', feature: 'knowledgeBase' },
]

const IM_FEATURES: PlanFeature[] = ['aiChatInIm', 'imAlertSubscription', 'imTicketSubscription']

/** Where an organization can get help, by its plan in the catalog: tickets, self-help and plan channels. */
export function useSupportChannels(organization: MaybeRefOrGetter<Organization>) {
  const plans = usePlansStore()

  watch(() => toValue(organization).id, (organizationId) => {
    void plans.ensureCatalog()
    void plans.ensureOrganization(organizationId)
  }, { immediate: true })

  const state = computed(() => plans.organizationState(toValue(organization).id))
  const planId = computed(() => state.value.plan?.plan ?? toValue(organization).supportPlan)
  const plan = computed(() => plans.catalogPlan(planId.value))

  const has = (feature: PlanFeature) => plan.value?.features[feature] ?? false

  /** The first plan, in order, that includes any of `features`. */
  function lowestWith(...features: PlanFeature[]): SupportPlanId | null {
    const candidates = [...(plans.catalog?.plans ?? [])].sort((a, b) => supportPlanRank(a.id) - supportPlanRank(b.id))
    return candidates.find((candidate) => features.some((feature) => candidate.features[feature]))?.id ?? null
  }

  const tickets = computed<TicketChannel[]>(() => [
    { kind: 'account_billing', available: has('billingTickets') },
    { kind: 'technical', available: has('technicalTickets') },
  ])

  const selfHelp = computed<LinkChannel[]>(() => {
    const links = plans.catalog?.links
    if (!links) return []
    return SELF_HELP.map(({ key, feature }) => ({
      key,
      href: links[key],
      available: feature ? has(feature) : true,
      from: feature ? lowestWith(feature) : null,
    }))
  })

  const imFeatures = computed<ImFeature[]>(() => IM_FEATURES.map((feature) => ({ feature, available: has(feature) })))

  const planChannels = computed<PlanChannel[]>(() => [
    { key: 'imSupport', available: IM_FEATURES.some(has), from: lowestWith(...IM_FEATURES), onRequest: true },
    { key: 'slackInteraction', available: has('imTwoWayInteraction'), from: lowestWith('imTwoWayInteraction'), onRequest: true },
    { key: 'clinic', available: has('clinic'), from: lowestWith('clinic'), onRequest: false },
    {
      key: 'technicalAccountManager',
      available: has('technicalAccountManager'),
      from: lowestWith('technicalAccountManager'),
      onRequest: false,
    },
  ])

  /** Clinic watches Dedicated clusters only. */
  const dedicatedClusters = computed(() => toValue(organization).clusters.filter(({ tier }) => tier === 'dedicated'))
  const clinicLink = computed(() => plans.catalog?.links.clinic ?? null)
  const technicalAccountManager = computed(() => state.value.plan?.technicalAccountManager ?? null)
  /** Null until the plan is loaded, or from a help center that does not report Slack. */
  const slack = computed(() => state.value.plan?.slack ?? null)

  return {
    planId,
    tickets,
    selfHelp,
    imFeatures,
    planChannels,
    dedicatedClusters,
    clinicLink,
    technicalAccountManager,
    slack,
    loading: computed(() => !plan.value),
  }
}
