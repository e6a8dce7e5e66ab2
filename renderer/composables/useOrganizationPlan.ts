import type { SupportPlanId } from '../../shared/domain/support-plan'
import type { Plan } from '../../shared/schemas/plan'
import type { PlanDowngrade, SelfServiceUpgrade } from '../stores/plans'
import { computed, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { supportPlanRank } from '../../shared/domain/support-plan'
import { SELF_SERVICE_UPGRADES } from '../../shared/schemas/plan'
import { usePlansStore } from '../stores/plans'
import { useSessionStore } from '../stores/session'

/** What an owner may do from a plan's column: buy it by card, ask sales for it, or step down to it. */
export type PlanAction = 'upgrade' | 'contactSales' | 'downgrade'

export interface PlanDialog {
  action: PlanAction
  plan: Plan
  /** Closing keeps the rest, so the dialog still has its content while it fades out. */
  open: boolean
}

export const isSelfServiceUpgrade = (plan: Plan): plan is Plan & { id: SelfServiceUpgrade } =>
  SELF_SERVICE_UPGRADES.includes(plan.id as SelfServiceUpgrade)

/** Premium is never a downgrade target: it is the top of the range. */
export const isDowngradeTarget = (plan: Plan): plan is Plan & { id: PlanDowngrade } => plan.id !== 'premium'

/**
 * The selected organization's plan as the Plan screen shows it: the catalog, where the organization
 * stands, which changes its owner may make from here and why they may not right now.
 */
export function useOrganizationPlan() {
  const { t } = useI18n()
  const session = useSessionStore()
  const plans = usePlansStore()

  const organization = computed(() => session.selectedOrganization)
  const state = computed(() => (organization.value ? plans.organizationState(organization.value.id) : null))
  const organizationPlan = computed(() => state.value?.plan ?? null)

  // The help center's answer wins; until it arrives the profile already knows the plan.
  const currentPlanId = computed<SupportPlanId | null>(() => organizationPlan.value?.plan ?? organization.value?.supportPlan ?? null)
  const currentPlan = computed(() => (currentPlanId.value ? plans.catalogPlan(currentPlanId.value) : null))
  const since = computed(() => organizationPlan.value?.since ?? organization.value?.supportPlanSince ?? null)
  const catalogPlans = computed(() => plans.catalog?.plans ?? [])

  const isOwner = computed(() => organization.value?.role === 'owner' && organizationPlan.value?.canChangePlan !== false)
  const offline = computed(() => session.connection === 'offline' || state.value?.offline === true)

  /** Why the owner's actions are disabled, shown beside them; null when they work. */
  const blockedReason = computed<string | null>(() => {
    if (offline.value) return t('plan.blocked.offline')
    if (!organizationPlan.value || !plans.catalog) return t(state.value?.error || plans.catalogError ? 'plan.blocked.unavailable' : 'plan.blocked.loading')
    return null
  })

  const actions = computed(() => {
    const result: Partial<Record<SupportPlanId, PlanAction>> = {}
    if (!currentPlanId.value) return result
    const currentRank = supportPlanRank(currentPlanId.value)
    for (const plan of catalogPlans.value) {
      const rank = supportPlanRank(plan.id)
      if (rank < currentRank) result[plan.id] = 'downgrade'
      else if (rank > currentRank && plan.purchase === 'card') result[plan.id] = 'upgrade'
      else if (rank > currentRank && plan.purchase === 'sales') result[plan.id] = 'contactSales'
    }
    return result
  })

  /** The free trial comes with the first upgrade only. */
  const trialAvailable = computed(() => !organizationPlan.value?.history.some(({ kind }) => kind === 'trial_started'))

  const dialog = ref<PlanDialog | null>(null)

  function openDialog(action: PlanAction, plan: Plan) {
    if (isOwner.value && !blockedReason.value) dialog.value = { action, plan, open: true }
  }

  function closeDialog() {
    if (dialog.value) dialog.value.open = false
  }

  function retry() {
    if (plans.catalogError) void plans.loadCatalog()
    if (organization.value) void plans.loadOrganization(organization.value.id)
  }

  watch(
    () => organization.value?.id,
    (organizationId) => {
      closeDialog()
      void plans.ensureCatalog()
      if (organizationId) void plans.ensureOrganization(organizationId)
    },
    { immediate: true },
  )

  // A dialog for a change that no longer applies (the plan moved under it) closes. A dropped
  // connection does not close it: what was typed stays, and sending says a connection is needed.
  watch(currentPlanId, () => {
    if (dialog.value && actions.value[dialog.value.plan.id] !== dialog.value.action) closeDialog()
  })

  return {
    organization,
    state,
    organizationPlan,
    currentPlanId,
    currentPlan,
    since,
    catalogPlans,
    isOwner,
    blockedReason,
    actions,
    trialAvailable,
    dialog,
    openDialog,
    retry,
  }
}
