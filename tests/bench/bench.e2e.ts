import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTempDir } from '../support/temp-dir'
import { runBenchmark } from './bench'
import { benchResultsSchema } from './results'

// `npm run bench` at a tiny size, so that the benchmark keeps working as the app changes. Times are not asserted:
// they are measured by the benchmark itself, at 50,000 tickets.
describe('the benchmark, at 500 tickets', () => {
  const tempDir = useTempDir('support-bench-test-')

  it('measures the seven figures, writes them with their targets, and drains the outbox exactly once', async () => {
    const workDir = tempDir()
    const resultsFile = join(workDir, 'results.json')
    const returned = await runBenchmark({ tickets: 500, workDir, resultsFile, renderer: true })

    const written = benchResultsSchema.parse(JSON.parse(readFileSync(resultsFile, 'utf8')))
    expect(written).toEqual(returned)
    expect(written.dataSet).toMatchObject({ tickets: 500, comments: expect.any(Number) })
    expect([...new Set(written.measurements.map((measurement) => measurement.figure))]).toEqual([
      '1. Initial sync',
      '2. Delta sync',
      '3. Local search',
      '4. History page',
      '5. Outbox drain',
      '6. Cold open',
      '7. Renderer',
    ])
    for (const measurement of written.measurements) {
      expect(Number.isFinite(measurement.value), `${measurement.figure} ${measurement.metric}`).toBe(true)
    }
    expect(written.measurements.filter((measurement) => measurement.target).length).toBeGreaterThanOrEqual(10)
    expect(written.checks).toEqual({ outboxExactlyOnce: true, cacheComplete: true })
  }, 240_000)
})
