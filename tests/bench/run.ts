// `npm run bench [-- --tickets N] [-- --no-renderer] [-- --trace DIR]`: the benchmark of the benchmark issue, at 50,000 tickets
// unless told otherwise (or BENCH_TICKETS). Prints a table and writes tests/bench/results.json.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { runnerImport } from 'vite'
import { resultsTable } from './results'

const root = resolve(import.meta.dirname, '../..')
const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: process.env.BENCH_TICKETS ?? '50000' },
    'no-renderer': { type: 'boolean', default: false },
    'trace': { type: 'string' },
  },
})
const tickets = Number(values.tickets)
if (!Number.isInteger(tickets) || tickets < 100) throw new Error(`--tickets must be a whole number of at least 100, not '${values.tickets}'`)

// Through Vite, as the app is built: core loads its SQL migrations as raw imports.
const { module: bench } = await runnerImport<typeof import('./bench')>(resolve(root, 'tests/bench/bench.ts'), {
  configFile: false,
  logLevel: 'warn',
})
// About 1.7 GB at 50,000 tickets (the help center's file and the app's cache): removed however the run ends.
const workDir = mkdtempSync(join(tmpdir(), 'support-bench-'))
const resultsFile = join(root, 'tests/bench/results.json')
const started = performance.now()
try {
  const measured = await bench.runBenchmark({
    tickets,
    workDir,
    resultsFile,
    renderer: !values['no-renderer'],
    ...(values.trace ? { traceDir: resolve(values.trace) } : {}),
    log: (line) => console.log(line),
  })
  console.log(`\n${resultsTable(measured)}\n`)
  console.log(`Written to ${resultsFile} in ${Math.round((performance.now() - started) / 1000)} s`)
} finally {
  rmSync(workDir, { recursive: true, force: true })
}
