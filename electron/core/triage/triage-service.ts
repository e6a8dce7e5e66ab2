import { randomUUID } from 'node:crypto'
import { searchTerms } from '../../../shared/domain/search-terms'
import { matchedTicketsSql } from '../tickets/search-index'
import { SEVERITIES } from '../../../shared/domain/support-plan'
import { OPEN_TICKET_STATUSES } from '../../../shared/domain/ticket'
import type { Profile } from '../../../shared/schemas/account'
import { SupportError } from '../../../shared/schemas/error'
import type { LocalTicket } from '../../../shared/schemas/local-ticket'
import type { Mutation } from '../../../shared/schemas/ticket'
import {
  staffListSchema,
  triageViewFiltersSchema,
  type NotAppliedChange,
  type OrganizationTriageSummary,
  type StaffMember,
  type TriageAction,
  type TriageRow,
  type TriageView,
  type TriageViewFilters,
} from '../../../shared/schemas/triage'
import type { AccountDatabase } from '../database/account-database'
import { loadDocument, readThrough } from '../help-center/cached-documents'
import type { SessionService } from '../session/session-service'
import { Outbox } from '../sync/outbox'
import type { SyncEngine } from '../sync/sync-engine'
import { ticketFromRow, type TicketRow } from '../tickets/ticket-rows'
import { TicketStore } from '../tickets/ticket-store'

export interface TriageServiceOptions {
  session: SessionService
  sync: SyncEngine
  onTicketsChanged: (ticketIds: string[]) => void
  now?: () => Date
}

/** The fields a triage change sets on the local copy, as they are stored. */
interface TriageFields {
  severity?: LocalTicket['severity']
  priority?: LocalTicket['priority']
  assigneeId?: string | null
  assigneeName?: string | null
  status?: LocalTicket['status']
  labels?: string[]
}

type ConflictField = NotAppliedChange['field']

interface BatchItemRow {
  mutation_id: string
  ticket_id: string
  kind: TriageAction['kind']
  before_value: string | null
  after_value: string | null
}

const STAFF_DOCUMENT = 'staff'
const VIEWS_SEEDED = 'triage_views_seeded'
const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/**
 * A TAM's queue across their organizations and the changes they make to it. Everything works on the local
 * cache and goes out through the outbox (offline too); each action is a batch that Undo takes back whole.
 */
export class TriageService {
  private readonly now: () => Date

  constructor(private readonly options: TriageServiceOptions) {
    this.now = options.now ?? (() => new Date())
  }

