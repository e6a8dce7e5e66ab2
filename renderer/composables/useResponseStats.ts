import type { MaybeRefOrGetter } from 'vue'
import { computed, onScopeDispose, toValue, watch } from 'vue'
import { usePlansStore } from '../stores/plans'
import { useSupportClient } from '../support-client'
import { useDebouncedFn } from './useDebouncedFn'

const RELOAD_DELAY_MS = 500

/**
 * How an organization's tickets of the last 90 days fared against their first-response targets,
 * counted by the core from its local cache (so offline too), and kept current as tickets change.
 */
export function useResponseStats(organizationId: MaybeRefOrGetter<string>) {
  const plans = usePlansStore()
  const client = useSupportClient()

  const state = computed(() => plans.responseStatsState(toValue(organizationId)))
  const stats = computed(() => state.value.stats?.organizationId === toValue(organizationId) ? state.value.stats : null)
  const rows = computed(() => stats.value?.bySeverity ?? [])
  const showsNoTarget = computed(() => rows.value.some(({ noTarget }) => noTarget > 0))
  const empty = computed(() => rows.value.every(({ met, breached, pending, noTarget }) => met + breached + pending + noTarget === 0))

  const load = () => plans.loadResponseStats(toValue(organizationId))

  watch(() => toValue(organizationId), () => void load(), { immediate: true })

  // Replies and pulls arrive in bursts; one recount covers the burst.
  const reloadSoon = useDebouncedFn(() => void load(), RELOAD_DELAY_MS)
  onScopeDispose(client.on('tickets.changed', () => reloadSoon()))

  return { state, stats, rows, showsNoTarget, empty, load }
}
