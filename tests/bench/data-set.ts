import type { HelpCenterDatabase } from '../../server/database'
import { hashPassword } from '../../server/passwords'
import { rebuildTicketSearch } from '../../server/ticket-search'
import { firstResponseDue } from '../../shared/domain/first-response'
import { PUBLISHED_RESPONSE_TARGETS } from '../../shared/domain/response-targets'
import type { Severity, SupportPlanId } from '../../shared/domain/support-plan'
import { COMPONENTS, type Component, type TicketStatus } from '../../shared/domain/ticket'
import type { Cluster } from '../../shared/schemas/account'
import { SeededRandom } from '../support/seeded-random'
import { commentBody, pickSymptom, ticketDescription, ticketSummary, type CommentAuthor, type Language, type TicketContext } from './corpus'

/**
 * The benchmark's help center: organizations, their people and clusters, and years of tickets with their
 * conversations and status history, made from one fixed seed. It is written straight into the help center's
 * SQLite file as the server itself would have written it ticket by ticket: every create and update in the
 * change feed, in time order, with the scope of its ticket; tickets carry the seq of their last change.
 */

export const BENCH_PASSWORD = 'tidb-bench'

/** A managed-service operator, member of every organization: their sync sees every ticket. */
export const BENCH_OPERATOR = { id: 'usr-bench-operator', email: 'ops@msp.bench.example', name: 'Mika Tanaka', password: BENCH_PASSWORD }

export const BENCH_ENGINEER = { id: 'usr-bench-eng-01', email: 'eng01@support.bench.example', name: 'Emi Nakamura', password: BENCH_PASSWORD }

export interface DataSetOptions {
  tickets: number
  /** The same seed gives the same data set, ids and text included. */
  seed?: number
  /** The newest activity is just before this instant; the oldest about three years earlier. */
  until?: Date
}

export interface DataSetSummary {
  organizations: number
  users: number
  tickets: number
  comments: number
  /** Comments the operator may see (internal notes are support's). */
  publicComments: number
  historyEntries: number
  changes: number
}

const DEFAULT_SEED = 20_261_123
const DEFAULT_UNTIL = new Date('2026-11-20T00:00:00.000Z')
const HISTORY_SPAN_MS = 3 * 365 * 24 * 3_600_000
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** Comments per ticket on average: 250,000 for 50,000 tickets. */
const COMMENTS_PER_TICKET = 5
const ENGINEERS = 12

const COMPANY_NAMES = ['Sakura', 'Northwind', 'Helix', 'Pebble', 'Kumo', 'Aozora', 'Kestrel', 'Umi', 'Fjord', 'Tanuki', 'Meridian', 'Hikari', 'Lumen', 'Yuki', 'Orchid', 'Granite']
const COMPANY_KINDS = ['Fintech', 'Games', 'Logistics', 'Health', 'Retail', 'Mobility', 'Media', 'Energy', 'Travel', 'Insurance', 'Labs', 'Foods', 'Robotics']
const FAMILY_NAMES_JA = ['Sato', 'Suzuki', 'Takahashi', 'Watanabe', 'Ito', 'Yamamoto', 'Kobayashi', 'Kato']
const NAMES_EN = ['Alex Morgan', 'Ben Carter', 'Chloe Park', 'Diego Ruiz', 'Eva Novak', 'Finn Olsen', 'Grace Liu', 'Hugo Laurent']
const GIVEN_NAMES_JA = ['Aiko', 'Daichi', 'Haruka', 'Kenta', 'Mei', 'Ren', 'Sora', 'Yuto']
const TIME_ZONES_EN = ['America/Los_Angeles', 'America/New_York', 'Europe/Berlin', 'Europe/London', 'Asia/Singapore']
const CLUSTER_PURPOSES = ['payments', 'orders', 'analytics', 'events', 'ledger', 'tracking', 'catalog', 'sessions']
const CLUSTER_STAGES = ['prod', 'staging', 'dev']
const VERSIONS = ['v7.1.5', 'v7.5.6', 'v8.1.2', 'v8.5.1']
const REGIONS = ['ap-northeast-1', 'us-west-2', 'eu-central-1', 'ap-southeast-1', 'us-east-1']

