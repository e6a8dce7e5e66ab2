import { describe, expect, it } from 'vitest'
import { FAULTS } from '../support/flaky-proxy'
import { useCoreHarness } from '../support/core-harness'
import { runFlakyNetwork } from '../support/flaky-network-scenario'
import { useTempDir } from '../support/temp-dir'

describe('flaky network, long run', () => {
  const tempDir = useTempDir('support-flaky-soak-')
  const { helpCenter, cleanups } = useCoreHarness()

  it('meets every fault on requests and on the event stream, and still converges exactly once', async () => {
    const figures = await runFlakyNetwork(
      { dir: tempDir(), helpCenter, cleanups },
      { seed: 2026, steps: 900, faultRate: 0.35, eventStreamFaultRate: 0.6, eventStreamLifetimeMs: 500 },
    )
    const { syncErrors, ...counts } = figures
    console.log(`flaky network (soak): ${JSON.stringify(counts)}\nsync said:\n  ${syncErrors.join('\n  ')}`)
    expect(figures.ticketsFiled + figures.replies).toBe(900)
    for (const fault of FAULTS) expect(figures.faults[`${fault} (event stream)`], `${fault} on the event stream`).toBeGreaterThan(0)
  })
})
