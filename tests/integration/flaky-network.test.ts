import { describe, expect, it } from 'vitest'
import { useCoreHarness } from '../support/core-harness'
import { runFlakyNetwork } from '../support/flaky-network-scenario'
import { useTempDir } from '../support/temp-dir'

describe('flaky network: the core behind a proxy that resets, stalls, refuses and garbles', () => {
  const tempDir = useTempDir('support-flaky-')
  const { helpCenter, cleanups } = useCoreHarness()

  it('keeps working from the cache, says why and when it retries, honours Retry-After, and converges exactly once', async () => {
    const figures = await runFlakyNetwork(
      { dir: tempDir(), helpCenter, cleanups },
      { seed: 31, steps: 60, faultRate: 0.35, eventStreamFaultRate: 0.6, eventStreamLifetimeMs: 1_500 },
    )
    const { syncErrors, ...counts } = figures
    console.log(`flaky network: ${JSON.stringify(counts)}\nsync said:\n  ${syncErrors.join('\n  ')}`)
    expect(figures.ticketsFiled + figures.replies).toBe(60)
    expect(Object.keys(figures.faults).some((kind) => kind.endsWith('(event stream)'))).toBe(true)
  }, 120_000)
})
