import { EventEmitter } from 'node:events'
import type { HelpCenterDatabase } from './database'
import type { User } from '../shared/schemas/account'
import type { Comment, Ticket } from '../shared/schemas/ticket'

export type ChangedEntity = 'ticket' | 'comment' | 'attachment' | 'history' | 'organization'

export interface ChangeScope {
  organizationId: string | null
  /** Null for organization changes, which concern every member rather than one requester. */
  requesterId: string | null
  visibility: Comment['visibility']
}

export interface ChangeRow {
  seq: number
  entity: ChangedEntity
  entity_id: string
}

/** Appends to the feed; call inside the transaction that made the change, so both commit or neither does. */
export function appendChange(
  db: HelpCenterDatabase,
  entity: ChangedEntity,
  entityId: string,
  scope: ChangeScope,
): number {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO changes (entity, entity_id, organization_id, requester_id, visibility)
       VALUES (?, ?, ?, ?, ?)`,
    )
    .run(entity, entityId, scope.organizationId, scope.requesterId, scope.visibility)
  return Number(lastInsertRowid)
}

/** A ticket's scope, copied onto the changes to it and to what it holds, so that the feed filters without joins. */
export function ticketChangeScope(
  ticket: Pick<Ticket, 'organizationId' | 'requesterId'>,
  visibility: Comment['visibility'] = 'public',
): ChangeScope {
  return { organizationId: ticket.organizationId, requesterId: ticket.requesterId, visibility }
}

/** Tells the organization's members, TAMs and staff that it changed (its plan, say); call inside the transaction. */
export function appendOrganizationChange(db: HelpCenterDatabase, organizationId: string): number {
  return appendChange(db, 'organization', organizationId, { organizationId, requesterId: null, visibility: 'public' })
}

/**
 * SQL true for the rows (of `tickets` or `changes`, both carrying organization_id and requester_id) this user may
 * see; binds @userId. A ticket without an organization is its requester's (and staff's) alone. `indexed: false`
 * keeps SQLite from choosing the scope's indexes (a unary plus on the columns), for walks along another one.
 */
export function ticketScopeSql(user: User, alias: string, options: { indexed?: boolean } = {}): string {
  const column = (name: string) => `${options.indexed === false ? '+' : ''}${alias}.${name}`
  switch (user.role) {
    case 'customer':
      return `(${column('requester_id')} = @userId OR ${column('organization_id')} IN
               (SELECT organization_id FROM memberships WHERE user_id = @userId))`
    case 'tam':
      return `(${column('requester_id')} = @userId OR ${column('organization_id')} IN
               (SELECT organization_id FROM tam_assignments WHERE user_id = @userId))`
    case 'engineer':
    case 'admin':
      return '1 = 1'
  }
}

/** Internal notes are for support's eyes: TAMs, engineers and admins. */
export function seesInternalNotes(user: User): boolean {
  return user.role !== 'customer'
}

/** Up to `limit` changes after `after` that this user may see, oldest first. */
export function changesAfter(db: HelpCenterDatabase, user: User, after: number, limit: number): ChangeRow[] {
  const internal = seesInternalNotes(user) ? '' : ` AND c.visibility = 'public'`
  // Along the feed by seq, stopping after one page. Through the scope's indexes SQLite would gather and sort every
  // later change the user may see on each page, which makes a first sync quadratic.
  const scope = ticketScopeSql(user, 'c', { indexed: false })
  return db
    .prepare(
      `SELECT c.seq, c.entity, c.entity_id FROM changes c
       WHERE c.seq > @after AND ${scope}${internal} ORDER BY c.seq LIMIT @limit`,
    )
    .all({ userId: user.id, after, limit }) as ChangeRow[]
}

/** The organizations whose changes a customer or a TAM sees; undefined for staff, who see every change. */
function reachableOrganizationsSql(user: User): string | undefined {
  switch (user.role) {
    case 'customer':
      return 'SELECT organization_id FROM memberships WHERE user_id = @userId'
    case 'tam':
      return 'SELECT organization_id FROM tam_assignments WHERE user_id = @userId'
    case 'engineer':
    case 'admin':
      return undefined
  }
}

/**
 * The newest change this user may see: what "caught up" means for them, without hinting at others' activity.
 * Asked on every page and every event, so it reads the newest end of each index it needs rather than the whole feed.
 */
export function latestVisibleSeq(db: HelpCenterDatabase, user: User): number {
  const organizations = reachableOrganizationsSql(user)
  const internal = seesInternalNotes(user) ? '' : ` AND c.visibility = 'public'`
  const newest = (where: string) => `(SELECT c.seq FROM changes c WHERE ${where}${internal} ORDER BY c.seq DESC LIMIT 1)`
  const sql =
    organizations === undefined
      ? `SELECT ${newest('1 = 1')} AS latest`
      : `SELECT MAX(latest) AS latest FROM (
           SELECT ${newest('c.requester_id = @userId')} AS latest
           UNION ALL SELECT ${newest('c.organization_id = o.organization_id')} FROM (${organizations}) o)`
  const row = db.prepare(sql).get({ userId: user.id }) as { latest: number | null }
  return row.latest ?? 0
}

/** Tells live listeners (the event stream) that the change log grew. Notify only after the commit. */
export class ChangeSignal {
  private readonly emitter = new EventEmitter()

  constructor() {
    // One listener per connected client: many is normal, not a leak.
    this.emitter.setMaxListeners(0)
  }

  notify(): void {
    this.emitter.emit('changed')
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.emitter.on('changed', listener)
    return () => this.emitter.off('changed', listener)
  }
}
