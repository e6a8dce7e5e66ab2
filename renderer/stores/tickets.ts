import type { Severity } from '../../shared/domain/support-plan'
import type { TicketKind } from '../../shared/domain/ticket'
import type { AttachmentUpload } from '../../shared/schemas/attachment'
import type { LocalTicket, TICKET_SORTS, TICKET_STATUS_FILTERS, TicketListQuery } from '../../shared/schemas/local-ticket'
import type { NewTicket } from '../../shared/schemas/ticket'
import { defineStore } from 'pinia'
import { computed, onScopeDispose, reactive, ref, watch } from 'vue'
import { useDebouncedFn } from '../composables/useDebouncedFn'
import { useSupportClient } from '../support-client'

export type TicketStatusFilter = (typeof TICKET_STATUS_FILTERS)[number]
export type TicketSort = (typeof TICKET_SORTS)[number]

export interface TicketFilters {
  status: TicketStatusFilter
  kind: TicketKind | null
  severity: Severity | null
  organizationId: string | null
  search: string
  sort: TicketSort
}

const PAGE_SIZE = 100
/** The most a single reload asks for; the rest comes back page by page as the user scrolls. */
const MAX_RELOAD = 500
const RELOAD_DELAY_MS = 150

const defaultFilters = (): TicketFilters => ({
  status: 'all',
  kind: null,
  severity: null,
  organizationId: null,
  search: '',
  sort: 'updated',
})

/** The ticket list as the user filters it, loaded from the local cache a page at a time. */
export const useTicketsStore = defineStore('tickets', () => {
  const client = useSupportClient()

  const filters = reactive<TicketFilters>(defaultFilters())
  const tickets = ref<LocalTicket[]>([])
  const total = ref(0)
  const unreadTotal = ref(0)
  /** True once a list has arrived, so an empty list means "none" rather than "not yet". */
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)

  const hasMore = computed(() => tickets.value.length < total.value)
  const filtered = computed(() => {
    const blank = defaultFilters()
    return filters.kind !== blank.kind
      || filters.severity !== blank.severity
      || filters.organizationId !== blank.organizationId
      || filters.search.trim() !== ''
      || filters.status !== 'all'
  })

  function query(offset: number, limit: number): TicketListQuery {
    const search = filters.search.trim()
    return {
      status: filters.status,
      sort: filters.sort,
      offset,
      limit,
      ...(filters.kind ? { kind: filters.kind } : {}),
      ...(filters.severity ? { severity: filters.severity } : {}),
      ...(filters.organizationId ? { organizationId: filters.organizationId } : {}),
      ...(search ? { search } : {}),
    }
  }

  // Only the newest request may write the list: answers to older filters are dropped.
  let generation = 0

  async function fetchPage(offset: number, limit: number, replace: boolean) {
    const current = ++generation
    loading.value = true
    try {
      const page = await client.invoke('tickets.list', query(offset, limit))
      if (current !== generation) return
      tickets.value = replace ? page.tickets : [...tickets.value, ...page.tickets]
      total.value = page.total
      unreadTotal.value = page.unreadTotal
      loaded.value = true
      error.value = null
    } catch (caught) {
      if (current === generation) error.value = caught instanceof Error ? caught.message : String(caught)
    } finally {
      if (current === generation) loading.value = false
    }
  }

  /** The first pages again, as many as are showing (up to a limit), after filters or data changed. */
  function reload() {
    const limit = Math.min(Math.max(tickets.value.length, PAGE_SIZE), MAX_RELOAD)
    return fetchPage(0, limit, true)
  }

  /** The next page, when the list nears its end; ignored while another request runs. */
  function loadMore() {
    if (loading.value || !hasMore.value) return Promise.resolve()
    return fetchPage(tickets.value.length, PAGE_SIZE, false)
  }

  /** Loads the list unless it already has been: the navigation's unread count needs it on every screen. */
  function ensureLoaded() {
    return loaded.value || loading.value ? Promise.resolve() : reload()
  }

  const reloadSoon = useDebouncedFn(() => void reload(), RELOAD_DELAY_MS)
  const refilterSoon = useDebouncedFn(() => void fetchPage(0, PAGE_SIZE, true), RELOAD_DELAY_MS)

  // Typing in the search box and changing filters settle for a moment before asking again; what is
  // on its way for the old filters no longer counts.
  watch(filters, () => {
    generation++
    loading.value = true
    refilterSoon()
  })

  // Pulls, creates and replies arrive in bursts; one reload covers the burst.
  onScopeDispose(client.on('tickets.changed', () => {
    if (loaded.value) reloadSoon()
  }))

  function resetFilters() {
    Object.assign(filters, defaultFilters())
  }

  function replaceTicket(ticket: LocalTicket) {
    const index = tickets.value.findIndex(({ id }) => id === ticket.id)
    if (index >= 0) tickets.value.splice(index, 1, ticket)
  }

  async function create(ticket: NewTicket, attachments: AttachmentUpload[] = []) {
    const created = await client.invoke('tickets.create', { ticket, attachments })
    reloadSoon()
    return created
  }

  const comment = (ticketId: string, body: string, attachments: AttachmentUpload[] = []) =>
    client.invoke('tickets.comment', { ticketId, body, attachments })

  async function setStatus(ticketId: string, status: 'resolved' | 'open') {
    const ticket = await client.invoke('tickets.setStatus', { ticketId, status })
    replaceTicket(ticket)
    return ticket
  }

  async function markRead(ticketId: string) {
    const result = await client.invoke('tickets.markRead', { ticketId })
    unreadTotal.value = result.unreadTotal
    const ticket = tickets.value.find(({ id }) => id === ticketId)
    if (ticket) replaceTicket({ ...ticket, unread: false })
  }

  return {
    filters,
    tickets,
    total,
    unreadTotal,
    loaded,
    loading,
    error,
    hasMore,
    filtered,
    reload,
    loadMore,
    ensureLoaded,
    resetFilters,
    create,
    comment,
    setStatus,
    markRead,
  }
})
