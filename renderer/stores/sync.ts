import type { SyncStatus } from '../../shared/schemas/local-ticket'
import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import { useSupportClient } from '../support-client'

/** Where the local cache stands against the help center: progress of a pull, and the outbox. */
export const useSyncStore = defineStore('sync', () => {
  const client = useSupportClient()

  /** Null until the main process has answered. */
  const status = ref<SyncStatus | null>(null)
  /** A "Sync now" request is on its way to the core. */
  const requesting = ref(false)
  /** The user asked to sync and has not yet seen a status without an error. */
  const attempted = ref(false)
  const requestError = ref<string | null>(null)

  function take(next: SyncStatus) {
    status.value = next
    // The attempt is over once a status says so; a sync in progress has not succeeded yet.
    if (next.phase !== 'syncing' && !next.lastError) attempted.value = false
  }

  onScopeDispose(client.on('sync.status', take))

  const syncing = computed(() => requesting.value || status.value?.phase === 'syncing')
  /** Why the user's "Sync now" failed, once the attempt is over; background failures stay quiet. */
  const syncNowError = computed(() => {
    if (!attempted.value || syncing.value) return null
    return requestError.value ?? status.value?.lastError ?? null
  })

  /** A failure leaves the previous status: the next `sync.status` event brings a fresh one. */
  async function load() {
    try {
      take(await client.invoke('sync.status', {}))
    } catch {
      // The status bar simply shows nothing about sync until the core answers.
    }
  }

  /** Pulls and pushes now rather than at the next scheduled attempt. */
  async function syncNow() {
    if (requesting.value) return
    requesting.value = true
    attempted.value = true
    requestError.value = null
    try {
      take(await client.invoke('sync.now', {}))
    } catch (error) {
      requestError.value = error instanceof Error ? error.message : String(error)
    } finally {
      requesting.value = false
    }
  }

  /** Sends a change the help center refused once more, named by the ticket or comment it made; rejects on failure. */
  async function retry(entityId: string) {
    take(await client.invoke('outbox.retry', { entityId }))
  }

  /** Drops a refused change and what it showed locally; rejects on failure. */
  async function discard(entityId: string) {
    take(await client.invoke('outbox.discard', { entityId }))
  }

  return { status, syncing, syncNowError, load, syncNow, retry, discard }
})
