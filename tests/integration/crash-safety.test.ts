import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cacheFileOf } from '../bench/bench-cache'
import { cacheDifferences } from '../support/cache-matches-server'
import { useCoreHarness } from '../support/core-harness'
import { buildCrashChild, runCrashSafety } from '../support/crash-scenario'
import { useTempDir } from '../support/temp-dir'

describe('crash safety: the core killed with SIGKILL while it queues and syncs', () => {
  const tempDir = useTempDir('support-crash-')
  const { helpCenter } = useCoreHarness()
  let child: { module: string; outDir: string }
  beforeAll(async () => {
    child = await buildCrashChild()
  }, 60_000)
  afterAll(() => rmSync(child.outDir, { recursive: true, force: true }))

  it('delivers 500 changes of a customer and a TAM exactly once through ten kills each; both caches then match the help center', async () => {
    const workDir = tempDir()
    const helpCenterDb = join(workDir, 'help-center.sqlite')
    const server = await helpCenter(helpCenterDb)
    const figures = await runCrashSafety(
      { module: child.module, workDir, helpCenterUrl: server.url, helpCenterDb },
      { seed: 8, creates: 50, comments: 250, severityChanges: 130, notes: 70, killsPerAccount: 10, killAfterStartMs: [200, 2500], killAfterReadyMs: [0, 1500], offlineRuns: [2, 5], killAfterDrainStartsMs: [0, 200], paceMs: 10 },
      (userDataDir, account) => cacheDifferences(cacheFileOf(userDataDir), server.url, account),
    )
    console.log(`crash safety: ${JSON.stringify(figures)}`)
    expect(figures.mutations).toBe(500)
    expect(figures.crashes).toBe(20)
    // The kills must land where they can hurt: while the queue is being written, and while it is being sent.
    expect(figures.killsByPhase.queueing).toBeGreaterThan(0)
    expect(figures.killsWithOutboxPending).toBeGreaterThan(0)
  }, 150_000)
})
