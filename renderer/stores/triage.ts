import type { Severity } from '../../shared/domain/support-plan'
import type { TicketStatus } from '../../shared/domain/ticket'
import type { StaffMember, TriageAction, TriageRow, TriageView, TriageViewFilters } from '../../shared/schemas/triage'
import { defineStore } from 'pinia'
import { computed, onScopeDispose, reactive, ref, watch } from 'vue'
import { SEVERITIES } from '../../shared/domain/support-plan'
import { TICKET_STATUSES } from '../../shared/domain/ticket'
import { labelSchema } from '../../shared/schemas/ticket'
import { useDebouncedFn } from '../composables/useDebouncedFn'
import { useSupportClient } from '../support-client'
import { useSessionStore } from './session'

/** The filter bar's state; empty choices mean "any". */
interface TriageFilterState {
  severities: Severity[]
  statuses: TicketStatus[]
  organizationId: string | null
  waitingForSupportHours: number | null
  /** 'me', 'unassigned' or a staff member's id. */
  assignee: string | null
  label: string
  search: string
}

/** What the last apply, undo or re-apply queued: the toolbar's Undo takes it back. */
interface TriageBatch {
  batchId: string
  kind: TriageAction['kind'] | 'reapply'
  applied: number
}

/** The queue is for triage, not browsing: past this many rows the user narrows the filters. */
const QUEUE_LIMIT = 500
const RELOAD_DELAY_MS = 200

const blankTriageFilters = (): TriageFilterState => ({
  severities: [],
  statuses: [],
  organizationId: null,
  waitingForSupportHours: null,
  assignee: null,
  label: '',
  search: '',
})

const inOrder = <T extends string>(values: readonly T[], order: readonly T[]) => order.filter((value) => values.includes(value))

/**
 * Filters as the core takes them, in one canonical form (fixed key order, sorted choices, nothing
 * empty), so that two equal filter sets compare equal as JSON. A label that is not valid yet is left out.
 */
function canonicalFilters(filters: TriageViewFilters): TriageViewFilters {
  const search = filters.search?.trim()
  const label = filters.label === undefined ? undefined : labelSchema.safeParse(filters.label).data
  return {
    ...(filters.severities?.length ? { severities: inOrder(filters.severities, SEVERITIES) } : {}),
    ...(filters.statuses?.length ? { statuses: inOrder(filters.statuses, TICKET_STATUSES) } : {}),
    ...(filters.organizationId ? { organizationId: filters.organizationId } : {}),
    ...(filters.waitingForSupportHours ? { waitingForSupportHours: filters.waitingForSupportHours } : {}),
    ...(filters.assignee ? { assignee: filters.assignee } : {}),
    ...(label ? { label } : {}),
    ...(search ? { search } : {}),
  }
}

function toViewFilters(state: TriageFilterState): TriageViewFilters {
  return canonicalFilters({
    severities: state.severities,
    statuses: state.statuses,
    organizationId: state.organizationId ?? undefined,
    waitingForSupportHours: state.waitingForSupportHours ?? undefined,
    assignee: state.assignee ?? undefined,
    label: state.label.trim() || undefined,
    search: state.search,
  })
}

function toFilterState(filters: TriageViewFilters): TriageFilterState {
  return {
    severities: [...(filters.severities ?? [])],
    statuses: [...(filters.statuses ?? [])],
    organizationId: filters.organizationId ?? null,
    waitingForSupportHours: filters.waitingForSupportHours ?? null,
    assignee: filters.assignee ?? null,
    label: filters.label ?? '',
    search: filters.search ?? '',
  }
}

const sameFilters = (a: TriageViewFilters, b: TriageViewFilters) => JSON.stringify(canonicalFilters(a)) === JSON.stringify(canonicalFilters(b))
const messageOf = (caught: unknown) => (caught instanceof Error ? caught.message : String(caught))

/**
 * A TAM's triage queue across their organizations, as the core's local cache has it (so offline too):
 * the filters and saved views, which row has the keyboard focus, the selection, and the last batch to undo.
 */
