// Run by the cold-open figure in a process of its own, so that its memory is the core's alone: opens the
// signed-in account's cache as the app does at launch, offline, and loads the first history page.
import { join } from 'node:path'
import { UnencryptedFileSecretStore } from '../../electron/core/secrets/secret-store'
import { createSupportCore } from '../../electron/core/support-core'

const [userDataDir] = process.argv.slice(2)
if (!userDataDir) throw new Error('Usage: cold-open <userDataDir>')

// Unplugged: a launch shows the cache before any network answer, and a refresh in flight would rotate the token.
const offline: typeof fetch = async () => {
  throw new TypeError('fetch failed: offline for the cold-open figure')
}

const started = performance.now()
const core = createSupportCore({
  userDataDir,
  secrets: new UnencryptedFileSecretStore(join(userDataDir, 'secrets.unencrypted.json')),
  fetch: offline,
})
const firstPage = new Promise<Awaited<ReturnType<typeof core.dispatch>>>((resolve) => {
  core.onEvent((event, payload) => {
    if (event === 'session.changed' && (payload as { status: string }).status === 'signed_in') resolve(core.dispatch('tickets.list', { limit: 100 }))
  })
})
void core.start()
const page = await firstPage
const milliseconds = performance.now() - started
const rssBytes = process.memoryUsage().rss
if (!page.ok) throw new Error(page.error.message)
const { tickets, total } = page.value as { tickets: unknown[]; total: number }
// Exit without closing: the restore is still trying the (unplugged) network, and only the numbers matter here.
process.stdout.write(`${JSON.stringify({ milliseconds, rssBytes, rows: tickets.length, total })}\n`, () => process.exit(0))