  list(input: TriageViewFilters, limit: number): { tickets: TriageRow[]; total: number } {
    const { db, profile } = this.supportAccount()
    const filters = triageViewFiltersSchema.parse(input)
    const now = this.now()
    const where: string[] = []
    const parameters: Record<string, unknown> = { now: now.toISOString(), limit, me: profile.user.id }
    const statuses = filters.statuses ?? OPEN_TICKET_STATUSES
    where.push(`status IN (${statuses.map((_, index) => `@status${index}`).join(', ')})`)
    statuses.forEach((status, index) => (parameters[`status${index}`] = status))
    if (filters.severities?.length) {
      where.push(`severity IN (${filters.severities.map((_, index) => `@severity${index}`).join(', ')})`)
      filters.severities.forEach((severity, index) => (parameters[`severity${index}`] = severity))
    }
    if (filters.organizationId) {
      where.push('organization_id = @organizationId')
      parameters.organizationId = filters.organizationId
    }
    if (filters.waitingForSupportHours) {
      where.push("status = 'waiting_for_support' AND COALESCE(last_customer_activity_at, created_at) < @waitingSince")
      parameters.waitingSince = new Date(now.getTime() - filters.waitingForSupportHours * HOUR_MS).toISOString()
    }
    if (filters.assignee === 'me') where.push('assignee_id = @me')
    else if (filters.assignee === 'unassigned') where.push('assignee_id IS NULL')
    else if (filters.assignee) {
      where.push('assignee_id = @assignee')
      parameters.assignee = filters.assignee
    }
    if (filters.label) {
      where.push('EXISTS (SELECT 1 FROM json_each(tickets.labels) WHERE value = @label)')
      parameters.label = filters.label
    }
    if (filters.search?.trim()) {
      const { phrases, shortTerms } = searchTerms(filters.search)
      if (phrases.length > 0) {
        where.push(`rowid IN (${matchedTicketsSql(phrases.map((_, index) => `@phrase${index}`))})`)
        phrases.forEach((phrase, index) => (parameters[`phrase${index}`] = phrase))
      }
      // instr reads the whole value, where LIKE stops at a NUL in a summary and misses what follows it.
      shortTerms.forEach((term, index) => {
        where.push(`(instr(lower(summary), lower(@short${index})) > 0 OR instr(lower(key), lower(@short${index})) > 0)`)
        parameters[`short${index}`] = term
      })
    }
    const filter = `WHERE ${where.join(' AND ')}`
    // Breached first (most overdue first), then least time left, then whoever has waited longest.
    const rows = db
      .prepare(
        `SELECT * FROM tickets ${filter}
         ORDER BY
           CASE WHEN first_responded_at IS NULL AND first_response_due_at < @now THEN 0
                WHEN first_responded_at IS NULL AND first_response_due_at IS NOT NULL THEN 1 ELSE 2 END,
           CASE WHEN first_responded_at IS NULL THEN first_response_due_at END,
           COALESCE(last_customer_activity_at, created_at), id
         LIMIT @limit`,
      )
      .all(parameters) as TicketRow[]
    const { count } = db.prepare(`SELECT COUNT(*) AS count FROM tickets ${filter}`).get(parameters) as { count: number }
    const organizations = new Map(profile.organizations.map(({ id, name }) => [id, name]))
    const outbox = new Outbox(db)
    const notApplied = this.notApplied(db, rows.map(({ id }) => id))
    return {
      tickets: rows.map((row) => ({
        ...ticketFromRow(row),
        organizationName: row.organization_id ? (organizations.get(row.organization_id) ?? null) : null,
        notApplied: notApplied.filter(({ ticketId }) => ticketId === row.id),
        pendingChanges: outbox.pendingCountFor(row.id),
      })),
      total: count,
    }
  }

  apply(ticketIds: string[], action: TriageAction): { batchId: string; applied: number } {
    const { db, profile } = this.supportAccount()
    const store = new TicketStore(db)
    const batchId = randomUUID()
    const at = this.now().toISOString()
    const assigneeName = action.kind === 'assign' ? this.assigneeName(db, action.assigneeId) : null
    let applied = 0
    db.transaction(() => {
      for (const ticketId of ticketIds) {
        const ticket = store.get(ticketId)
        if (!ticket) throw new SupportError({ code: 'not_found', message: 'That ticket is not in this account.' })
        if (ticket.key === null) {
          throw new SupportError({ code: 'invalid_input', message: 'A ticket can be triaged once the help center has filed it.' })
        }
        const change = this.changeFor(ticket, action, assigneeName, profile)
        if (!change) continue
        this.queue(db, batchId, ticket, action.kind, change, at)
        applied++
      }
    })()
    this.changed(ticketIds)
    return { batchId, applied }
  }

