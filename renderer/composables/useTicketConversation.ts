import type { MaybeRefOrGetter } from 'vue'
import type { LocalComment, LocalTicket } from '../../shared/schemas/local-ticket'
import { onScopeDispose, ref, toValue, watch } from 'vue'
import { useSupportClient } from '../support-client'
import { useTicketsStore } from '../stores/tickets'
import { useDebouncedFn } from './useDebouncedFn'

const RELOAD_DELAY_MS = 150

/** One ticket and its comments, marked read on opening and reloaded when the core says it changed. */
export function useTicketConversation(ticketId: MaybeRefOrGetter<string>) {
  const client = useSupportClient()
  const tickets = useTicketsStore()

  const ticket = ref<LocalTicket | null>(null)
  const comments = ref<LocalComment[]>([])
  const loading = ref(false)
  const error = ref<string | null>(null)

  let request = 0
  async function load() {
    const id = toValue(ticketId)
    const current = ++request
    loading.value = true
    try {
      const conversation = await client.invoke('tickets.get', { ticketId: id })
      if (current !== request) return
      ticket.value = conversation.ticket
      comments.value = conversation.comments
      error.value = null
    } catch (caught) {
      if (current === request) error.value = caught instanceof Error ? caught.message : String(caught)
    } finally {
      if (current === request) loading.value = false
    }
  }

  async function markRead() {
    try {
      await tickets.markRead(toValue(ticketId))
    } catch {
      // The ticket stays marked unread; opening it again tries again.
    }
  }

  watch(() => toValue(ticketId), () => {
    ticket.value = null
    comments.value = []
    void load().then(markRead)
  }, { immediate: true })

  const reloadSoon = useDebouncedFn(() => {
    void load().then(() => {
      if (ticket.value?.unread) return markRead()
    })
  }, RELOAD_DELAY_MS)
  onScopeDispose(client.on('tickets.changed', ({ ticketIds }) => {
    if (ticketIds.includes(toValue(ticketId))) reloadSoon()
  }))

  /** The reply joins the conversation at once, pending until the outbox has sent it. */
  async function reply(body: string) {
    const comment = await tickets.comment(toValue(ticketId), body)
    if (!comments.value.some(({ id }) => id === comment.id)) comments.value = [...comments.value, comment]
    return comment
  }

  async function setStatus(status: 'resolved' | 'open') {
    ticket.value = await tickets.setStatus(toValue(ticketId), status)
  }

  return { ticket, comments, loading, error, load, reply, setStatus }
}
