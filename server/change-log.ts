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
 * see; binds @userId. A ticket without an organization is its requester's (and staff's) alone.
 */
export function ticketScopeSql(user: User, alias: string): string {
  switch (user.role) {
    case 'customer':
      return `(${alias}.requester_id = @userId OR ${alias}.organization_id IN
               (SELECT organization_id FROM memberships WHERE user_id = @userId))`
    case 'tam':
      return `(${alias}.requester_id = @userId OR ${alias}.organization_id IN
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

function changeScopeSql(user: User): string {
  const internal = seesInternalNotes(user) ? '' : ` AND c.visibility = 'public'`
  return `${ticketScopeSql(user, 'c')}${internal}`
}

/** Up to `limit` changes after `after` that this user may see, oldest first. */
export function changesAfter(db: HelpCenterDatabase, user: User, after: number, limit: number): ChangeRow[] {
  return db
    .prepare(
      `SELECT c.seq, c.entity, c.entity_id FROM changes c
       WHERE c.seq > @after AND ${changeScopeSql(user)} ORDER BY c.seq LIMIT @limit`,
    )
    .all({ userId: user.id, after, limit }) as ChangeRow[]
}

/** The newest change this user may see: what "caught up" means for them, without hinting at others' activity. */
export function latestVisibleSeq(db: HelpCenterDatabase, user: User): number {
  const row = db
    .prepare(`SELECT MAX(c.seq) AS latest FROM changes c WHERE ${changeScopeSql(user)}`)
    .get({ userId: user.id }) as { latest: number | null }
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
