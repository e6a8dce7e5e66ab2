import { createHash } from 'node:crypto'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Organization, Profile, TokenGrant } from '../../../shared/schemas/account'
import { SupportError } from '../../../shared/schemas/error'
import type { Account, SessionState, SignInInput } from '../../../shared/schemas/session'
import type { AccountDatabase, SqliteOptions } from '../database/account-database'
import { describeDamage } from '../database/cache-integrity'
import { openAccountCache, recoverCache, recoveryNotice, type CacheRecovery } from '../database/cache-recovery'
import { HelpCenterClient, normalizeHelpCenterUrl, type Fetch } from '../help-center/help-center-client'
import type { SecretStore } from '../secrets/secret-store'
import { AccountRegistry } from './account-registry'
import type { EmbeddedHelpCenter } from './embedded-help-center'
import { loadProfile, saveProfile, type CachedProfile } from './profile-cache'

type PendingSession = Pick<ActiveSession, 'account' | 'refreshToken' | 'access' | 'client'>

export interface SessionServiceOptions {
  userDataDir: string
  secrets: SecretStore
  embeddedHelpCenter?: EmbeddedHelpCenter
  sqlite?: SqliteOptions
  fetch?: Fetch
  now?: () => Date
  /** How long a help-center request may go unanswered; the client's default unless set. */
  requestTimeoutMs?: number
  onChange?: (state: SessionState) => void
  /** Something went wrong that the user must hear about at once, wherever they are (the cache was rebuilt, say). */
  onNotice?: (message: string) => void
}

interface ActiveSession {
  account: Account
  db: AccountDatabase
  refreshToken: string
  access: { token: string; expiresAt: number } | null
  client: HelpCenterClient | null
  cached: CachedProfile
  connection: 'online' | 'offline'
  offlineReason?: string
}

const SESSION_ENDED_NOTICE = 'Your session has ended (it expired or was signed out elsewhere). Sign in again.'
/** Renew a little before expiry so a request never leaves with a token about to lapse. */
const ACCESS_TOKEN_MARGIN_MS = 30_000

/** Who is signed in, to which help center, and whether we can reach it right now. */
export class SessionService {
  private active: ActiveSession | null = null
  private notice: string | undefined
  /** The open account's cache was damaged and rebuilt during this session. */
  private cacheNotice: string | undefined
  private queue: Promise<unknown> = Promise.resolve()
  private renewing: Promise<void> | null = null
  private readonly registry: AccountRegistry
  private readonly now: () => Date

  constructor(private readonly options: SessionServiceOptions) {
    this.registry = new AccountRegistry(join(options.userDataDir, 'accounts.json'))
    this.now = options.now ?? (() => new Date())
  }

  state(): SessionState {
    const active = this.active
    if (!active) {
      const registry = this.registry.read()
      return {
        status: 'signed_out',
        demoAvailable: this.options.embeddedHelpCenter !== undefined,
        ...(registry.lastHelpCenterUrl ? { lastHelpCenterUrl: registry.lastHelpCenterUrl } : {}),
        ...(registry.lastEmail ? { lastEmail: registry.lastEmail } : {}),
        ...(this.notice ? { notice: this.notice } : {}),
      }
    }
    return {
      status: 'signed_in',
      account: active.account,
      profile: active.cached.profile,
      profileFetchedAt: active.cached.fetchedAt,
      connection: active.connection,
      ...(active.offlineReason ? { offlineReason: active.offlineReason } : {}),
      sessionPersisted: this.options.secrets.persistent,
      ...(this.cacheNotice ? { cacheRebuiltNotice: this.cacheNotice } : {}),
    }
  }

  /** The open account's cache, for the services that work on tickets. */
  database(): AccountDatabase | null {
    return this.active?.db ?? null
  }

  /** Opens the last account from its cache at once, then tries to go online. */
  restore(): Promise<SessionState> {
    return this.serialize(async () => {
      const account = this.registry.lastAccount()
      const refreshToken = account ? await this.options.secrets.read(secretKey(account.id)) : null
      if (!account || !refreshToken) return this.state()
      let opened: { db: AccountDatabase; recovery: CacheRecovery | null }
      try {
        opened = this.openDatabase(account.id)
      } catch (error) {
        if (error instanceof SupportError) {
          this.notice = error.message
          return this.changed()
        }
        throw error
      }
      const { db, recovery } = opened
      const cached = loadProfile(db)
      if (!cached && recovery) return this.reopenOnline({ account, refreshToken, access: null, client: null }, db)
      if (!cached) {
        db.close()
        return this.state()
      }
      this.active = {
        account,
        db,
        refreshToken,
        access: null,
        client: null,
        cached,
        connection: 'offline',
        offlineReason: 'Connecting to the help center…',
      }
      this.changed()
      await this.connect()
      return this.changed()
    })
  }

  signIn(input: SignInInput): Promise<SessionState> {
    return this.serialize(async () => {
      const client = this.newClient(normalizeHelpCenterUrl(input.helpCenterUrl))
      await this.begin(client, await client.signIn(input.email, input.password), false)
      return this.changed()
    })
  }

