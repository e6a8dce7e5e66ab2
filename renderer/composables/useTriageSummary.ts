import type { MaybeRefOrGetter } from 'vue'
import type { OrganizationTriageSummary } from '../../shared/schemas/triage'
import { onScopeDispose, ref, toValue, watch } from 'vue'
import { useSupportClient } from '../support-client'
import { useDebouncedFn } from './useDebouncedFn'

const RELOAD_DELAY_MS = 500

/** One organization's open tickets, breaches and response times, counted by the core from its cache (so offline too). */
export function useTriageSummary(organizationId: MaybeRefOrGetter<string | null>) {
  const client = useSupportClient()

  const summary = ref<OrganizationTriageSummary | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)

  // Switching organizations quickly must not leave an older organization's numbers on show.
  let generation = 0

  async function load() {
    const id = toValue(organizationId)
    const current = ++generation
    if (!id) {
      summary.value = null
      return
    }
    loading.value = true
    try {
      const next = await client.invoke('triage.summary', { organizationId: id })
      if (current !== generation) return
      summary.value = next
      error.value = null
    } catch (caught) {
      if (current === generation) error.value = caught instanceof Error ? caught.message : String(caught)
    } finally {
      if (current === generation) loading.value = false
    }
  }

  watch(() => toValue(organizationId), (next, previous) => {
    if (next !== previous) summary.value = null
    void load()
  }, { immediate: true })

  // Pulls and triage changes arrive in bursts; one recount covers the burst.
  const reloadSoon = useDebouncedFn(() => void load(), RELOAD_DELAY_MS)
  onScopeDispose(client.on('tickets.changed', () => reloadSoon()))

  return { summary, loading, error, load }
}