interface BenchOrganization {
  id: string
  name: string
  plan: SupportPlanId
  language: Language
  timeZone: string
  clusters: Cluster[]
  customerIds: string[]
}

interface BenchUser {
  id: string
  email: string
  name: string
  role: 'customer' | 'engineer'
}

/** The ticket row as the server holds it after its last change. */
interface TicketState {
  id: string
  keyNumber: number
  kind: 'technical' | 'account_billing'
  summary: string
  description: string
  organizationId: string
  clusterId: string | null
  environment: 'production' | 'non_production' | null
  severity: Severity
  component: Component | null
  affectedVersion: string | null
  status: TicketStatus
  requesterId: string
  assigneeId: string | null
  timeZone: string
  createdAt: number
  updatedAt: number
  /** The filing or the customer's latest public reply. */
  lastCustomerActivityAt: number
  firstResponseDueAt: string | null
  firstRespondedAt: number | null
  lastSeq: number
}

type Change =
  | { entity: 'ticket'; ticket: TicketState }
  | { entity: 'comment'; id: string; ticket: TicketState; authorId: string; body: string; visibility: 'public' | 'internal'; at: number }
  | { entity: 'history'; id: string; ticket: TicketState; field: 'status' | 'assignee'; from: string | null; to: string | null; actorId: string; at: number }

/** One thing that happened to one ticket at one moment: the changes it wrote, in the server's order. */
interface TicketEvent {
  at: number
  ticketIndex: number
  apply: () => Change[]
}

function generateOrganizations(random: SeededRandom, count: number, users: BenchUser[]): BenchOrganization[] {
  const organizations: BenchOrganization[] = []
  for (let index = 0; index < count; index++) {
    const language: Language = random.chance(0.4) ? 'ja' : 'en'
    const number = String(index + 1).padStart(3, '0')
    const id = `org-b${number}`
    const name = `${random.pick(COMPANY_NAMES)} ${random.pick(COMPANY_KINDS)} ${number}`
    const plan = random.weighted<SupportPlanId>([['basic', 2], ['developer', 3], ['enterprise', 4], ['premium', 1]])
    const names = new Set<string>()
    const clusters: Cluster[] = []
    for (let cluster = random.int(1, 4); cluster > 0; cluster--) {
      const clusterName = `${random.pick(CLUSTER_PURPOSES)}-${random.pick(CLUSTER_STAGES)}`
      if (names.has(clusterName)) continue
      names.add(clusterName)
      clusters.push({
        id: `cl-b${number}-${clusterName}`,
        organizationId: id,
        name: clusterName,
        tier: clusterName.endsWith('prod') ? 'dedicated' : random.pick(['serverless', 'essential', 'dedicated'] as const),
        cloudProvider: random.pick(['aws', 'gcp', 'azure'] as const),
        region: random.pick(REGIONS),
        tidbVersion: random.pick(VERSIONS),
      })
    }
    const customerIds: string[] = []
    for (let person = 1; person <= random.int(2, 4); person++) {
      const userId = `usr-b${number}-${person}`
      const personName = language === 'ja' ? `${random.pick(GIVEN_NAMES_JA)} ${random.pick(FAMILY_NAMES_JA)}` : random.pick(NAMES_EN)
      users.push({ id: userId, email: `user${person}@org${number}.bench.example`, name: personName, role: 'customer' })
      customerIds.push(userId)
    }
    const timeZone = language === 'ja' ? 'Asia/Tokyo' : random.pick(TIME_ZONES_EN)
    organizations.push({ id, name, plan, language, timeZone, clusters, customerIds })
  }
  return organizations
}

/** Comment counts that vary per ticket (2 to 8) and still add up to exactly five per ticket. */
function commentCounts(random: SeededRandom, tickets: number): number[] {
  const counts: number[] = []
  while (counts.length < tickets) {
    const first = random.int(2, 2 * COMMENTS_PER_TICKET - 2)
    counts.push(first, 2 * COMMENTS_PER_TICKET - first)
  }
  if (counts.length > tickets) counts[tickets - 1] = COMMENTS_PER_TICKET
  return counts.slice(0, tickets)
}

