import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { tempDir } from './help-center'
import { DEMO_ACCOUNTS } from '../../../server/seed/demo'
import { startHelpCenter } from '../../../server/start'
import { profileSchema, tokenGrantSchema } from '../../../shared/schemas/account'

const root = join(import.meta.dirname, '..', '..', '..')

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
}

describe('startHelpCenter', () => {
  it('listens on a free loopback port and keeps tokens valid across a restart on the same file', async () => {
    const dbFile = join(tempDir(), 'help-center.sqlite')
    const first = await startHelpCenter({ dbFile, seed: 'demo' })
    let grant
    try {
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(first.url).not.toMatch(/:0$/)
      const health = await fetch(`${first.url}/api/v1/health`)
      expect(await health.json()).toEqual({ status: 'ok', name: 'TiDB Cloud Help Center' })
      const { email, password } = DEMO_ACCOUNTS.customer
      grant = tokenGrantSchema.parse(await (await post(`${first.url}/api/v1/auth/token`, { email, password })).json())
    } finally {
      await first.close()
    }
    await expect(fetch(`${first.url}/api/v1/health`)).rejects.toThrow()

    const second = await startHelpCenter({ dbFile, seed: 'demo' })
    try {
      const me = await fetch(`${second.url}/api/v1/me`, { headers: { authorization: `Bearer ${grant.accessToken}` } })
      expect(me.status).toBe(200)
      expect(profileSchema.parse(await me.json()).user.email).toBe(DEMO_ACCOUNTS.customer.email)
      const refreshed = await post(`${second.url}/api/v1/auth/refresh`, { refreshToken: grant.refreshToken })
      expect(refreshed.status).toBe(200)
    } finally {
      await second.close()
      await second.close() // closing twice is harmless
    }
  })
})

describe('npm run server (server/cli.ts)', () => {
  const tsx = ['--import', 'tsx', join(root, 'server', 'cli.ts')]

  it('rejects a bad flag with usage and exit code 2', { timeout: 30_000 }, () => {
    for (const args of [['--prot', '4010'], ['--port', 'http'], ['--seed', 'everything']]) {
      const result = spawnSync(process.execPath, [...tsx, ...args], { cwd: root, encoding: 'utf8' })
      expect(result.status, args.join(' ')).toBe(2)
      expect(result.stderr, args.join(' ')).toContain('Usage: npm run server')
    }
  })

  it('serves the demo, prints its sign-ins and stops cleanly on SIGTERM', { timeout: 30_000 }, async () => {
    const dbFile = join(tempDir(), 'nested', 'help-center.sqlite')
    const child = spawn(process.execPath, [...tsx, '--port', '0', '--db', dbFile, '--seed', 'demo'], { cwd: root })
    const lines: string[] = []
    try {
      for await (const line of createInterface({ input: child.stdout })) {
        lines.push(line)
        if (line.includes(DEMO_ACCOUNTS.admin.email)) break
      }
      const url = /listening on (http:\/\/\S+)/.exec(lines[0] ?? '')?.[1]
      expect(url, lines.join('\n')).toBeDefined()
      expect(lines.join('\n')).toContain(`${DEMO_ACCOUNTS.customer.email}`)
      const { email, password } = DEMO_ACCOUNTS.customer
      expect((await post(`${url}/api/v1/auth/token`, { email, password })).status).toBe(200)
    } finally {
      child.kill('SIGTERM')
    }
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
  })
})
