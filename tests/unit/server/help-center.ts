import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildHelpCenter, type HelpCenterOptions } from '../../../server/app'
import { openHelpCenterDatabase, type HelpCenterDatabase } from '../../../server/database'
import { seedDemo, type DemoAccount } from '../../../server/seed/demo'
import { tokenGrantSchema, type TokenGrant } from '../../../shared/schemas/account'

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

let seededImage: Promise<Buffer> | undefined

/** The demo data is seeded once per test file and copied per test: hashing the demo passwords takes a while. */
function seededDemoImage(): Promise<Buffer> {
  seededImage ??= (async () => {
    const db = openHelpCenterDatabase(':memory:')
    await seedDemo(db)
    const image = db.serialize()
    db.close()
    return image
  })()
  return seededImage
}

/** A demo-seeded help center on a fresh file, torn down when the test ends. */
export async function demoHelpCenter(options: Pick<HelpCenterOptions, 'demoAutoReply'> = {}): Promise<TestHelpCenter> {
  const file = join(tempDir(), 'help-center.sqlite')
  writeFileSync(file, await seededDemoImage())
  const db = openHelpCenterDatabase(file)
  const clock = new TestClock()
  const tokenSecret = Buffer.alloc(32, 7)
  const app = buildHelpCenter({ db, now: clock.now, tokenSecret, ...options })
  onTestFinished(async () => {
    await app.close()
    db.close()
  })
  return { app, db, clock, tokenSecret }
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
