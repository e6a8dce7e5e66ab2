import type { Severity } from '../../shared/domain/support-plan'
import type { TicketKind } from '../../shared/domain/ticket'
import type { AttachmentUpload } from '../../shared/schemas/attachment'
import type { LocalTicket, TICKET_SORTS, TICKET_STATUS_FILTERS, TicketListQuery } from '../../shared/schemas/local-ticket'
import type { NewTicket } from '../../shared/schemas/ticket'
import { defineStore } from 'pinia'
import { computed, onScopeDispose, reactive, ref, shallowRef, watch } from 'vue'
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
/** The most a single reload asks for: the pages around what is on screen, not everything seen before. */
const MAX_RELOAD_PAGES = 5
const RELOAD_DELAY_MS = 150

const defaultFilters = (): TicketFilters => ({
  status: 'all',
  kind: null,
  severity: null,
  organizationId: null,
  search: '',
  sort: 'updated',
})

/**
 * The ticket list as the user filters it, read from the local cache a page at a time: only the pages
 * around what is on screen are loaded, so a list of 50,000 tickets costs what a list of 100 does.
 */
export const useTicketsStore = defineStore('tickets', () => {
  const client = useSupportClient()

  const filters = reactive<TicketFilters>(defaultFilters())
  /** Loaded pages by page number; a new Map on every change, so that readers re-render without deep proxies. */
  const pages = shallowRef(new Map<number, readonly LocalTicket[]>())
  const total = ref(0)
  const unreadTotal = ref(0)
  /** True once a list has arrived, so an empty list means "none" rather than "not yet". */
  const loaded = ref(false)
  const error = ref<string | null>(null)
  /** Bumped when the filters' answer replaces the list, so the table goes back to its top. */
  const listGeneration = ref(0)
  const pendingRequests = ref(0)
  /** Set while the filters changed and their answer has not come: the list on screen is out of date. */
  const refiltering = ref(false)
  const loading = computed(() => pendingRequests.value > 0 || refiltering.value)

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

  function ticketAt(index: number): LocalTicket | undefined {
    return pages.value.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE]
  }

  /** The rows on screen, as the table last reported them. */
  let visibleRows = { first: 0, last: PAGE_SIZE - 1 }
  const pageOf = (index: number) => Math.floor(index / PAGE_SIZE)

  // Only answers to the newest filters and data may write the list; older ones are dropped.
  let generation = 0
  const requestedPages = new Set<number>()

  /** Loads pages `firstPage`..`lastPage` in one request; `replace` drops every other page (the list changed). */
  async function fetchPages(firstPage: number, lastPage: number, replace: boolean) {
    const current = generation
    for (let page = firstPage; page <= lastPage; page++) requestedPages.add(page)
    pendingRequests.value++
    try {
      const answer = await client.invoke('tickets.list', query(firstPage * PAGE_SIZE, (lastPage - firstPage + 1) * PAGE_SIZE))
      if (current !== generation) return
      const next = replace ? new Map<number, readonly LocalTicket[]>() : new Map(pages.value)
      for (let page = firstPage; page <= lastPage; page++) {
        const start = (page - firstPage) * PAGE_SIZE
        next.set(page, answer.tickets.slice(start, start + PAGE_SIZE))
      }
      pages.value = next
      total.value = answer.total
      unreadTotal.value = answer.unreadTotal
      loaded.value = true
      error.value = null
    } catch (caught) {
      if (current === generation) error.value = caught instanceof Error ? caught.message : String(caught)
    } finally {
      pendingRequests.value--
      if (current === generation) {
        for (let page = firstPage; page <= lastPage; page++) requestedPages.delete(page)
      }
    }
  }

  /** Starts a new generation: what is on its way for the old one no longer counts. */
  function restart() {
    generation++
    requestedPages.clear()
  }

  /** The table shows rows `first`..`last`: loads the pages they are on that are missing. */
  function showRows(first: number, last: number) {
    visibleRows = { first, last }
    let missingFrom: number | null = null
    const lastPage = pageOf(Math.min(last, Math.max(total.value - 1, 0)))
    for (let page = pageOf(first); page <= lastPage + 1; page++) {
      const missing = page <= lastPage && !pages.value.has(page) && !requestedPages.has(page)
      if (missing && missingFrom === null) missingFrom = page
      if (!missing && missingFrom !== null) {
        void fetchPages(missingFrom, page - 1, false)
        missingFrom = null
      }
    }
  }

  /** The pages on screen again, after the data changed: offsets may have moved, so the rest are dropped. */
  function reload() {
    restart()
    const firstPage = pageOf(visibleRows.first)
    const lastPage = Math.min(pageOf(visibleRows.last), firstPage + MAX_RELOAD_PAGES - 1)
    return fetchPages(firstPage, lastPage, true)
  }

  /** Loads the list unless it already has been: the navigation's unread count needs it on every screen. */
  function ensureLoaded() {
    return loaded.value || loading.value ? Promise.resolve() : reload()
  }

  async function refilter() {
    visibleRows = { first: 0, last: PAGE_SIZE - 1 }
    restart()
    const current = generation
    await fetchPages(0, 0, true)
    if (current !== generation) return
    refiltering.value = false
    listGeneration.value++
  }

  const reloadSoon = useDebouncedFn(() => void reload(), RELOAD_DELAY_MS)
  const refilterSoon = useDebouncedFn(() => void refilter(), RELOAD_DELAY_MS)

  // Typing in the search box and changing filters settle for a moment before asking again; what is
  // on its way for the old filters no longer counts.
  watch(filters, () => {
    restart()
    refiltering.value = true
    refilterSoon()
  })

  // Pulls, creates and replies arrive in bursts; one reload covers the burst.
  onScopeDispose(client.on('tickets.changed', () => {
    if (loaded.value) reloadSoon()
  }))

  function resetFilters() {
    Object.assign(filters, defaultFilters())
  }

  /** Puts a ticket the user just changed in place, without waiting for the reload. */
  function replaceTicket(id: string, update: (ticket: LocalTicket) => LocalTicket) {
    for (const [page, rows] of pages.value) {
      const index = rows.findIndex((row) => row.id === id)
      if (index < 0) continue
      pages.value = new Map(pages.value).set(page, rows.with(index, update(rows[index]!)))
      return
    }
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
    replaceTicket(ticketId, () => ticket)
    return ticket
  }

  async function markRead(ticketId: string) {
    const result = await client.invoke('tickets.markRead', { ticketId })
    unreadTotal.value = result.unreadTotal
    replaceTicket(ticketId, (ticket) => ({ ...ticket, unread: false }))
  }

  return {
    filters,
    total,
    unreadTotal,
    loaded,
    loading,
    error,
    listGeneration,
    filtered,
    ticketAt,
    showRows,
    reload,
    ensureLoaded,
    resetFilters,
    create,
    comment,
    setStatus,
    markRead,
  }
})