  useDemo(): Promise<SessionState> {
    return this.serialize(async () => {
      const embedded = this.options.embeddedHelpCenter
      if (!embedded) {
        throw new SupportError({ code: 'not_found', message: 'This build has no demo help center.' })
      }
      const { url, demoCustomer } = await embedded.start()
      const client = this.newClient(url)
      await this.begin(client, await client.signIn(demoCustomer.email, demoCustomer.password), true)
      return this.changed()
    })
  }

  /** Re-reads the profile from the help center, or retries the connection when offline. */
  refresh(): Promise<SessionState> {
    return this.serialize(async () => {
      if (!this.active) return this.state()
      await this.connect()
      return this.changed()
    })
  }

  signOut(): Promise<SessionState> {
    return this.serialize(async () => {
      const active = this.active
      if (!active) return this.state()
      try {
        await active.client?.revoke(active.refreshToken)
      } catch {
        // Offline: the server-side session lapses by itself; the local copy is destroyed below.
      }
      await this.options.secrets.delete(secretKey(active.account.id))
      active.db.close()
      rmSync(this.accountDir(active.account.id), { recursive: true, force: true })
      this.registry.forget(active.account.id)
      this.active = null
      this.notice = undefined
      this.cacheNotice = undefined
      return this.changed()
    })
  }

  /** Sync learns first when the help center comes and goes; the status bar follows. */
  reportConnection(online: boolean, reason?: string): void {
    const active = this.active
    if (!active) return
    const connection = online ? 'online' : 'offline'
    const offlineReason = online ? undefined : reason
    if (active.connection === connection && active.offlineReason === offlineReason) return
    active.connection = connection
    active.offlineReason = offlineReason
    this.changed()
  }

  /** A valid access token for API calls, renewed through the refresh token when needed. */
  async accessToken(): Promise<{ client: HelpCenterClient; token: string }> {
    const active = this.active
    if (!active?.client) throw new SupportError({ code: 'unreachable', message: 'Not connected to the help center.' })
    if (!active.access || active.access.expiresAt - ACCESS_TOKEN_MARGIN_MS <= this.now().getTime()) {
      await this.renew(active, active.client)
    }
    return { client: active.client, token: active.access!.token }
  }

  /**
   * An organization changed on the help center (its plan, say), as the change feed reported it: the cached
   * profile follows, and so does every screen that depends on it, without a restart or a profile fetch.
   */
  updateOrganization(organization: Organization): void {
    const active = this.active
    if (!active) return
    const { profile } = active.cached
    const known = profile.organizations.some(({ id }) => id === organization.id)
    const organizations = known
      ? profile.organizations.map((candidate) => (candidate.id === organization.id ? organization : candidate))
      : [...profile.organizations, organization].sort((a, b) => a.name.localeCompare(b.name))
    if (JSON.stringify(organizations) === JSON.stringify(profile.organizations)) return
    active.cached = this.cache(active.db, { ...profile, organizations })
    this.changed()
  }