/** The server's rules for a reply, as server/tickets.ts applies them (recordStaffReply, recordCustomerReply). */
function replyChanges(
  ticket: TicketState,
  comment: Extract<Change, { entity: 'comment' }>,
  byStaff: boolean,
  newId: () => string,
): Change[] {
  const changes: Change[] = [comment]
  if (comment.visibility === 'internal') return changes
  const history = (field: 'status' | 'assignee', from: string | null, to: string | null): Change => ({
    entity: 'history', id: newId(), ticket, field, from, to, actorId: comment.authorId, at: comment.at,
  })
  const from = ticket.status
  ticket.updatedAt = comment.at
  if (!byStaff) {
    ticket.lastCustomerActivityAt = comment.at
    if (from === 'waiting_for_customer' || from === 'resolved') ticket.status = 'waiting_for_support'
    changes.push({ entity: 'ticket', ticket })
    if (ticket.status !== from) changes.push(history('status', from, ticket.status))
    return changes
  }
  const assigneeBefore = ticket.assigneeId
  ticket.status = 'waiting_for_customer'
  ticket.assigneeId ??= comment.authorId
  ticket.firstRespondedAt ??= comment.at
  changes.push({ entity: 'ticket', ticket })
  if (ticket.status !== from) changes.push(history('status', from, ticket.status))
  if (ticket.assigneeId !== assigneeBefore) changes.push(history('assignee', assigneeBefore, ticket.assigneeId))
  return changes
}