  /** Drops what has not synced yet and sends the inverse of what has; notes and replies already sent stay. */
  undo(batchId: string): { batchId: string; applied: number } {
    const { db } = this.supportAccount()
    const items = db
      .prepare('SELECT * FROM triage_batch_items WHERE batch_id = ? ORDER BY rowid DESC')
      .all(batchId) as BatchItemRow[]
    if (items.length === 0) throw new SupportError({ code: 'not_found', message: 'There is nothing left to undo.' })
    const store = new TicketStore(db)
    const outbox = new Outbox(db)
    const undoBatch = randomUUID()
    const at = this.now().toISOString()
    let undone = 0
    db.transaction(() => {
      for (const item of items) {
        const entry = outbox.get(item.mutation_id)
        const before = item.before_value === null ? null : (JSON.parse(item.before_value) as TriageFields)
        if (entry && entry.state === 'pending') {
          outbox.remove(item.mutation_id)
          if (entry.mutation.type === 'note.add' || entry.mutation.type === 'comment.add') store.removeLocal('comment', entry.mutation.commentId)
          else if (before) store.setTriageFields(item.ticket_id, before, at)
          undone++
          continue
        }
        if (entry) outbox.remove(item.mutation_id)
        const ticket = store.get(item.ticket_id)
        if (!before || !ticket) continue
        const mutation = this.mutationFor(ticket, item.kind, before, 'Undo of an earlier change')
        if (!mutation) continue
        store.setTriageFields(ticket.id, before, at)
        outbox.enqueue(mutation, at)
        this.recordItem(db, undoBatch, mutation.id, ticket.id, item.kind, this.fieldsOf(ticket, before), before, at)
        undone++
      }
      db.prepare('DELETE FROM triage_batch_items WHERE batch_id = ?').run(batchId)
    })()
    this.changed([...new Set(items.map(({ ticket_id }) => ticket_id))])
    return { batchId: undoBatch, applied: undone }
  }

  /** Sends a "not applied" change again, over the value the help center holds now. */
  reapply(mutationId: string): { batchId: string; applied: number } {
    const { db } = this.supportAccount()
    const outbox = new Outbox(db)
    const entry = outbox.get(mutationId)
    if (!entry || entry.state !== 'failed' || !entry.mutation.type.startsWith('triage.')) {
      throw new SupportError({ code: 'not_found', message: 'That change is no longer waiting.' })
    }
    const store = new TicketStore(db)
    const ticket = store.get(entry.mutation.ticketId)
    if (!ticket) throw new SupportError({ code: 'not_found', message: 'That ticket is not in this account.' })
    const { kind, fields, reason } = intentOf(entry.mutation)
    const batchId = randomUUID()
    const at = this.now().toISOString()
    db.transaction(() => {
      outbox.remove(mutationId)
      const mutation = this.mutationFor(ticket, kind, fields, reason)
      if (!mutation) return
      store.setTriageFields(ticket.id, fields, at)
      outbox.enqueue(mutation, at)
      this.recordItem(db, batchId, mutation.id, ticket.id, kind, this.fieldsOf(ticket, fields), fields, at)
    })()
    this.changed([ticket.id])
    return { batchId, applied: 1 }
  }

  /** Accepts the help center's value and forgets the refused change. */
  dismiss(mutationId: string): void {
    const { db } = this.supportAccount()
    const outbox = new Outbox(db)
    const entry = outbox.get(mutationId)
    if (!entry || entry.state !== 'failed') throw new SupportError({ code: 'not_found', message: 'That change is no longer waiting.' })
    outbox.remove(mutationId)
    this.changed([entry.mutation.ticketId])
  }