export const useTriageStore = defineStore('triage', () => {
  const client = useSupportClient()
  const session = useSessionStore()

  const filters = reactive<TriageFilterState>(blankTriageFilters())
  const rows = ref<TriageRow[]>([])
  /** How many tickets match, of which `rows` are the riskiest. */
  const total = ref(0)
  /** True once a queue has arrived, so an empty one means "none" rather than "not yet". */
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)

  const focusedId = ref<string | null>(null)
  const selectedIds = ref<string[]>([])

  const views = ref<TriageView[]>([])
  const viewsLoaded = ref(false)
  const viewsError = ref<string | null>(null)

  const staff = ref<StaffMember[]>([])
  const staffLoaded = ref(false)
  const staffError = ref<string | null>(null)

  const lastBatch = ref<TriageBatch | null>(null)

  const query = computed(() => toViewFilters(filters))
  const filtered = computed(() => Object.keys(query.value).length > 0)
  /** The saved view whose filters are the ones showing, if any: it is derived, so editing a filter leaves it. */
  const activeView = computed(() => views.value.find((view) => sameFilters(view.filters, query.value)) ?? null)

  const focusedIndex = computed(() => rows.value.findIndex(({ id }) => id === focusedId.value))
  const focusedRow = computed(() => rows.value[focusedIndex.value] ?? null)
  const selectedRows = computed(() => {
    const selected = new Set(selectedIds.value)
    return rows.value.filter(({ id }) => selected.has(id))
  })
  /** What an action applies to: the selection when there is one, else the focused row. */
  const actionTargets = computed(() => (selectedRows.value.length > 0 ? selectedRows.value : focusedRow.value ? [focusedRow.value] : []))
  const conflicts = computed(() => rows.value.flatMap(({ notApplied }) => notApplied))

  /** The user's organizations, and any other the queue shows (engineers see beyond their own), by name. */
  const organizations = computed(() => {
    const names = new Map((session.profile?.organizations ?? []).map(({ id, name }) => [id, name]))
    for (const row of rows.value) {
      if (row.organizationId && !names.has(row.organizationId)) names.set(row.organizationId, row.organizationName ?? row.organizationId)
    }
    return [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name))
  })

  /** After a reload: keep the focus on the same ticket, or at the same place if it left the queue. */
  function reconcile(next: TriageRow[], previousIndex: number) {
    const ids = new Set(next.map(({ id }) => id))
    selectedIds.value = selectedIds.value.filter((id) => ids.has(id))
    if (focusedId.value === null || !ids.has(focusedId.value)) {
      focusedId.value = next[Math.min(Math.max(previousIndex, 0), next.length - 1)]?.id ?? null
    }
  }

  // Only the newest request may write the queue: answers to older filters are dropped.
  let generation = 0

  async function reload() {
    const current = ++generation
    loading.value = true
    const previousIndex = focusedIndex.value
    try {
      const page = await client.invoke('triage.list', { filters: query.value, limit: QUEUE_LIMIT })
      if (current !== generation) return
      rows.value = page.tickets
      total.value = page.total
      reconcile(page.tickets, previousIndex)
      loaded.value = true
      error.value = null
    } catch (caught) {
      if (current === generation) error.value = messageOf(caught)
    } finally {
      if (current === generation) loading.value = false
    }
  }

  async function loadViews() {
    try {
      views.value = (await client.invoke('triage.views', {})).views
      viewsError.value = null
    } catch (caught) {
      viewsError.value = messageOf(caught)
    } finally {
      viewsLoaded.value = true
    }
  }

  async function loadStaff() {
    try {
      staff.value = (await client.invoke('triage.staff', {})).staff
      staffError.value = null
    } catch (caught) {
      staffError.value = messageOf(caught)
    } finally {
      staffLoaded.value = true
    }
  }

  /** Everything the Triage screen shows; the queue is reloaded each time, views and staff once. */
  function open() {
    return Promise.all([
      reload(),
      viewsLoaded.value && !viewsError.value ? null : loadViews(),
      staffLoaded.value && !staffError.value ? null : loadStaff(),
    ])
  }

  const reloadSoon = useDebouncedFn(() => void reload(), RELOAD_DELAY_MS)

  // Typing a search settles for a moment before asking again; what is on its way for the old filters no longer counts.
  watch(() => JSON.stringify(query.value), () => {
    generation++
    loading.value = true
    reloadSoon()
  })

  // Pulls and the outbox's progress arrive in bursts; one reload covers the burst.
  onScopeDispose(client.on('tickets.changed', () => {
    if (loaded.value) reloadSoon()
  }))

  // The rows' "to sync" and "not applied" marks follow the outbox: when it moves, they are read again.
  let outbox: string | null = null
  onScopeDispose(client.on('sync.status', ({ pendingMutations, failedMutations }) => {
    const next = `${pendingMutations}/${failedMutations}`
    if (outbox !== null && next !== outbox && loaded.value) reloadSoon()
    outbox = next
  }))

  function applyFilters(next: TriageViewFilters) {
    Object.assign(filters, toFilterState(next))
  }

  function resetFilters() {
    Object.assign(filters, blankTriageFilters())
  }

  function focus(ticketId: string) {
    focusedId.value = ticketId
  }

  /** Moves the focus `step` rows down (or up), stopping at either end. */
  function moveFocus(step: number) {
    if (rows.value.length === 0) return
    const index = Math.min(Math.max(focusedIndex.value + step, 0), rows.value.length - 1)
    focusedId.value = rows.value[index]!.id
  }

  /** The ticket last selected or deselected on its own: a range selection starts there. */
  let selectionAnchor: string | null = null

  function toggleSelected(ticketId: string) {
    selectionAnchor = ticketId
    selectedIds.value = selectedIds.value.includes(ticketId)
      ? selectedIds.value.filter((id) => id !== ticketId)
      : [...selectedIds.value, ticketId]
  }

  /** Adds every ticket from the anchor to this one, in the queue's order (Shift+click, Shift+X). */
  function selectRange(ticketId: string) {
    const to = rows.value.findIndex(({ id }) => id === ticketId)
    const from = rows.value.findIndex(({ id }) => id === selectionAnchor)
    if (to < 0 || from < 0) {
      toggleSelected(ticketId)
      return
    }
    const range = rows.value.slice(Math.min(from, to), Math.max(from, to) + 1).map(({ id }) => id)
    selectedIds.value = [...new Set([...selectedIds.value, ...range])]
    selectionAnchor = ticketId
  }

  function setSelection(ticketIds: string[]) {
    selectedIds.value = [...ticketIds]
  }

  async function apply(ticketIds: string[], action: TriageAction) {
    const result = await client.invoke('triage.apply', { ticketIds, action })
    lastBatch.value = { batchId: result.batchId, kind: action.kind, applied: result.applied }
    void reload()
    return result
  }

  /** Takes a batch back, the last one unless told which. */
  async function undo(batchId = lastBatch.value?.batchId) {
    if (!batchId) return null
    const result = await client.invoke('triage.undo', { batchId })
    if (lastBatch.value?.batchId === batchId) lastBatch.value = null
    void reload()
    return result
  }

  async function reapply(mutationId: string) {
    const result = await client.invoke('triage.reapply', { mutationId })
    lastBatch.value = { batchId: result.batchId, kind: 'reapply', applied: result.applied }
    void reload()
    return result
  }

  async function dismiss(mutationId: string) {
    await client.invoke('triage.dismiss', { mutationId })
    // The notice goes at once; the reload confirms it.
    rows.value = rows.value.map((row) => ({ ...row, notApplied: row.notApplied.filter((change) => change.mutationId !== mutationId) }))
    void reload()
  }

  async function storeView(input: { id?: string; name: string; filters: TriageViewFilters }) {
    const view = await client.invoke('triage.saveView', input)
    const index = views.value.findIndex((existing) => existing.id === view.id)
    views.value = index >= 0 ? views.value.toSpliced(index, 1, view) : [...views.value, view]
    return view
  }

  /** Saves the filters showing now as a new view. */
  const saveView = (name: string) => storeView({ name, filters: query.value })

  /** Gives a view a new name; what it shows stays the same. */
  const renameView = (view: TriageView, name: string) => storeView({ id: view.id, name, filters: view.filters })

  async function deleteView(id: string) {
    await client.invoke('triage.deleteView', { id })
    views.value = views.value.filter((view) => view.id !== id)
  }

  return {
    filters,
    rows,
    total,
    loaded,
    loading,
    error,
    focusedId,
    selectedIds,
    views,
    viewsLoaded,
    viewsError,
    staff,
    staffLoaded,
    staffError,
    lastBatch,
    query,
    filtered,
    activeView,
    focusedIndex,
    focusedRow,
    selectedRows,
    actionTargets,
    conflicts,
    organizations,
    open,
    reload,
    loadViews,
    loadStaff,
    applyFilters,
    resetFilters,
    focus,
    moveFocus,
    toggleSelected,
    selectRange,
    setSelection,
    apply,
    undo,
    reapply,
    dismiss,
    saveView,
    renameView,
    deleteView,
  }
})
