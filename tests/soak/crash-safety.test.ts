import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cacheFileOf } from '../bench/bench-cache'
import { cacheDifferences } from '../support/cache-matches-server'
import { useCoreHarness } from '../support/core-harness'
import { buildCrashChild, runCrashSafety } from '../support/crash-scenario'
import { useTempDir } from '../support/temp-dir'

describe('crash safety, long run', () => {
  const tempDir = useTempDir('support-crash-soak-')
  const { helpCenter } = useCoreHarness()
  let child: { module: string; outDir: string }
  beforeAll(async () => {
    child = await buildCrashChild()
  })
  afterAll(() => rmSync(child.outDir, { recursive: true, force: true }))

  it('delivers 2,000 changes of a customer and a TAM exactly once through fifty kills each; both caches then match the help center', async () => {
    const workDir = tempDir()
    const helpCenterDb = join(workDir, 'help-center.sqlite')
    const server = await helpCenter(helpCenterDb)
    const figures = await runCrashSafety(
      { module: child.module, workDir, helpCenterUrl: server.url, helpCenterDb },
      {
        seed: 2026,
        creates: 200,
        comments: 1_000,
        severityChanges: 500,
        notes: 300,
        killsPerAccount: 50,
        killAfterStartMs: [200, 2500],
        killAfterReadyMs: [0, 1500],
        offlineRuns: [10, 20],
        killAfterDrainStartsMs: [0, 200],
        paceMs: 10,
      },
      (userDataDir, account) => cacheDifferences(cacheFileOf(userDataDir), server.url, account),
    )
    console.log(`crash safety (soak): ${JSON.stringify(figures)}`)
    expect(figures.mutations).toBe(2_000)
    expect(figures.crashes).toBe(100)
  })
})