  views(): TriageView[] {
    const { db, profile } = this.supportAccount()
    if (!db.prepare('SELECT 1 FROM sync_state WHERE key = ?').get(VIEWS_SEEDED)) {
      const builtIn: Omit<TriageView, 'id' | 'builtIn'>[] = [
        { name: 'S1/S2 open', filters: { severities: ['S1', 'S2'] } },
        { name: 'Waiting for support > 1 day', filters: { statuses: ['waiting_for_support'], waitingForSupportHours: 24 } },
        ...profile.organizations.map(({ id, name }) => ({ name, filters: { organizationId: id } })),
      ]
      db.transaction(() => {
        builtIn.forEach((view, position) =>
          db
            .prepare('INSERT INTO triage_views (id, name, filters, built_in, position) VALUES (?, ?, ?, 1, ?)')
            .run(randomUUID(), view.name, JSON.stringify(view.filters), position),
        )
        db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?)').run(VIEWS_SEEDED, this.now().toISOString())
      })()
    }
    const rows = db.prepare('SELECT * FROM triage_views ORDER BY position, rowid').all() as {
      id: string
      name: string
      filters: string
      built_in: number
    }[]
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      filters: triageViewFiltersSchema.catch({}).parse(JSON.parse(row.filters)),
      builtIn: row.built_in === 1,
    }))
  }

  saveView(input: { id?: string; name: string; filters: TriageViewFilters }): TriageView {
    const { db } = this.supportAccount()
    const id = input.id ?? randomUUID()
    const existing = db.prepare('SELECT built_in FROM triage_views WHERE id = ?').get(id) as { built_in: number } | undefined
    if (input.id && !existing) throw new SupportError({ code: 'not_found', message: 'That view no longer exists.' })
    db.prepare(
      `INSERT INTO triage_views (id, name, filters, built_in, position)
       VALUES (@id, @name, @filters, 0, (SELECT COALESCE(MAX(position), -1) + 1 FROM triage_views))
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, filters = excluded.filters`,
    ).run({ id, name: input.name, filters: JSON.stringify(input.filters) })
    return { id, name: input.name, filters: input.filters, builtIn: existing?.built_in === 1 }
  }

  deleteView(id: string): void {
    const { db } = this.supportAccount()
    db.prepare('DELETE FROM triage_views WHERE id = ?').run(id)
  }

  /** Whom tickets can be assigned to; the last list answers offline. */
  async staff(): Promise<{ staff: StaffMember[] }> {
    const { db } = this.supportAccount()
    const { document } = await readThrough(this.options.session, db, {
      name: STAFF_DOCUMENT,
      path: '/staff',
      schema: staffListSchema,
      now: this.now(),
    })
    return document
  }

  summary(organizationId: string): OrganizationTriageSummary {
    const { db } = this.supportAccount()
    const now = this.now()
    const open = OPEN_TICKET_STATUSES.map(() => '?').join(', ')
    const counts = db
      .prepare(`SELECT severity, COUNT(*) AS open FROM tickets WHERE organization_id = ? AND status IN (${open}) GROUP BY severity`)
      .all(organizationId, ...OPEN_TICKET_STATUSES) as { severity: LocalTicket['severity']; open: number }[]
    const { breaching } = db
      .prepare(
        `SELECT COUNT(*) AS breaching FROM tickets WHERE organization_id = ? AND status IN (${open})
           AND first_responded_at IS NULL AND first_response_due_at < ?`,
      )
      .get(organizationId, ...OPEN_TICKET_STATUSES, now.toISOString()) as { breaching: number }
    const since = new Date(now.getTime() - 30 * DAY_MS)
    const answered = db
      .prepare('SELECT created_at, first_responded_at FROM tickets WHERE organization_id = ? AND created_at >= ? AND key IS NOT NULL')
      .all(organizationId, since.toISOString()) as { created_at: string; first_responded_at: string | null }[]
    const byDay = new Map<string, { tickets: number; minutes: number[] }>()
    for (let day = 0; day <= 30; day++) {
      byDay.set(new Date(since.getTime() + day * DAY_MS).toISOString().slice(0, 10), { tickets: 0, minutes: [] })
    }
    for (const row of answered) {
      const day = byDay.get(row.created_at.slice(0, 10))
      if (!day) continue
      day.tickets++
      if (row.first_responded_at) day.minutes.push((Date.parse(row.first_responded_at) - Date.parse(row.created_at)) / 60_000)
    }
    return {
      organizationId,
      openBySeverity: SEVERITIES.map((severity) => ({ severity, open: counts.find((row) => row.severity === severity)?.open ?? 0 })),
      breaching,
      responseTimes: [...byDay].map(([date, day]) => ({ date, tickets: day.tickets, medianMinutes: median(day.minutes) })),
      generatedAt: now.toISOString(),
    }
  }

  /** The local change an action makes to one ticket, or null when it changes nothing. */
  private changeFor(
    ticket: LocalTicket,
    action: TriageAction,
    assigneeName: string | null,
    profile: Profile,
  ): { fields: TriageFields; reason?: string; comment?: { body: string; internal: boolean; profile: Profile } } | null {
    switch (action.kind) {
      case 'setSeverity':
        return ticket.severity === action.severity ? null : { fields: { severity: action.severity }, reason: action.reason }
      case 'setPriority':
        return ticket.priority === action.priority ? null : { fields: { priority: action.priority } }
      case 'assign':
        return ticket.assigneeId === action.assigneeId ? null : { fields: { assigneeId: action.assigneeId, assigneeName } }
      case 'setStatus':
        return ticket.status === action.status ? null : { fields: { status: action.status } }
      case 'labels': {
        const labels = [...new Set([...ticket.labels.filter((label) => !action.remove.includes(label)), ...action.add])]
        return sameLabels(labels, ticket.labels) ? null : { fields: { labels } }
      }
      case 'note':
        return { fields: {}, comment: { body: action.body, internal: true, profile } }
      case 'reply':
        return { fields: {}, comment: { body: action.body, internal: false, profile } }
    }
  }

  private queue(
    db: AccountDatabase,
    batchId: string,
    ticket: LocalTicket,
    kind: TriageAction['kind'],
    change: NonNullable<ReturnType<TriageService['changeFor']>>,
    at: string,
  ): void {
    const store = new TicketStore(db)
    const outbox = new Outbox(db)
    if (change.comment) {
      const { body, internal, profile } = change.comment
      const commentId = randomUUID()
      store.insertPendingComment({
        id: commentId,
        ticketId: ticket.id,
        authorId: profile.user.id,
        authorName: profile.user.name,
        authorRole: profile.user.role,
        body,
        visibility: internal ? 'internal' : 'public',
        createdAt: at,
      })
      const mutation: Mutation = internal
        ? { id: randomUUID(), type: 'note.add', commentId, ticketId: ticket.id, body }
        : { id: randomUUID(), type: 'comment.add', commentId, ticketId: ticket.id, body }
      outbox.enqueue(mutation, at)
      this.recordItem(db, batchId, mutation.id, ticket.id, kind, null, null, at)
      return
    }
    const mutation = this.mutationFor(ticket, kind, change.fields, change.reason)
    if (!mutation) return
    const before = this.fieldsOf(ticket, change.fields)
    store.setTriageFields(ticket.id, change.fields, at)
    outbox.enqueue(mutation, at)
    this.recordItem(db, batchId, mutation.id, ticket.id, kind, before, change.fields, at)
  }

  /** The mutation that moves `ticket` (as the user sees it now) to `fields`, with today's value as its base. */
  private mutationFor(ticket: LocalTicket, kind: TriageAction['kind'], fields: TriageFields, reason?: string): Mutation | null {
    const id = randomUUID()
    const ticketId = ticket.id
    if (fields.severity !== undefined) {
      return { id, type: 'triage.setSeverity', ticketId, severity: fields.severity, base: ticket.severity, reason: reason ?? 'Changed during triage' }
    }
    if (fields.priority !== undefined) return { id, type: 'triage.setPriority', ticketId, priority: fields.priority, base: ticket.priority }
    if (fields.assigneeId !== undefined) return { id, type: 'triage.assign', ticketId, assigneeId: fields.assigneeId, base: ticket.assigneeId }
    if (fields.status !== undefined) return { id, type: 'triage.setStatus', ticketId, status: fields.status, base: ticket.status }
    if (fields.labels !== undefined && kind === 'labels') {
      const add = fields.labels.filter((label) => !ticket.labels.includes(label))
      const remove = ticket.labels.filter((label) => !fields.labels!.includes(label))
      return add.length + remove.length > 0 ? { id, type: 'triage.labels', ticketId, add, remove } : null
    }
    return null
  }

  /** The ticket's current values of the fields a change touches: what Undo restores. */
  private fieldsOf(ticket: LocalTicket, fields: TriageFields): TriageFields {
    const before: TriageFields = {}
    if (fields.severity !== undefined) before.severity = ticket.severity
    if (fields.priority !== undefined) before.priority = ticket.priority
    if (fields.assigneeId !== undefined) {
      before.assigneeId = ticket.assigneeId
      before.assigneeName = ticket.assigneeName
    }
    if (fields.status !== undefined) before.status = ticket.status
    if (fields.labels !== undefined) before.labels = ticket.labels
    return before
  }

  private recordItem(
    db: AccountDatabase,
    batchId: string,
    mutationId: string,
    ticketId: string,
    kind: TriageAction['kind'],
    before: TriageFields | null,
    after: TriageFields | null,
    at: string,
  ): void {
    db.prepare(
      `INSERT INTO triage_batch_items (batch_id, mutation_id, ticket_id, kind, before_value, after_value, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(batchId, mutationId, ticketId, kind, before && JSON.stringify(before), after && JSON.stringify(after), at)
  }

  private notApplied(db: AccountDatabase, ticketIds: string[]): NotAppliedChange[] {
    const staff = new Map((this.cachedStaff(db) ?? []).map(({ id, name }) => [id, name]))
    return new Outbox(db).failedTriage(ticketIds).map((entry) => {
      const { field, yourValue } = describeIntent(entry.mutation, staff)
      const serverValue = Object.values(entry.errorFields)[0]
      return {
        mutationId: entry.mutation.id,
        ticketId: entry.mutation.ticketId,
        field,
        yourValue,
        serverValue: serverValue === undefined || serverValue === '' ? null : (staff.get(serverValue) ?? serverValue),
        message: entry.lastError ?? 'The help center did not apply this change.',
      }
    })
  }

  private assigneeName(db: AccountDatabase, assigneeId: string | null): string | null {
    if (assigneeId === null) return null
    const member = this.cachedStaff(db)?.find(({ id }) => id === assigneeId)
    if (!member) {
      throw new SupportError({
        code: 'invalid_input',
        message: 'Choose someone from the support team.',
        fields: { 'action.assigneeId': 'Not a member of the support team' },
      })
    }
    return member.name
  }

  private cachedStaff(db: AccountDatabase): StaffMember[] | null {
    return loadDocument(db, STAFF_DOCUMENT, staffListSchema)?.staff ?? null
  }


  private changed(ticketIds: string[]): void {
    this.options.onTicketsChanged(ticketIds)
    this.options.sync.changedLocally()
  }

  /** Triage is support's work: customers are refused before anything is read. */
  private supportAccount(): { db: AccountDatabase; profile: Profile } {
    const state = this.options.session.state()
    const db = this.options.session.database()
    if (state.status !== 'signed_in' || !db) throw new SupportError({ code: 'unauthorized', message: 'Sign in first.' })
    if (state.profile.user.role === 'customer') {
      throw new SupportError({ code: 'forbidden', message: 'Triage is for Technical Account Managers and support engineers.' })
    }
    return { db, profile: state.profile }
  }
}

function intentOf(mutation: Mutation): { kind: TriageAction['kind']; fields: TriageFields; reason?: string } {
  switch (mutation.type) {
    case 'triage.setSeverity':
      return { kind: 'setSeverity', fields: { severity: mutation.severity }, reason: mutation.reason }
    case 'triage.setPriority':
      return { kind: 'setPriority', fields: { priority: mutation.priority } }
    case 'triage.assign':
      return { kind: 'assign', fields: { assigneeId: mutation.assigneeId } }
    case 'triage.setStatus':
      return { kind: 'setStatus', fields: { status: mutation.status } }
    default:
      throw new SupportError({ code: 'invalid_input', message: 'Only severity, priority, assignee and status changes can be re-applied.' })
  }
}

function describeIntent(mutation: Mutation, staff: Map<string, string>): { field: ConflictField; yourValue: string | null } {
  switch (mutation.type) {
    case 'triage.setSeverity':
      return { field: 'severity', yourValue: mutation.severity }
    case 'triage.setPriority':
      return { field: 'priority', yourValue: mutation.priority }
    case 'triage.assign':
      return { field: 'assignee', yourValue: mutation.assigneeId && (staff.get(mutation.assigneeId) ?? mutation.assigneeId) }
    default:
      return { field: 'status', yourValue: mutation.type === 'triage.setStatus' ? mutation.status : null }
  }
}

function sameLabels(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((label) => b.includes(label))
}

function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((x, y) => x - y)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
