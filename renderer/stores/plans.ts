import type { ResponseTargetTable } from '../../shared/domain/response-targets'
import type { SupportPlanId } from '../../shared/domain/support-plan'
import type { CommandInput } from '../../shared/ipc/contract'
import type { Card, OrganizationPlan, Plan, PlanCatalog, ResponseTargetStats, SalesContact } from '../../shared/schemas/plan'
import { defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import { useSupportClient } from '../support-client'
import { useSessionStore } from './session'

/** Where one organization's plan stands in the app: the last answer, and whether it is current. */
export interface OrganizationPlanState {
  plan: OrganizationPlan | null
  loading: boolean
  error: string | null
  /** The core answered with its last known copy because the help center could not be reached. */
  offline: boolean
}

export interface ResponseStatsState {
  stats: ResponseTargetStats | null
  loading: boolean
  error: string | null
}

export type SelfServiceUpgrade = CommandInput<'plans.upgrade'>['plan']
export type PlanDowngrade = CommandInput<'plans.downgrade'>['plan']

const NOT_LOADED: Readonly<OrganizationPlanState> = Object.freeze({ plan: null, loading: false, error: null, offline: false })
const NO_TARGETS = { S1: null, S2: null, S3: null, S4: null } as const
const NO_STATS: Readonly<ResponseStatsState> = Object.freeze({ stats: null, loading: false, error: null })

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * The plan catalog the help center serves (the source of every response target the screens show)
 * and each organization's plan. Card details pass through `upgrade` to the core and are never kept.
 */
export const usePlansStore = defineStore('plans', () => {
  const client = useSupportClient()
  const session = useSessionStore()

  const catalog = ref<PlanCatalog | null>(null)
  const catalogLoading = ref(false)
  const catalogError = ref<string | null>(null)
  const organizations = reactive<Record<string, OrganizationPlanState>>({})
  const responseStats = reactive<Record<string, ResponseStatsState>>({})

  /** The catalog's targets in the shape the first-response maths takes; null until it has loaded. */
  const responseTargets = computed<ResponseTargetTable | null>(() => {
    if (!catalog.value) return null
    const plans = catalog.value.plans
    const targetsOf = (id: SupportPlanId) => plans.find((plan) => plan.id === id)?.responseTargets ?? NO_TARGETS
    return { basic: targetsOf('basic'), developer: targetsOf('developer'), enterprise: targetsOf('enterprise'), premium: targetsOf('premium') }
  })

  const catalogPlan = (id: SupportPlanId): Plan | null => catalog.value?.plans.find((plan) => plan.id === id) ?? null

  let catalogRequest: Promise<void> | null = null

  /** Asks the core again (it answers from its cache when offline); concurrent callers share one request. */
  function loadCatalog(): Promise<void> {
    catalogRequest ??= (async () => {
      catalogLoading.value = true
      try {
        catalog.value = await client.invoke('plans.catalog', {})
        catalogError.value = null
      } catch (error) {
        catalogError.value = messageOf(error)
      } finally {
        catalogLoading.value = false
        catalogRequest = null
      }
    })()
    return catalogRequest
  }

  const ensureCatalog = () => (catalog.value ? Promise.resolve() : loadCatalog())

  function stateOf(organizationId: string): OrganizationPlanState {
    organizations[organizationId] ??= { plan: null, loading: false, error: null, offline: false }
    return organizations[organizationId]
  }

  /** For reading in renders and computeds: never writes, so an organization not asked about yet reads as blank. */
  const organizationState = (organizationId: string): Readonly<OrganizationPlanState> => organizations[organizationId] ?? NOT_LOADED
  const responseStatsState = (organizationId: string): Readonly<ResponseStatsState> => responseStats[organizationId] ?? NO_STATS

  // Only the newest request for an organization may write its state.
  const generations = new Map<string, number>()
  const nextGeneration = (organizationId: string) => {
    const generation = (generations.get(organizationId) ?? 0) + 1
    generations.set(organizationId, generation)
    return generation
  }

  async function loadOrganization(organizationId: string): Promise<void> {
    const state = stateOf(organizationId)
    const generation = nextGeneration(organizationId)
    state.loading = true
    try {
      const answer = await client.invoke('plans.organization', { organizationId })
      if (generations.get(organizationId) !== generation) return
      state.plan = answer.plan
      state.offline = answer.offline
      state.error = null
    } catch (error) {
      if (generations.get(organizationId) === generation) state.error = messageOf(error)
    } finally {
      if (generations.get(organizationId) === generation) state.loading = false
    }
  }

  function ensureOrganization(organizationId: string): Promise<void> {
    const state = stateOf(organizationId)
    return state.plan || state.loading ? Promise.resolve() : loadOrganization(organizationId)
  }

  /** A change the help center confirmed replaces whatever was on its way. */
  function settle(plan: OrganizationPlan): OrganizationPlan {
    nextGeneration(plan.organizationId)
    Object.assign(stateOf(plan.organizationId), { plan, loading: false, error: null, offline: false })
    return plan
  }

  // The plan actions reject with the core's SupportError: the dialogs show it beside the form.
  const upgrade = async (organizationId: string, plan: SelfServiceUpgrade, card: Card) =>
    settle(await client.invoke('plans.upgrade', { organizationId, plan, card }))

  const downgrade = async (organizationId: string, plan: PlanDowngrade) =>
    settle(await client.invoke('plans.downgrade', { organizationId, plan }))

  const contactSales = async (organizationId: string, contact: SalesContact) =>
    settle(await client.invoke('plans.contactSales', { organizationId, ...contact }))

  async function loadResponseStats(organizationId: string): Promise<void> {
    responseStats[organizationId] ??= { stats: null, loading: false, error: null }
    // Through the reactive record, so the screens see each change.
    const state = responseStats[organizationId]
    state.loading = true
    try {
      state.stats = await client.invoke('plans.responseStats', { organizationId })
      state.error = null
    } catch (error) {
      state.error = messageOf(error)
    } finally {
      state.loading = false
    }
  }

  function forgetOrganizations() {
    generations.clear()
    for (const id of Object.keys(organizations)) delete organizations[id]
    for (const id of Object.keys(responseStats)) delete responseStats[id]
  }

  // Every screen's response targets come from the catalog: fetch it as soon as someone signs in.
  // Another account must not see the previous one's plans.
  watch(
    () => session.account?.id ?? null,
    (accountId, previous) => {
      if (accountId !== previous) forgetOrganizations()
      if (accountId) void loadCatalog()
    },
    { immediate: true },
  )

  // The profile follows the help center live: a plan changed elsewhere (another owner, sales, the
  // trial ending) shows up here first. Reload what we hold for that organization when it disagrees.
  watch(
    () => session.profile?.organizations.map(({ id, supportPlan }) => `${id}:${supportPlan}`).join(',') ?? '',
    () => {
      for (const organization of session.profile?.organizations ?? []) {
        const state = organizations[organization.id]
        if (state?.plan && state.plan.plan !== organization.supportPlan) void loadOrganization(organization.id)
      }
    },
  )

  // Back online: replace the last known copies with current ones.
  watch(
    () => session.connection,
    (connection, previous) => {
      if (connection !== 'online' || previous !== 'offline') return
      for (const [organizationId, state] of Object.entries(organizations)) if (state.offline) void loadOrganization(organizationId)
    },
  )

  return {
    catalog,
    catalogLoading,
    catalogError,
    organizations,
    responseStats,
    responseTargets,
    catalogPlan,
    loadCatalog,
    ensureCatalog,
    organizationState,
    responseStatsState,
    loadOrganization,
    ensureOrganization,
    upgrade,
    downgrade,
    contactSales,
    loadResponseStats,
  }
})
