import type { ResponseTarget } from '../../shared/domain/response-targets'
import type { Severity } from '../../shared/domain/support-plan'
import type { OrganizationPlan, Plan, PlanFeature } from '../../shared/schemas/plan'
import type { PlanDowngrade } from '../stores/plans'
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { SEVERITIES, supportPlanRank } from '../../shared/domain/support-plan'
import { SupportError } from '../../shared/schemas/error'
import { PLAN_FEATURES } from '../../shared/schemas/plan'
import { usePlansStore } from '../stores/plans'

export interface TargetLoss {
  severity: Severity
  from: ResponseTarget
  /** Null when the lower plan promises no response at all. */
  to: ResponseTarget | null
}

export interface DowngradeLosses {
  features: PlanFeature[]
  targets: TargetLoss[]
  coverage: { from: Plan['coverage'], to: Plan['coverage'] } | null
  /** The lower plan files no technical tickets: say what happens to the open ones. */
  technicalTickets: boolean
}

/** At least as quick: no more hours, and not counted in business hours where it was on the wall clock. */
const asGood = (from: ResponseTarget, to: ResponseTarget) => to.hours <= from.hours && (from.businessHours || !to.businessHours)

/** What moving from `from` to the lower `to` takes away, all of it read from the catalog. */
export function downgradeLosses(from: Plan, to: Plan): DowngradeLosses {
  const targets: TargetLoss[] = []
  for (const severity of SEVERITIES) {
    const before = from.responseTargets[severity]
    const after = to.responseTargets[severity]
    if (before && (!after || !asGood(before, after))) targets.push({ severity, from: before, to: after })
  }
  return {
    features: PLAN_FEATURES.filter((feature) => from.features[feature] && !to.features[feature]),
    targets,
    coverage: from.coverage === to.coverage ? null : { from: from.coverage, to: to.coverage },
    technicalTickets: from.features.technicalTickets && !to.features.technicalTickets,
  }
}

/** The lowest plan in the catalog that files technical tickets, for "need Developer or above". */
export function lowestTechnicalPlan(plans: Plan[]): Plan | null {
  return [...plans].sort((a, b) => supportPlanRank(a.id) - supportPlanRank(b.id)).find((plan) => plan.features.technicalTickets) ?? null
}

/** The downgrade dialog's one action and what went wrong with it. */
export function usePlanDowngrade() {
  const plans = usePlansStore()
  const { t } = useI18n()

  const failure = ref<string | null>(null)
  const submitting = ref(false)

  async function confirm(organizationId: string, plan: PlanDowngrade): Promise<OrganizationPlan | null> {
    if (submitting.value) return null
    failure.value = null
    submitting.value = true
    try {
      return await plans.downgrade(organizationId, plan)
    } catch (error) {
      failure.value = error instanceof SupportError && error.code === 'unreachable'
        ? t('plan.blocked.offline')
        : error instanceof Error ? error.message : String(error)
      return null
    } finally {
      submitting.value = false
    }
  }

  function reset() {
    failure.value = null
  }

  return { failure, submitting, confirm, reset }
}
