import { profileSchema, type Profile } from '../../../shared/schemas/account'
import type { AccountDatabase } from '../database/account-database'

export interface CachedProfile {
  profile: Profile
  fetchedAt: string
}

export function saveProfile(db: AccountDatabase, cached: CachedProfile): void {
  db.prepare(
    `INSERT INTO profile_cache (id, profile_json, fetched_at) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET profile_json = excluded.profile_json, fetched_at = excluded.fetched_at`,
  ).run(JSON.stringify(cached.profile), cached.fetchedAt)
}

export function loadProfile(db: AccountDatabase): CachedProfile | null {
  const row = db.prepare('SELECT profile_json, fetched_at FROM profile_cache WHERE id = 1').get() as
    | { profile_json: string; fetched_at: string }
    | undefined
  if (!row) return null
  const parsed = profileSchema.safeParse(JSON.parse(row.profile_json))
  return parsed.success ? { profile: parsed.data, fetchedAt: row.fetched_at } : null
}
