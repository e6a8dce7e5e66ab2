import type { HelpCenterDatabase } from './database'
import type { User } from '../shared/schemas/account'
import type { StaffMember } from '../shared/schemas/triage'
import type { UserRole } from '../shared/domain/roles'

export interface UserRecord extends User {
  passwordHash: string
}

interface UserRow {
  id: string
  email: string
  name: string
  role: UserRole
  password_hash: string
}

function toRecord(row: UserRow): UserRecord {
  return { id: row.id, email: row.email, name: row.name, role: row.role, passwordHash: row.password_hash }
}

/** Emails match case-insensitively (the column is COLLATE NOCASE). */
export function findUserByEmail(db: HelpCenterDatabase, email: string): UserRecord | undefined {
  const row = db.prepare('SELECT * FROM users WHERE email = ?').get(email) as UserRow | undefined
  return row && toRecord(row)
}

export function findUserById(db: HelpCenterDatabase, id: string): UserRecord | undefined {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined
  return row && toRecord(row)
}

/** The public face of a user: never the password hash. */
export function toUser({ id, email, name, role }: User): User {
  return { id, email, name, role }
}

/** Support's side of the desk: TAMs, engineers and admins, who triage tickets and are assigned them. */
export function isSupport(user: Pick<User, 'role'>): boolean {
  return user.role !== 'customer'
}

/** Everyone a ticket can be assigned to, by name. */
export function supportStaff(db: HelpCenterDatabase): StaffMember[] {
  return db
    .prepare("SELECT id, name, role FROM users WHERE role IN ('tam', 'engineer', 'admin') ORDER BY name, id")
    .all() as StaffMember[]
}
