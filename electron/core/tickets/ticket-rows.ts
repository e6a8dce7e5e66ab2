import type { Comment, MessageSource, Ticket } from '../../../shared/schemas/ticket'
import type { LocalComment, LocalTicket, SyncState } from '../../../shared/schemas/local-ticket'

export interface TicketRow {
  id: string
  key: string | null
  kind: Ticket['kind']
  summary: string
  description: string
  organization_id: string | null
  cluster_id: string | null
  environment: Ticket['environment']
  severity: Ticket['severity']
  component: Ticket['component']
  affected_version: string | null
  status: Ticket['status']
  requester_id: string
  requester_name: string
  assignee_id: string | null
  assignee_name: string | null
  time_zone: string
  created_at: string
  updated_at: string
  first_response_due_at: string | null
  first_responded_at: string | null
  sync_state: SyncState
  sync_error: string | null
  last_support_reply_at: string | null
  last_read_at: string | null
  priority: Ticket['priority']
  /** JSON array. */
  labels: string
  last_customer_activity_at: string | null
  source: MessageSource
  slack_permalink: string | null
}

export interface CommentRow {
  id: string
  ticket_id: string
  author_id: string
  author_name: string
  author_role: Comment['authorRole']
  body: string
  visibility: Comment['visibility']
  created_at: string
  sync_state: SyncState
  sync_error: string | null
  source: MessageSource
  slack_permalink: string | null
}

/** Where it was written, and the Slack link when it came from there: same shape for tickets and comments. */
function originOf(row: { source: MessageSource; slack_permalink: string | null }) {
  return { source: row.source, ...(row.slack_permalink ? { slackPermalink: row.slack_permalink } : {}) }
}

export function ticketFromRow(row: TicketRow): LocalTicket {
  return {
    id: row.id,
    key: row.key,
    kind: row.kind,
    summary: row.summary,
    description: row.description,
    organizationId: row.organization_id,
    clusterId: row.cluster_id,
    environment: row.environment,
    severity: row.severity,
    component: row.component,
    affectedVersion: row.affected_version,
    status: row.status,
    requesterId: row.requester_id,
    requesterName: row.requester_name,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    timeZone: row.time_zone,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    firstResponseDueAt: row.first_response_due_at,
    firstRespondedAt: row.first_responded_at,
    priority: row.priority,
    labels: JSON.parse(row.labels) as string[],
    lastCustomerActivityAt: row.last_customer_activity_at ?? row.created_at,
    ...originOf(row),
    syncState: row.sync_state,
    ...(row.sync_error ? { syncError: row.sync_error } : {}),
    unread: row.last_support_reply_at !== null && (row.last_read_at === null || row.last_support_reply_at > row.last_read_at),
  }
}

export function commentFromRow(row: CommentRow): LocalComment {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    authorId: row.author_id,
    authorName: row.author_name,
    authorRole: row.author_role,
    body: row.body,
    visibility: row.visibility,
    createdAt: row.created_at,
    ...originOf(row),
    syncState: row.sync_state,
    ...(row.sync_error ? { syncError: row.sync_error } : {}),
  }
}

/** Named parameters for an upsert of a server-confirmed ticket. */
export function ticketParameters(ticket: Ticket | (Omit<Ticket, 'key'> & { key: string | null })) {
  return {
    id: ticket.id,
    key: ticket.key,
    kind: ticket.kind,
    summary: ticket.summary,
    description: ticket.description,
    organization_id: ticket.organizationId,
    cluster_id: ticket.clusterId,
    environment: ticket.environment,
    severity: ticket.severity,
    component: ticket.component,
    affected_version: ticket.affectedVersion,
    status: ticket.status,
    requester_id: ticket.requesterId,
    requester_name: ticket.requesterName,
    assignee_id: ticket.assigneeId,
    assignee_name: ticket.assigneeName,
    time_zone: ticket.timeZone,
    created_at: ticket.createdAt,
    updated_at: ticket.updatedAt,
    first_response_due_at: ticket.firstResponseDueAt,
    first_responded_at: ticket.firstRespondedAt,
    priority: ticket.priority,
    labels: JSON.stringify(ticket.labels),
    last_customer_activity_at: ticket.lastCustomerActivityAt,
    source: ticket.source ?? 'desktop',
    slack_permalink: ticket.slackPermalink ?? null,
  }
}

/** Named parameters for an upsert of a server-confirmed comment. */
export function commentParameters(comment: Comment) {
  return { ...comment, source: comment.source ?? 'desktop', slackPermalink: comment.slackPermalink ?? null }
}
