import type { PAUSE_CHOICES, Preferences, PreferencesPatch } from '../../shared/schemas/preferences'
import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, watch } from 'vue'
import { useSupportClient } from '../support-client'
import { useSessionStore } from './session'

export type PauseChoice = (typeof PAUSE_CHOICES)[number]

interface UnconfirmedChange {
  id: number
  patch: PreferencesPatch
}

/** `preferences` with `patch` applied, as the main process will apply it. */
function withPatch(preferences: Preferences, patch: PreferencesPatch): Preferences {
  const { quietHours, ...notifications } = patch.notifications ?? {}
  return {
    closeToTray: patch.closeToTray ?? preferences.closeToTray,
    language: patch.language ?? preferences.language,
    notifications: {
      ...preferences.notifications,
      ...notifications,
      quietHours: { ...preferences.notifications.quietHours, ...quietHours },
    },
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * Notification and tray preferences, kept by the main process (the tray changes them too). Changes
 * show at once and are undone if the main process refuses them.
 */
export const useNotificationPreferencesStore = defineStore('notification-preferences', () => {
  const client = useSupportClient()
  const session = useSessionStore()

  /** What the main process last said; null until it has. */
  const confirmed = ref<Preferences | null>(null)
  /** Sent and not yet answered: shown on top of `confirmed`, dropped when answered either way. */
  const unconfirmed = ref<UnconfirmedChange[]>([])
  const loading = ref(false)
  const loadError = ref<string | null>(null)
  const updateError = ref<string | null>(null)
  const pausing = ref<PauseChoice | null>(null)

  const preferences = computed(() => {
    const base = confirmed.value
    return base && unconfirmed.value.reduce((current, { patch }) => withPatch(current, patch), base)
  })

  // The tray's pause items and other windows change them without asking us.
  onScopeDispose(client.on('preferences.changed', (next) => {
    confirmed.value = next
  }))

  async function load() {
    loading.value = true
    try {
      confirmed.value = await client.invoke('preferences.get', {})
      loadError.value = null
    } catch (error) {
      loadError.value = message(error)
    } finally {
      loading.value = false
    }
  }

  watch(() => session.isSignedIn, (signedIn) => {
    if (signedIn) void load()
  }, { immediate: true })

  let lastChangeId = 0

  /** Resolves false when the main process refused the change, which is then undone. */
  async function update(patch: PreferencesPatch): Promise<boolean> {
    const id = ++lastChangeId
    unconfirmed.value = [...unconfirmed.value, { id, patch }]
    updateError.value = null
    try {
      confirmed.value = await client.invoke('preferences.update', patch)
      return true
    } catch (error) {
      updateError.value = message(error)
      return false
    } finally {
      unconfirmed.value = unconfirmed.value.filter((change) => change.id !== id)
    }
  }

  async function pause(choice: PauseChoice) {
    pausing.value = choice
    updateError.value = null
    try {
      confirmed.value = await client.invoke('notifications.pause', { pause: choice })
    } catch (error) {
      updateError.value = message(error)
    } finally {
      pausing.value = null
    }
  }

  return { preferences, loading, loadError, updateError, pausing, load, update, pause }
})
