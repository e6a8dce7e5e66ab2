import type { MaybeRefOrGetter } from 'vue'
import type { AttachmentUpload } from '../../shared/schemas/attachment'
import type { LocalAttachment, LocalComment, LocalTicket } from '../../shared/schemas/local-ticket'
import type { TicketHistoryEntry } from '../../shared/schemas/ticket-history'
import { computed, onScopeDispose, ref, toValue, watch } from 'vue'
import { SupportError } from '../../shared/schemas/error'
import { useSupportClient } from '../support-client'
import { useTicketsStore } from '../stores/tickets'
import { useDebouncedFn } from './useDebouncedFn'

const RELOAD_DELAY_MS = 150

/** One ticket with its comments, files and history, marked read on opening and reloaded when the core says it changed. */
export function useTicketConversation(ticketId: MaybeRefOrGetter<string>) {
  const client = useSupportClient()
  const tickets = useTicketsStore()

  const ticket = ref<LocalTicket | null>(null)
  const comments = ref<LocalComment[]>([])
  const attachments = ref<LocalAttachment[]>([])
  /** Oldest first, as the core keeps it. */
  const history = ref<TicketHistoryEntry[]>([])
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
      attachments.value = conversation.attachments
      history.value = conversation.history
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
    attachments.value = []
    history.value = []
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

  const isClosed = computed(() => ticket.value?.status === 'closed')
  /** Files filed with the ticket itself, shown under its description. */
  const ticketAttachments = computed(() => attachments.value.filter(({ commentId }) => commentId === null))
  const attachmentsByComment = computed(() => {
    const byComment = new Map<string, LocalAttachment[]>()
    for (const attachment of attachments.value) {
      if (attachment.commentId !== null) byComment.set(attachment.commentId, [...(byComment.get(attachment.commentId) ?? []), attachment])
    }
    return byComment
  })

  /** Closed is final: when the core refuses for that reason, the screen catches up with the ticket's state. */
  async function reloadIfClosed<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action()
    } catch (caught) {
      if (caught instanceof SupportError && caught.code === 'ticket_closed') void load()
      throw caught
    }
  }

  /** The reply joins the conversation at once, pending until the outbox has sent it. */
  async function reply(body: string, uploads: AttachmentUpload[] = []) {
    const comment = await reloadIfClosed(() => tickets.comment(toValue(ticketId), body, uploads))
    if (!comments.value.some(({ id }) => id === comment.id)) comments.value = [...comments.value, comment]
    // The reply's files are only in the conversation the core keeps.
    if (uploads.length > 0) void load()
    return comment
  }

  async function setStatus(status: 'resolved' | 'open') {
    ticket.value = await reloadIfClosed(() => tickets.setStatus(toValue(ticketId), status))
  }

  return {
    ticket,
    comments,
    attachments,
    history,
    loading,
    error,
    isClosed,
    ticketAttachments,
    attachmentsByComment,
    load,
    reply,
    setStatus,
  }
}