  /**
   * SQLite met damage in the open cache, in a page that the check at open does not read (see FULL_CHECK_MAX_BYTES):
   * the cache is set aside and rebuilt as at open, and the session goes on. `db` is the cache the damage was found in.
   */
  recoverDamagedCache(db: AccountDatabase, error: unknown): Promise<void> {
    return this.serialize(async () => {
      const active = this.active
      if (!active || active.db !== db) return
      db.close()
      try {
        const rebuilt = recoverCache(this.cacheFile(active.account.id), describeDamage(error), this.options.sqlite ?? {}, this.now())
        if (!rebuilt.recovery.profileRecovered) saveProfile(rebuilt.db, active.cached)
        active.db = rebuilt.db
        this.recovered(rebuilt.recovery)
      } catch (failure) {
        // Nothing left to work on: the user signs in again, which opens a fresh cache.
        this.active = null
        this.notice = `This computer's copy of your tickets was damaged and could not be rebuilt (${describeDamage(failure)}).`
      }
      this.changed()
    })
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined)
    this.active?.db.close()
    this.active = null
  }

  private async begin(client: HelpCenterClient, grant: TokenGrant, embedded: boolean): Promise<void> {
    const profile = await client.profile(grant.accessToken)
    const account: Account = {
      id: accountId(embedded ? 'embedded' : client.baseUrl, grant.user.id),
      helpCenterUrl: client.baseUrl,
      email: grant.user.email,
      embedded,
    }
    if (this.active) {
      this.active.db.close()
      this.active = null
    }
    this.cacheNotice = undefined
    const { db } = this.openDatabase(account.id)
    const cached = this.cache(db, profile)
    await this.options.secrets.write(secretKey(account.id), grant.refreshToken)
    this.registry.remember(account)
    this.notice = undefined
    this.active = {
      account,
      db,
      refreshToken: grant.refreshToken,
      access: { token: grant.accessToken, expiresAt: Date.parse(grant.accessTokenExpiresAt) },
      client,
      cached,
      connection: 'online',
    }
  }

  private async connect(): Promise<void> {
    const active = this.active
    if (!active) return
    try {
      const client = await this.clientFor(active)
      await this.renew(active, client)
      active.cached = this.cache(active.db, await client.profile(active.access!.token))
      active.connection = 'online'
      active.offlineReason = undefined
    } catch (error) {
      if (error instanceof SupportError && error.code === 'unauthorized') {
        await this.endExpiredSession(active)
        return
      }
      active.connection = 'offline'
      active.offlineReason = error instanceof Error ? error.message : 'The help center is unavailable.'
    }
  }

  /**
   * The cache was rebuilt and its profile could not be read back: the session reopens only by fetching the profile,
   * and the user is told why they must sign in again when it cannot. The rebuilt cache keeps the salvaged outbox.
   */
  private async reopenOnline(pending: PendingSession, db: AccountDatabase): Promise<SessionState> {
    try {
      const client = await this.clientFor(pending)
      await this.rotate(pending, client)
      const cached = this.cache(db, await client.profile(pending.access!.token))
      this.active = { ...pending, db, cached, connection: 'online' }
    } catch (error) {
      db.close()
      if (error instanceof SupportError && error.code === 'unauthorized') {
        await this.options.secrets.delete(secretKey(pending.account.id))
      }
      const why = error instanceof Error ? error.message : 'The help center is unavailable.'
      this.notice = `${this.cacheNotice} Your account details were lost with it and could not be fetched again: ${why} Sign in again.`
      this.cacheNotice = undefined
    }
    return this.changed()
  }

  private async clientFor(active: PendingSession): Promise<HelpCenterClient> {
    if (active.client) return active.client
    let url = active.account.helpCenterUrl
    if (active.account.embedded) {
      if (!this.options.embeddedHelpCenter) throw new Error('The demo help center is not available in this build.')
      url = (await this.options.embeddedHelpCenter.start()).url
      // The demo server listens on a fresh port each start.
      active.account = { ...active.account, helpCenterUrl: normalizeHelpCenterUrl(url) }
      this.registry.remember(active.account)
    }
    active.client = this.newClient(url)
    return active.client
  }

  /**
   * One renewal at a time: refresh tokens rotate, so a second request with the same token (a restore's reconnect
   * and the first sync asking for a token together) looks like theft to the help center, which ends the session.
   */
  private renew(active: ActiveSession, client: HelpCenterClient): Promise<void> {
    this.renewing ??= this.rotate(active, client).finally(() => {
      this.renewing = null
    })
    return this.renewing
  }

  private async rotate(active: PendingSession, client: HelpCenterClient): Promise<void> {
    const grant = await client.refresh(active.refreshToken)
    // Refresh tokens rotate: keep the new one before anything else can fail.
    await this.options.secrets.write(secretKey(active.account.id), grant.refreshToken)
    active.refreshToken = grant.refreshToken
    active.access = { token: grant.accessToken, expiresAt: Date.parse(grant.accessTokenExpiresAt) }
  }

  private async endExpiredSession(active: ActiveSession): Promise<void> {
    await this.options.secrets.delete(secretKey(active.account.id))
    active.db.close()
    this.active = null
    this.notice = SESSION_ENDED_NOTICE
  }

  private cache(db: AccountDatabase, profile: Profile): CachedProfile {
    const cached = { profile, fetchedAt: this.now().toISOString() }
    saveProfile(db, cached)
    return cached
  }

  private newClient(url: string): HelpCenterClient {
    return new HelpCenterClient(url, this.options.fetch, { requestTimeoutMs: this.options.requestTimeoutMs })
  }

  /** The account's cache; a damaged one is rebuilt (see openAccountCache) and the user told so. */
  private openDatabase(id: string): { db: AccountDatabase; recovery: CacheRecovery | null } {
    const opened = openAccountCache(this.cacheFile(id), this.options.sqlite, this.now)
    if (opened.recovery) this.recovered(opened.recovery)
    return opened
  }

  private recovered(recovery: CacheRecovery): void {
    this.cacheNotice = recoveryNotice(recovery)
    this.options.onNotice?.(this.cacheNotice)
  }

  private cacheFile(id: string): string {
    return join(this.accountDir(id), 'cache.sqlite')
  }

  private accountDir(id: string): string {
    return join(this.options.userDataDir, 'accounts', id)
  }

  private changed(): SessionState {
    const state = this.state()
    this.options.onChange?.(state)
    return state
  }

  /** One session change at a time: a sign-out never interleaves with a reconnect. */
  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work)
    this.queue = next.catch(() => undefined)
    return next
  }
}

function secretKey(accountId: string): string {
  return `refresh-token:${accountId}`
}

/** Stable per help center and user, and safe as a folder name. */
function accountId(helpCenter: string, userId: string): string {
  return createHash('sha256').update(`${helpCenter}\n${userId}`).digest('hex').slice(0, 24)
}
