import type { Severity } from '../../shared/domain/support-plan'
import type { TicketKind } from '../../shared/domain/ticket'
import type { LocalTicket } from '../../shared/schemas/local-ticket'
import type { NewTicket } from '../../shared/schemas/ticket'
import { computed, reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { SEVERITIES, allowsTechnicalTickets } from '../../shared/domain/support-plan'
import { ACCOUNT_BILLING_SEVERITIES } from '../../shared/domain/ticket'
import { SupportError } from '../../shared/schemas/error'
import { TICKET_SUMMARY_MAX, newTicketSchema } from '../../shared/schemas/ticket'
import { useSessionStore } from '../stores/session'
import { useTicketsStore } from '../stores/tickets'
import { useSupportClient } from '../support-client'
import { useAttachmentPicker } from './useAttachmentPicker'
import { useDebouncedFn } from './useDebouncedFn'

const TICKET_FORM_FIELDS = [
  'organizationId',
  'clusterId',
  'summary',
  'description',
  'severity',
  'environment',
  'component',
  'affectedVersion',
] as const
export type TicketFormField = (typeof TICKET_FORM_FIELDS)[number]
/** Every field as text, '' while unset: the shape drafts are stored in. */
export type TicketFormFields = Record<TicketFormField, string>

const isFormField = (value: unknown): value is TicketFormField => TICKET_FORM_FIELDS.includes(value as TicketFormField)

export interface TicketPrefill {
  organizationId?: string
  clusterId?: string
  /** A whole form (a follow-up): it replaces the kind's draft rather than adding to it. */
  fields?: Partial<TicketFormFields>
}

const DRAFT_SAVE_DELAY_MS = 400
const SIMILAR_DELAY_MS = 300
const SIMILAR_MIN_LENGTH = 3
const SIMILAR_MAX = 5
const SIMILAR_TEXT_MAX = 2_000

const blankFields = (): TicketFormFields => ({
  organizationId: '',
  clusterId: '',
  summary: '',
  description: '',
  severity: '',
  environment: '',
  component: '',
  affectedVersion: '',
})

const optional = (value: string) => (value === '' ? undefined : value)
const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** The core checks `{ ticket, attachments }`, so its field paths may start with `ticket.`. */
const formFieldOf = (path: string) => {
  const field = path.replace(/^ticket\./, '')
  return isFormField(field) ? field : null
}

/**
 * The new-ticket form: one draft per kind kept as the user types, checked with the same schema
 * the core and the help center use, and a look for similar tickets the user already filed.
 */
export function useNewTicketForm() {
  const client = useSupportClient()
  const session = useSessionStore()
  const tickets = useTicketsStore()
  const { t, te } = useI18n()

  const kind = ref<TicketKind | null>(null)
  const form = reactive<TicketFormFields>(blankFields())
  const fieldErrors = reactive<Partial<Record<TicketFormField, string>>>({})
  const failure = ref<string | null>(null)
  /** False while the kind's draft is being read, so typing cannot be overwritten by it. */
  const ready = ref(false)
  const submitting = ref(false)
  const draftSavedAt = ref<string | null>(null)
  /** Not part of the draft: drafts hold text only, and files can be large. */
  const attachments = useAttachmentPicker()
  /** The closed ticket this one follows up, shown above the form. */
  const followingUp = ref<LocalTicket | null>(null)
  const followUpLoading = ref(false)
  const followUpError = ref<string | null>(null)
  /** What a link asked for that could not be used: an organization or cluster that is not the user's. */
  const linkNotes = ref<string[]>([])

  const organizations = computed(() => session.profile?.organizations ?? [])
  const organization = computed(() => organizations.value.find(({ id }) => id === form.organizationId) ?? null)
  const clusters = computed(() => organization.value?.clusters ?? [])
  const technicalUnavailable = computed(
    () => kind.value === 'technical' && organization.value !== null && !allowsTechnicalTickets(organization.value.supportPlan),
  )
  const severities = computed<readonly Severity[]>(() => (kind.value === 'account_billing' ? ACCOUNT_BILLING_SEVERITIES : SEVERITIES))
  const severity = computed(() => severities.value.find((value) => value === form.severity) ?? null)

  // Editing a field withdraws the complaint about it.
  for (const field of TICKET_FORM_FIELDS) {
    watch(() => form[field], () => {
      delete fieldErrors[field]
    })
  }

  function clearErrors() {
    failure.value = null
    for (const field of TICKET_FORM_FIELDS) delete fieldErrors[field]
    attachments.clearErrors()
  }

  function chooseOrganization(organizationId: string | null) {
    form.organizationId = organizationId ?? ''
    if (!clusters.value.some(({ id }) => id === form.clusterId)) form.clusterId = ''
  }

  /** Picking a cluster fills in its TiDB version, which the user may still change. */
  function chooseCluster(clusterId: string | null) {
    form.clusterId = clusterId ?? ''
    const cluster = clusters.value.find(({ id }) => id === clusterId)
    if (cluster) form.affectedVersion = cluster.tidbVersion
  }

  // Drafts: saved a moment after each change, one per kind, and not re-saved just for being restored.
  let savedSnapshot = ''
  const snapshot = () => JSON.stringify(form)

  const saveDraftSoon = useDebouncedFn((draftKind: TicketKind, fields: TicketFormFields) => {
    client.invoke('drafts.save', { kind: draftKind, fields }).then(
      (draft) => {
        draftSavedAt.value = draft.savedAt
      },
      () => {
        // A draft is a convenience: the form still works, it just won't survive a restart.
      },
    )
  }, DRAFT_SAVE_DELAY_MS)

  watch(form, () => {
    if (!ready.value || !kind.value || snapshot() === savedSnapshot) return
    savedSnapshot = snapshot()
    saveDraftSoon(kind.value, { ...form })
  })

  /** Starts (or returns to) a kind of ticket: its draft if there is one, then anything the link asked for. */
  async function chooseKind(next: TicketKind, prefill: TicketPrefill = {}) {
    if (next === kind.value) return
    saveDraftSoon.flush()
    kind.value = next
    ready.value = false
    clearErrors()
    draftSavedAt.value = null
    Object.assign(form, blankFields(), { organizationId: session.selectedOrganizationId ?? '' })
    if (prefill.fields) {
      Object.assign(form, prefill.fields)
    } else {
      followingUp.value = null
      try {
        const draft = await client.invoke('drafts.get', { kind: next })
        if (kind.value !== next) return
        if (draft) {
          for (const [field, value] of Object.entries(draft.fields)) if (isFormField(field)) form[field] = value
          draftSavedAt.value = draft.savedAt
        }
      } catch {
        // Without the draft the user starts from a blank form.
      }
      if (kind.value !== next) return
    }
    savedSnapshot = snapshot()
    applyLink(prefill)
    ready.value = true
  }

  /** The organization and cluster a link named; any that are not the user's are left out, with a note. */
  function applyLink({ organizationId, clusterId }: TicketPrefill) {
    const notes: string[] = []
    // A link may name only the cluster: its organization is then the one that has it.
    const linkedOrganizationId = organizationId
      ?? organizations.value.find(({ clusters: owned }) => owned.some(({ id }) => id === clusterId))?.id
    if (linkedOrganizationId) {
      const known = organizations.value.some(({ id }) => id === linkedOrganizationId)
      chooseOrganization(known ? linkedOrganizationId : null)
      if (!known) notes.push(t('newTicket.link.unknownOrganization', { id: linkedOrganizationId }))
    }
    if (clusterId && notes.length === 0) {
      if (clusters.value.some(({ id }) => id === clusterId)) {
        chooseCluster(clusterId)
      } else {
        chooseCluster(null)
        notes.push(organization.value
          ? t('newTicket.link.foreignCluster', { id: clusterId, organization: organization.value.name })
          : t('newTicket.link.unknownCluster', { id: clusterId }))
      }
    }
    linkNotes.value = notes
  }

  /** A link to the form (a deep link, the tray, a cluster's "get support"): its kind, else the one on screen, then its choices. */
  async function followLink(linkKind: TicketKind | undefined, prefill: TicketPrefill) {
    if (linkKind && linkKind !== kind.value) await chooseKind(linkKind, prefill)
    else if (kind.value && ready.value) applyLink(prefill)
  }

  async function discardDraft() {
    if (!kind.value) return
    saveDraftSoon.cancel()
    Object.assign(form, blankFields(), { organizationId: session.selectedOrganizationId ?? '' })
    savedSnapshot = snapshot()
    draftSavedAt.value = null
    clearErrors()
    attachments.clear()
    followingUp.value = null
    try {
      await client.invoke('drafts.discard', { kind: kind.value })
    } catch (error) {
      failure.value = message(error)
    }
  }

  /** The closed ticket's kind, organization, cluster, severity and technical fields, and a reference to it. */
  function followUpFields(closed: LocalTicket): Partial<TicketFormFields> {
    const key = closed.key ?? closed.id
    const followed = organizations.value.find(({ id }) => id === closed.organizationId)
    const cluster = followed?.clusters.find(({ id }) => id === closed.clusterId)
    const summary = t('newTicket.followUp.summary', { key, summary: closed.summary })
    const fields: Partial<TicketFormFields> = {
      ...(followed ? { organizationId: followed.id } : {}),
      clusterId: cluster?.id ?? '',
      summary: summary.length > TICKET_SUMMARY_MAX ? `${summary.slice(0, TICKET_SUMMARY_MAX - 1)}…` : summary,
      description: t('newTicket.followUp.description', { key, summary: closed.summary }),
      severity: closed.severity,
    }
    if (closed.kind !== 'technical') return fields
    return {
      ...fields,
      environment: closed.environment ?? '',
      component: closed.component ?? '',
      // The cluster may have been upgraded since: its version now is the one affected.
      affectedVersion: cluster?.tidbVersion ?? closed.affectedVersion ?? '',
    }
  }

  /** Starts a new ticket that follows up a closed one, filled in from it. */
  async function startFollowUp(ticketId: string) {
    followUpLoading.value = true
    followUpError.value = null
    try {
      const { ticket: closed } = await client.invoke('tickets.get', { ticketId })
      followingUp.value = closed
      await chooseKind(closed.kind, { fields: followUpFields(closed) })
    } catch (error) {
      followUpError.value = message(error)
    } finally {
      followUpLoading.value = false
    }
  }

  /** What the user filled in, as the shared schema expects it. */
  function candidate() {
    const common = {
      kind: kind.value,
      summary: form.summary,
      organizationId: optional(form.organizationId),
      clusterId: optional(form.clusterId),
      description: form.description,
      severity: optional(form.severity),
    }
    if (kind.value !== 'technical') return common
    return {
      ...common,
      environment: optional(form.environment),
      component: optional(form.component),
      affectedVersion: form.affectedVersion,
    }
  }

  /** English messages come from the shared schema itself; other locales translate them by field and issue. */
  function validate(): NewTicket | null {
    const result = newTicketSchema.safeParse(candidate())
    if (result.success) return result.data
    for (const issue of result.error.issues) {
      const field = issue.path[0]
      if (!isFormField(field) || fieldErrors[field]) continue
      const key = [`validation.${kind.value}.${field}.${issue.code}`, `validation.${field}.${issue.code}`].find((candidateKey) => te(candidateKey))
      fieldErrors[field] = key ? t(key) : issue.message
    }
    return null
  }

  /** Puts each of the core's complaints beside its field or file; false when none had a place on the form. */
  function showFieldErrors(fields: Record<string, string>): boolean {
    let shown = attachments.showFieldErrors(fields)
    for (const [path, complaint] of Object.entries(fields)) {
      const field = formFieldOf(path)
      if (!field) continue
      fieldErrors[field] = complaint
      shown = true
    }
    return shown
  }

  /** Files the ticket (through the outbox, so offline too); resolves with it, or null when it was not filed. */
  async function submit(): Promise<LocalTicket | null> {
    clearErrors()
    const ticket = validate()
    if (!ticket || submitting.value) return null
    submitting.value = true
    try {
      const uploads = await attachments.read()
      if (!uploads) return null
      const created = await tickets.create(ticket, uploads)
      saveDraftSoon.cancel()
      attachments.clear()
      await client.invoke('drafts.discard', { kind: ticket.kind }).catch(() => undefined)
      return created
    } catch (error) {
      if (error instanceof SupportError && error.code === 'invalid_input' && error.fields && showFieldErrors(error.fields)) return null
      failure.value = message(error)
      return null
    } finally {
      submitting.value = false
    }
  }

  // Similar tickets: as the summary and description take shape, the user's own look-alikes.
  const similar = ref<LocalTicket[]>([])
  let similarRequest = 0
  const findSimilarSoon = useDebouncedFn(async (text: string) => {
    const current = ++similarRequest
    try {
      const result = await client.invoke('tickets.similar', { text })
      if (current !== similarRequest) return
      const userId = session.profile?.user.id
      similar.value = result.tickets.filter((ticket) => ticket.requesterId === userId).slice(0, SIMILAR_MAX)
    } catch {
      if (current === similarRequest) similar.value = []
    }
  }, SIMILAR_DELAY_MS)

  watch(() => `${form.summary} ${form.description}`.trim(), (text) => {
    if (text.length < SIMILAR_MIN_LENGTH) {
      findSimilarSoon.cancel()
      similarRequest++
      similar.value = []
      return
    }
    findSimilarSoon(text.slice(0, SIMILAR_TEXT_MAX))
  })

  return {
    kind,
    form,
    fieldErrors,
    failure,
    ready,
    submitting,
    draftSavedAt,
    attachments,
    followingUp,
    followUpLoading,
    followUpError,
    linkNotes,
    organizations,
    organization,
    clusters,
    technicalUnavailable,
    severities,
    severity,
    similar,
    chooseKind,
    chooseOrganization,
    chooseCluster,
    followLink,
    discardDraft,
    startFollowUp,
    submit,
  }
}
