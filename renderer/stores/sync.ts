import type { SyncStatus } from '../../shared/schemas/local-ticket'
import { defineStore } from 'pinia'
import { onScopeDispose, ref } from 'vue'
import { useSupportClient } from '../support-client'

/** Where the local cache stands against the help center: progress of a pull, and the outbox. */
export const useSyncStore = defineStore('sync', () => {
  const client = useSupportClient()

  /** Null until the main process has answered. */
  const status = ref<SyncStatus | null>(null)

  onScopeDispose(client.on('sync.status', (next) => {
    status.value = next
  }))

  /** A failure leaves the previous status: the next `sync.status` event brings a fresh one. */
  async function load() {
    try {
      status.value = await client.invoke('sync.status', {})
    } catch {
      // The status bar simply shows nothing about sync until the core answers.
    }
  }

  /** Sends a change the help center refused once more, named by the ticket or comment it made; rejects on failure. */
  async function retry(entityId: string) {
    status.value = await client.invoke('outbox.retry', { entityId })
  }

  /** Drops a refused change and what it showed locally; rejects on failure. */
  async function discard(entityId: string) {
    status.value = await client.invoke('outbox.discard', { entityId })
  }

  return { status, load, retry, discard }
})
