import Database from 'better-sqlite3'
import { closeSync, copyFileSync, existsSync, openSync, readSync, renameSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { profileSchema } from '../../../shared/schemas/account'
import { ticketDraftSchema } from '../../../shared/schemas/local-ticket'
import { mutationSchema, type Mutation } from '../../../shared/schemas/ticket'
import { triageViewFiltersSchema } from '../../../shared/schemas/triage'
import { openAccountDatabase, type AccountDatabase, type SqliteOptions } from './account-database'
import { DamagedCacheError } from './cache-integrity'

/** What became of a damaged cache: where it went, and what of this computer's own data came back from it. */
export interface CacheRecovery {
  /** The damaged file, renamed next to the new one; kept for inspection, never deleted. */
  movedTo: string
  reason: string
  /** Changes waiting to be sent that were read back and queued again, in their order. */
  requeued: number
  /** Outbox entries that could not be read or did not validate; null when how many is unknown (the outbox is unreadable). */
  unreadable: number | null
  /** `unreadable` counts every entry the file ever held past the last readable one: some may have been sent already. */
  unreadableIsUpperBound: boolean
  /** The profile came back, so the account opens offline; otherwise it must be fetched again. */
  profileRecovered: boolean
}

/** Outbox sequence numbers tried one by one past a damaged page: a year of heavy use stays far below this. */
const PROBE_LIMIT = 100_000

interface OutboxRow {
  seq: number
  payload: unknown
  created_at: unknown
}

interface Salvage {
  outbox: { mutation: Mutation; createdAt: string }[]
  unreadable: number | null
  unreadableIsUpperBound: boolean
  profile: { json: string; fetchedAt: string } | null
  drafts: { kind: string; fields: string; savedAt: string }[]
  views: { id: string; name: string; filters: string }[]
}

/** Opens an account's cache; a damaged one is set aside, replaced by a fresh one and what could be read is carried over. */
export function openAccountCache(
  file: string,
  options: SqliteOptions = {},
  now: () => Date = () => new Date(),
): { db: AccountDatabase; recovery: CacheRecovery | null } {
  try {
    return { db: openAccountDatabase(file, options), recovery: null }
  } catch (error) {
    if (!(error instanceof DamagedCacheError)) throw error
    return recoverCache(file, error.reason, options, now())
  }
}

/**
 * Moves a damaged cache (closed by the caller) aside under a timestamped name, opens a fresh one in its place and
 * queues again every outbox entry that can still be read and validated, with the profile, drafts and saved views.
 * The help center's data comes back with the next sync, which starts from the beginning.
 */
export function recoverCache(
  file: string,
  reason: string,
  options: SqliteOptions,
  at: Date,
): { db: AccountDatabase; recovery: CacheRecovery } {
  const movedTo = moveAside(file, at)
  const salvage = salvageLocalData(movedTo, options)
  const db = openAccountDatabase(file, options)
  db.transaction(() => {
    const enqueue = db.prepare('INSERT INTO outbox (id, ticket_id, type, payload, created_at) VALUES (?, ?, ?, ?, ?)')
    for (const { mutation, createdAt } of salvage.outbox) {
      enqueue.run(mutation.id, mutation.ticketId, mutation.type, JSON.stringify(mutation), createdAt)
    }
    if (salvage.profile) {
      db.prepare('INSERT INTO profile_cache (id, profile_json, fetched_at) VALUES (1, ?, ?)').run(salvage.profile.json, salvage.profile.fetchedAt)
    }
    const draft = db.prepare('INSERT INTO drafts (kind, fields, saved_at) VALUES (?, ?, ?)')
    for (const { kind, fields, savedAt } of salvage.drafts) draft.run(kind, fields, savedAt)
    const view = db.prepare('INSERT INTO triage_views (id, name, filters, built_in, position) VALUES (?, ?, ?, 0, ?)')
    // Built-in views are made again on first use; they take the first positions.
    salvage.views.forEach(({ id, name, filters }, index) => view.run(id, name, filters, 1_000 + index))
  })()
  return {
    db,
    recovery: {
      movedTo,
      reason,
      requeued: salvage.outbox.length,
      unreadable: salvage.unreadable,
      unreadableIsUpperBound: salvage.unreadableIsUpperBound,
      profileRecovered: salvage.profile !== null,
    },
  }
}

/** For the user: what happened, where the old file is, and what became of their unsent changes. */
export function recoveryNotice(recovery: CacheRecovery): string {
  const changes = (count: number) => `${count} ${count === 1 ? 'change' : 'changes'}`
  const kept =
    recovery.requeued === 0
      ? ''
      : ` ${changes(recovery.requeued)} waiting to be sent ${recovery.requeued === 1 ? 'was' : 'were'} kept and will be sent.`
  const lost =
    recovery.unreadable === null
      ? ` ${recovery.requeued === 0 ? 'Any' : 'Other'} changes waiting to be sent could not be read.`
      : recovery.unreadable > 0
        ? ` ${recovery.unreadableIsUpperBound ? 'Up to ' : ''}${changes(recovery.unreadable)} waiting to be sent could not be read.`
        : ''
  return (
    `This computer's copy of your tickets was damaged (${recovery.reason}). It was set aside as ` +
    `${basename(recovery.movedTo)} and is being downloaded again from the help center.${kept}${lost}`
  )
}

/** cache.sqlite -> cache.damaged-2026-11-23T10-00-00-000Z.sqlite, with its -wal and -shm files alongside. */
function moveAside(file: string, at: Date): string {
  const extension = extname(file)
  const stamp = at.toISOString().replace(/[:.]/g, '-')
  const movedTo = join(dirname(file), `${basename(file, extension)}.damaged-${stamp}${extension}`)
  for (const suffix of ['-wal', '-shm', '']) {
    if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${movedTo}${suffix}`)
  }
  return movedTo
}

/** Reads, read-only, whatever this computer's own data the damaged file (or a repaired copy of it) still gives up. */
function salvageLocalData(file: string, options: SqliteOptions): Salvage {
  const copy = `${file}.salvage`
  const damaged = openReadable(file, options) ?? (repairCopy(file, copy) ? openReadable(copy, options) : null)
  if (!damaged) {
    rmSync(copy, { force: true })
    return { outbox: [], unreadable: null, unreadableIsUpperBound: false, profile: null, drafts: [], views: [] }
  }
  try {
    const profile = readRows(damaged, 'SELECT profile_json, fetched_at FROM profile_cache WHERE id = 1')
      .map((row) => ({ json: String(row.profile_json), fetchedAt: String(row.fetched_at) }))
      .find(({ json }) => parses(() => profileSchema.parse(JSON.parse(json))))
    const drafts = readRows(damaged, 'SELECT kind, fields, saved_at FROM drafts')
      .map((row) => ({ kind: String(row.kind), fields: String(row.fields), savedAt: String(row.saved_at) }))
      .filter((draft) => parses(() => ticketDraftSchema.parse({ ...draft, fields: JSON.parse(draft.fields) })))
    const views = readRows(damaged, 'SELECT id, name, filters FROM triage_views WHERE built_in = 0 ORDER BY position')
      .map((row) => ({ id: String(row.id), name: String(row.name), filters: String(row.filters) }))
      .filter((view) => parses(() => triageViewFiltersSchema.parse(JSON.parse(view.filters))))
    return { ...salvageOutbox(damaged), profile: profile ?? null, drafts, views }
  } finally {
    damaged.close()
    rmSync(copy, { force: true })
  }
}

/** A read-only connection to a file whose schema can be read, or null. */
function openReadable(file: string, options: SqliteOptions): Database.Database | null {
  let db: Database.Database | undefined
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) })
    db.prepare('SELECT COUNT(*) FROM sqlite_master').get()
    return db
  } catch {
    db?.close()
    return null
  }
}

const SQLITE_MAGIC = 'SQLite format 3\0'
/** The page size SQLite gives a new database, which the app never changes: the guess when the header is gone. */
const DEFAULT_PAGE_SIZE = 4096

/**
 * A copy that SQLite will read when the original has lost its header or its end: SQLite refuses a whole file that is
 * shorter than its header says, and one without a header. The copy gets a fresh header (a new database's, sized to the
 * file) and is padded with zeros to the length its header gives; the pages that survived then read as before.
 */
function repairCopy(file: string, copy: string): boolean {
  const header = Buffer.alloc(100)
  const descriptor = openSync(file, 'r')
  const read = readSync(descriptor, header, 0, 100, 0)
  closeSync(descriptor)
  const size = statSync(file).size
  if (read < 100) return false
  const intact = header.subarray(0, 16).toString('latin1') === SQLITE_MAGIC
  const pageSize = intact ? (header.readUInt16BE(16) === 1 ? 65_536 : header.readUInt16BE(16)) : DEFAULT_PAGE_SIZE
  const filePages = Math.ceil(size / pageSize)
  // The header's page count holds only while its change counter and "version valid for" agree.
  const pages = intact && header.readUInt32BE(24) === header.readUInt32BE(92) ? Math.max(header.readUInt32BE(28), filePages) : filePages
  if (pages === 0) return false
  copyFileSync(file, copy)
  if (!intact) {
    const template = new Database(':memory:')
    template.pragma(`page_size = ${pageSize}`)
    template.exec('CREATE TABLE header (x)')
    const fresh = Buffer.from(template.serialize().subarray(0, 100))
    template.close()
    fresh.writeUInt32BE(pages, 28)
    // No free-list: its pages, if any, are simply not reused by a read-only reader.
    fresh.writeUInt32BE(0, 32)
    fresh.writeUInt32BE(0, 36)
    const target = openSync(copy, 'r+')
    writeSync(target, fresh, 0, 100, 0)
    closeSync(target)
  }
  truncateSync(copy, pages * pageSize)
  return true
}

/**
 * The outbox in order, row by row, so that a damaged page loses only its own rows: a scan as far as it goes, then
 * each later sequence number the file handed out (sqlite_sequence remembers the highest).
 */
function salvageOutbox(damaged: Database.Database): Pick<Salvage, 'outbox' | 'unreadable' | 'unreadableIsUpperBound'> {
  const rows: OutboxRow[] = []
  try {
    for (const row of damaged.prepare('SELECT seq, payload, created_at FROM outbox ORDER BY seq').iterate()) rows.push(row as OutboxRow)
    return { ...validate(rows), unreadableIsUpperBound: false }
  } catch {
    // Past the damage below.
  }
  const lastSeq = rows.at(-1)?.seq ?? 0
  let highest: number | undefined
  try {
    highest = (damaged.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").get() as { seq: number } | undefined)?.seq
  } catch {
    highest = undefined
  }
  if (highest === undefined) return { outbox: validate(rows).outbox, unreadable: null, unreadableIsUpperBound: false }
  let failed = 0
  const probe = damaged.prepare('SELECT seq, payload, created_at FROM outbox WHERE seq = ?')
  for (let seq = Math.max(lastSeq + 1, highest - PROBE_LIMIT + 1); seq <= highest; seq++) {
    try {
      const row = probe.get(seq) as OutboxRow | undefined
      if (row) rows.push(row)
    } catch {
      failed++
    }
  }
  const valid = validate(rows)
  return { outbox: valid.outbox, unreadable: valid.unreadable + failed, unreadableIsUpperBound: failed > 0 }
}

function validate(rows: OutboxRow[]): { outbox: Salvage['outbox']; unreadable: number } {
  const outbox: Salvage['outbox'] = []
  for (const row of rows) {
    const parsed = typeof row.payload === 'string' ? safeJson(row.payload) : undefined
    const mutation = mutationSchema.safeParse(parsed)
    if (mutation.success) outbox.push({ mutation: mutation.data, createdAt: typeof row.created_at === 'string' ? row.created_at : new Date().toISOString() })
  }
  return { outbox, unreadable: rows.length - outbox.length }
}

function readRows(db: Database.Database, sql: string): Record<string, unknown>[] {
  try {
    return db.prepare(sql).all() as Record<string, unknown>[]
  } catch {
    return []
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function parses(check: () => unknown): boolean {
  try {
    check()
    return true
  } catch {
    return false
  }
}
