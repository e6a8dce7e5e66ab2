import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildHelpCenter, type HelpCenterOptions } from '../../../server/app'
import { openHelpCenterDatabase, type HelpCenterDatabase } from '../../../server/database'
import { hashPassword } from '../../../server/passwords'
import { DEMO_PASSWORD, seedDemo, type DemoAccount } from '../../../server/seed/demo'
import { tokenGrantSchema, type TokenGrant, type User } from '../../../shared/schemas/account'
import type { OrganizationRole } from '../../../shared/domain/roles'

/** A clock the test moves by hand: nothing here waits for real time to pass. */
export class TestClock {
  private current = new Date('2026-03-02T09:00:00.000Z')

  now = (): Date => new Date(this.current)

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms)
  }
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'help-center-test-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

export interface TestHelpCenter {
  app: FastifyInstance
  db: HelpCenterDatabase
  clock: TestClock
  tokenSecret: Buffer
}

/** Every test help center signs with this key, so tokens issued on one copy of a store open the others. */
const TEST_TOKEN_SECRET = Buffer.alloc(32, 7)

let seededImage: Promise<Buffer> | undefined

/** The demo data is seeded once per test file and copied per test: hashing the demo passwords takes a while. */
export function seededDemoImage(): Promise<Buffer> {
  seededImage ??= (async () => {
    const db = openHelpCenterDatabase(':memory:')
    await seedDemo(db)
    const image = db.serialize()
    db.close()
    return image
  })()
  return seededImage
}

export interface HelpCenterCopy extends TestHelpCenter {
  /** Closes the app and the store and deletes the file. */
  close(): Promise<void>
}

/** A help center on a fresh file holding a copy of `image` (a serialized store), for setups outside a test. */
export function openHelpCenterCopy(
  image: Buffer,
  options: Pick<HelpCenterOptions, 'demoAutoReply' | 'slack'> = {},
): HelpCenterCopy {
  const dir = mkdtempSync(join(tmpdir(), 'help-center-test-'))
  const file = join(dir, 'help-center.sqlite')
  writeFileSync(file, image)
  const db = openHelpCenterDatabase(file)
  const clock = new TestClock()
  const app = buildHelpCenter({ db, now: clock.now, tokenSecret: TEST_TOKEN_SECRET, ...options })
  const close = async () => {
    await app.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return { app, db, clock, tokenSecret: TEST_TOKEN_SECRET, close }
}

/** A help center on a fresh file holding a copy of `image`, torn down when the test ends. */
export function helpCenterFromImage(
  image: Buffer,
  options: Pick<HelpCenterOptions, 'demoAutoReply' | 'slack'> = {},
): TestHelpCenter {
  const copy = openHelpCenterCopy(image, options)
  onTestFinished(copy.close)
  return copy
}

/** A demo-seeded help center on a fresh file, torn down when the test ends. */
export async function demoHelpCenter(options: Pick<HelpCenterOptions, 'demoAutoReply' | 'slack'> = {}): Promise<TestHelpCenter> {
  return helpCenterFromImage(await seededDemoImage(), options)
}

/**
 * Someone beside the demo people, signing in with the demo password: a customer in the given organizations
 * (as owner or member), or a TAM assigned to them.
 */
export async function addAccount(
  db: HelpCenterDatabase,
  user: User,
  organizations: { organizationId: string; role: OrganizationRole }[] = [],
): Promise<DemoAccount> {
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  db.transaction(() => {
    db.prepare('INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      user.id,
      user.email,
      user.name,
      user.role,
      passwordHash,
      new TestClock().now().toISOString(),
    )
    for (const { organizationId, role } of organizations) {
      if (role === 'tam') {
        db.prepare('INSERT INTO tam_assignments (user_id, organization_id) VALUES (?, ?)').run(user.id, organizationId)
      } else {
        db.prepare('INSERT INTO memberships (user_id, organization_id, org_role) VALUES (?, ?, ?)').run(
          user.id,
          organizationId,
          role,
        )
      }
    }
  })()
  return { email: user.email, password: DEMO_PASSWORD, name: user.name }
}

export async function signIn(app: FastifyInstance, account: DemoAccount, remoteAddress?: string): Promise<TokenGrant> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/token',
    payload: { email: account.email, password: account.password },
    remoteAddress,
  })
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`)
  return tokenGrantSchema.parse(response.json())
}

export function getAs(app: FastifyInstance, accessToken: string, url: string) {
  return app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${accessToken}` } })
}

export function postAs(app: FastifyInstance, accessToken: string, url: string, payload: unknown) {
  const headers = { authorization: `Bearer ${accessToken}` }
  return app.inject({ method: 'POST', url, headers, payload: payload as object })
}