/** Loads the data set into an empty, migrated help-center database and returns what it holds. */
export async function loadDataSet(db: HelpCenterDatabase, options: DataSetOptions): Promise<DataSetSummary> {
  const random = new SeededRandom(options.seed ?? DEFAULT_SEED)
  const until = (options.until ?? DEFAULT_UNTIL).getTime()
  const organizationCount = Math.min(200, Math.max(5, Math.round(options.tickets / 250)))
  const users: BenchUser[] = [{ ...BENCH_OPERATOR, role: 'customer' }]
  for (let index = 1; index <= ENGINEERS; index++) {
    const number = String(index).padStart(2, '0')
    users.push(
      index === 1
        ? { ...BENCH_ENGINEER, role: 'engineer' }
        : { id: `usr-bench-eng-${number}`, email: `eng${number}@support.bench.example`, name: `Engineer ${number}`, role: 'engineer' },
    )
  }
  const engineerIds = users.filter((user) => user.role === 'engineer').map((user) => user.id)
  const organizations = generateOrganizations(random, organizationCount, users)

  const createdTimes = Array.from({ length: options.tickets }, () => until - DAY - random.fraction() * HISTORY_SPAN_MS).sort((a, b) => a - b)
  const counts = commentCounts(random, options.tickets)
  const newId = () => random.uuid()
  const tickets: TicketState[] = []
  const events: TicketEvent[] = []
  let comments = 0
  let publicComments = 0

  createdTimes.forEach((createdAt, ticketIndex) => {
    // A few organizations file most of the tickets, as in real life.
    const organization = organizations[Math.floor(random.fraction() ** 1.6 * organizations.length)]!
    const technical = organization.plan !== 'basic' && random.chance(0.8)
    const cluster = organization.clusters.length > 0 && (technical || random.chance(0.3)) ? random.pick(organization.clusters) : null
    const requesterId = random.chance(0.1) ? BENCH_OPERATOR.id : random.pick(organization.customerIds)
    const component = technical ? random.pick(COMPONENTS) : null
    const context: TicketContext = {
      language: organization.language,
      technical,
      component: component ?? 'other',
      symptom: pickSymptom(random, organization.language, component ?? 'other', technical),
      clusterName: cluster?.name ?? 'the cluster',
      tidbVersion: cluster?.tidbVersion ?? random.pick(VERSIONS),
      at: new Date(createdAt),
    }
    const severity: Severity = technical
      ? random.weighted<Severity>([['S1', 1], ['S2', 3], ['S3', 6], ['S4', 3]])
      : random.weighted<Severity>([['S2', 1], ['S3', 4], ['S4', 4]])
    const dueAt = firstResponseDue({
      createdAt: new Date(createdAt),
      plan: organization.plan,
      severity,
      timeZone: organization.timeZone,
      targets: PUBLISHED_RESPONSE_TARGETS,
    })
    const ticket: TicketState = {
      id: newId(),
      keyNumber: 1001 + ticketIndex,
      kind: technical ? 'technical' : 'account_billing',
      summary: ticketSummary(random, context),
      description: ticketDescription(random, context),
      organizationId: organization.id,
      clusterId: cluster?.id ?? null,
      environment: technical ? (random.chance(0.7) ? 'production' : 'non_production') : null,
      severity,
      component,
      affectedVersion: technical ? context.tidbVersion : null,
      status: 'waiting_for_support',
      requesterId,
      assigneeId: null,
      timeZone: organization.timeZone,
      createdAt,
      updatedAt: createdAt,
      lastCustomerActivityAt: createdAt,
      firstResponseDueAt: dueAt?.toISOString() ?? null,
      firstRespondedAt: null,
      lastSeq: 0,
    }
    tickets.push(ticket)
    const historyId = newId()
    events.push({
      at: createdAt,
      ticketIndex,
      apply: () => [
        { entity: 'ticket', ticket },
        { entity: 'history', id: historyId, ticket, field: 'status', from: null, to: 'waiting_for_support', actorId: requesterId, at: createdAt },
      ],
    })

    const engineerId = random.pick(engineerIds)
    let at = createdAt + random.int(10, 360) * MINUTE
    let author: CommentAuthor = 'engineer'
    for (let index = 0; index < counts[ticketIndex]!; index++) {
      if (at >= until) break
      const kind: CommentAuthor = author === 'engineer' && random.chance(0.05) ? 'internal' : author
      const comment = {
        entity: 'comment' as const,
        id: newId(),
        ticket,
        authorId: kind === 'customer' ? requesterId : engineerId,
        body: commentBody(random, context, kind),
        visibility: kind === 'internal' ? ('internal' as const) : ('public' as const),
        at,
      }
      comments++
      if (comment.visibility === 'public') publicComments++
      events.push({ at, ticketIndex, apply: () => replyChanges(ticket, comment, kind !== 'customer', newId) })
      at += random.int(5, 2 * 24 * 60) * MINUTE
      // Conversations mostly alternate; sometimes one side writes twice.
      if (random.chance(0.75)) author = author === 'engineer' ? 'customer' : 'engineer'
    }
    // Older tickets end resolved, most of those closed a week later; recent ones are still in progress.
    const resolvedAt = at + random.int(1, 3) * DAY
    if (resolvedAt < until - 7 * DAY) {
      const closes = random.chance(0.6)
      for (const [status, when] of [['resolved', resolvedAt], ...(closes ? [['closed', resolvedAt + 7 * DAY] as const] : [])] as const) {
        const id = newId()
        events.push({
          at: when,
          ticketIndex,
          apply: () => {
            const from = ticket.status
            ticket.status = status
            ticket.updatedAt = when
            return [
              { entity: 'ticket', ticket },
              { entity: 'history', id, ticket, field: 'status', from, to: status, actorId: engineerId, at: when },
            ]
          },
        })
      }
    }
  })

  events.sort((a, b) => a.at - b.at || a.ticketIndex - b.ticketIndex)
  const passwordHash = await hashPassword(BENCH_PASSWORD)
  let historyEntries = 0
  let changeCount = 0
  db.transaction(() => {
    const insertUser = db.prepare('INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    const since = new Date(until - HISTORY_SPAN_MS - 30 * DAY).toISOString()
    for (const user of users) insertUser.run(user.id, user.email, user.name, user.role, passwordHash, since)
    const insertOrganization = db.prepare('INSERT INTO organizations (id, name, support_plan, support_plan_since) VALUES (?, ?, ?, ?)')
    const insertMembership = db.prepare('INSERT INTO memberships (user_id, organization_id, org_role) VALUES (?, ?, ?)')
    const insertCluster = db.prepare(
      `INSERT INTO clusters (id, organization_id, name, tier, cloud_provider, region, tidb_version)
       VALUES (@id, @organizationId, @name, @tier, @cloudProvider, @region, @tidbVersion)`,
    )
    for (const organization of organizations) {
      insertOrganization.run(organization.id, organization.name, organization.plan, since)
      insertMembership.run(BENCH_OPERATOR.id, organization.id, 'member')
      organization.customerIds.forEach((userId, index) => insertMembership.run(userId, organization.id, index === 0 ? 'owner' : 'member'))
      for (const cluster of organization.clusters) insertCluster.run(cluster)
    }

    const { latest } = db.prepare('SELECT COALESCE(MAX(seq), 0) AS latest FROM changes').get() as { latest: number }
    const insertChange = db.prepare(
      'INSERT INTO changes (seq, entity, entity_id, organization_id, requester_id, visibility) VALUES (?, ?, ?, ?, ?, ?)',
    )
    const comments: Extract<Change, { entity: 'comment' }>[] = []
    const commentSeqs: number[] = []
    const history: Extract<Change, { entity: 'history' }>[] = []
    const historySeqs: number[] = []
    const feed: { seq: number; change: Change }[] = []
    let seq = latest
    for (const event of events) {
      for (const change of event.apply()) {
        feed.push({ seq: ++seq, change })
        if (change.entity === 'ticket') change.ticket.lastSeq = seq
        else if (change.entity === 'comment') {
          comments.push(change)
          commentSeqs.push(seq)
        } else {
          history.push(change)
          historySeqs.push(seq)
        }
      }
    }
    for (const { seq, change } of feed) {
      const { ticket } = change
      // As updateTicket does: a ticket keeps only its latest change in the feed.
      if (change.entity === 'ticket' && seq !== ticket.lastSeq) continue
      const entityId = change.entity === 'ticket' ? ticket.id : change.id
      const visibility = change.entity === 'comment' ? change.visibility : 'public'
      insertChange.run(seq, change.entity, entityId, ticket.organizationId, ticket.requesterId, visibility)
      changeCount++
    }
    historyEntries = history.length

    // The rows as they stand after their last change; the feed above already holds every change to them.
    const insertTicket = db.prepare(
      `INSERT INTO tickets (id, key_number, kind, summary, description, organization_id, cluster_id, environment, severity,
         component, affected_version, status, requester_id, assignee_id, time_zone, created_at, updated_at,
         last_customer_activity_at, first_response_due_at, first_responded_at, last_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const iso = (time: number) => new Date(time).toISOString()
    for (const ticket of tickets) {
      insertTicket.run(
        ticket.id, ticket.keyNumber, ticket.kind, ticket.summary, ticket.description, ticket.organizationId, ticket.clusterId,
        ticket.environment, ticket.severity, ticket.component, ticket.affectedVersion, ticket.status, ticket.requesterId,
        ticket.assigneeId, ticket.timeZone, iso(ticket.createdAt), iso(ticket.updatedAt), iso(ticket.lastCustomerActivityAt),
        ticket.firstResponseDueAt,
        ticket.firstRespondedAt === null ? null : iso(ticket.firstRespondedAt), ticket.lastSeq,
      )
    }
    const insertComment = db.prepare(
      'INSERT INTO comments (id, ticket_id, author_id, body, visibility, created_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    comments.forEach((comment, index) => {
      insertComment.run(comment.id, comment.ticket.id, comment.authorId, comment.body, comment.visibility, iso(comment.at), commentSeqs[index])
    })
    const insertHistory = db.prepare(
      `INSERT INTO ticket_history (id, ticket_id, field, from_value, to_value, reason, actor_id, at, seq)
       VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
    )
    history.forEach((entry, index) => {
      insertHistory.run(entry.id, entry.ticket.id, entry.field, entry.from, entry.to, entry.actorId, iso(entry.at), historySeqs[index])
    })
  })()
  rebuildTicketSearch(db)

  return {
    organizations: organizations.length,
    users: users.length,
    tickets: tickets.length,
    comments,
    publicComments,
    historyEntries,
    changes: changeCount,
  }
}
