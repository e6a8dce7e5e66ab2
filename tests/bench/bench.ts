import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { UnencryptedFileSecretStore } from '../../electron/core/secrets/secret-store'
import { createSupportCore, type SupportCore } from '../../electron/core/support-core'
import { openHelpCenterDatabase } from '../../server/database'
import { call } from '../support/dispatch'
import { SeededRandom } from '../support/seeded-random'
import { readCache } from './bench-cache'
import { measureColdOpen, type ColdOpen } from './cold-open'
import { loadDataSet, type DataSetSummary } from './data-set'
import { startHelpCenterProcess, type HelpCenterProcess } from './help-center-process'
import { drawHistoryQueries, drawSearchQueries, measureHistoryPage, measureSearch, type SearchFigures } from './query-figures'
import { measureRenderer, type RendererFigures } from './renderer-figure'
import { below, round, type BenchResults, type Measurement } from './results'
import { measureDeltaSync, measureInitialSync, measureOutboxDrain, measureRawInsert, rowsOf } from './sync-figures'

export interface BenchOptions {
  /** 50,000 for the real figures; the test suite runs a few hundred so that the code cannot rot. */
  tickets: number
  /** Scratch folder for the help center's file and the app's data. */
  workDir: string
  resultsFile: string
  /** Figure 7 needs the built renderer (out/renderer) and Chromium. */
  renderer: boolean
  /** Where to write Chromium traces of the renderer's start and scroll (open them in DevTools' Performance panel). */
  traceDir?: string
  log?: (line: string) => void
}

const SEARCH_QUERIES = 200
const HISTORY_QUERIES = 200
/** Scaled down with the data set, so that a tiny run still has tickets enough to change. */
const scaled = (tickets: number, full: number) => Math.max(10, Math.min(full, Math.floor(tickets / 50)))

/** Builds the data set, measures the seven figures of the benchmark issue and writes them to `resultsFile`. */
export async function runBenchmark(options: BenchOptions): Promise<BenchResults> {
  const log = options.log ?? (() => undefined)
  const startedAt = new Date().toISOString()
  const helpCenterDb = join(options.workDir, 'help-center.sqlite')
  const userDataDir = join(options.workDir, 'app')
  mkdirSync(userDataDir, { recursive: true })

  log(`Building the data set: ${options.tickets.toLocaleString('en-US')} tickets`)
  const loading = openHelpCenterDatabase(helpCenterDb)
  const dataSet = await loadDataSet(loading, { tickets: options.tickets })
  loading.close()
  log(`  ${dataSet.comments.toLocaleString('en-US')} comments, ${dataSet.historyEntries.toLocaleString('en-US')} history entries, ${dataSet.changes.toLocaleString('en-US')} changes`)

  let helpCenter = await startHelpCenterProcess(helpCenterDb)
  const figures: Figures = { measurements: [], cacheComplete: false, outboxExactlyOnce: false }
  try {
    const core = createSupportCore({ userDataDir, secrets: new UnencryptedFileSecretStore(join(userDataDir, 'secrets.unencrypted.json')) })
    try {
      helpCenter = await measureWithCore(core, { ...options, dataSet, helpCenter, helpCenterDb, userDataDir, log }, figures)
    } finally {
      await core.close()
    }
    log('6. Cold open')
    figures.measurements.push(...coldOpenFigures(await measureColdOpen(userDataDir)))
    if (options.renderer) {
      log('7. Renderer')
      figures.measurements.push(...rendererFigures(await measureRenderer(userDataDir, scaled(options.tickets * 5, 5000), options.traceDir)))
    }
  } finally {
    await helpCenter.stop()
  }

  const results: BenchResults = {
    startedAt,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: round(totalmem() / 2 ** 30, 1),
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
    },
    dataSet,
    measurements: figures.measurements,
    checks: { outboxExactlyOnce: figures.outboxExactlyOnce, cacheComplete: figures.cacheComplete },
  }
  mkdirSync(dirname(options.resultsFile), { recursive: true })
  writeFileSync(options.resultsFile, `${JSON.stringify(results, null, 2)}\n`)
  return results
}

interface Figures {
  measurements: Measurement[]
  cacheComplete: boolean
  outboxExactlyOnce: boolean
}

interface Run extends BenchOptions {
  dataSet: DataSetSummary
  helpCenter: HelpCenterProcess
  helpCenterDb: string
  userDataDir: string
  log: (line: string) => void
}

/** Figures 1 to 5, with the signed-in core; returns the help center, which the outbox drain restarts. */
async function measureWithCore(core: SupportCore, run: Run, figures: Figures): Promise<HelpCenterProcess> {
  const { dataSet, helpCenterDb, userDataDir, log } = run
  const { measurements } = figures
  log('1. Initial sync')
  const initial = await measureInitialSync(core, userDataDir, run.helpCenter.url)
  figures.cacheComplete =
    initial.counts.tickets === dataSet.tickets &&
    initial.counts.comments === dataSet.publicComments &&
    initial.counts.historyEntries === dataSet.historyEntries
  const raw = measureRawInsert(userDataDir, join(run.workDir, 'raw-insert.sqlite'))
  const syncRate = rowsOf(initial.counts) / initial.seconds
  const rawRate = raw.rows / raw.seconds
  measurements.push(
    { figure: '1. Initial sync', metric: `${rowsOf(initial.counts).toLocaleString('en-US')} rows`, value: round(initial.seconds), unit: 's', target: below(20, 's')(initial.seconds) },
    {
      figure: '1. Initial sync',
      metric: 'rows per second',
      value: Math.round(syncRate),
      unit: 'rows/s',
      baseline: { name: 'raw insert, one transaction', value: Math.round(rawRate), unit: 'rows/s' },
      ratio: round(syncRate / rawRate),
      target: { text: '>= 0.25x raw', met: syncRate / rawRate >= 0.25 },
    },
  )

  log('2. Delta sync')
  const delta = await measureDeltaSync(core, userDataDir, helpCenterDb, new SeededRandom(2), scaled(run.tickets, 1000))
  figures.cacheComplete &&= delta.complete
  measurements.push({
    figure: '2. Delta sync',
    metric: `${delta.tickets} tickets, one reply each`,
    value: round(delta.seconds, 3),
    unit: 's',
    target: below(1, 's')(delta.seconds),
  })

  log('3. Local search')
  const cache = readCache(userDataDir)
  try {
    const queries = drawSearchQueries(cache, new SeededRandom(3), SEARCH_QUERIES)
    measurements.push(...searchFigures(await measureSearch(core, cache, run.helpCenter.url, queries), queries.length))
  } finally {
    cache.close()
  }

  log('4. History page')
  const session = await call(core, 'session.get', {})
  const organizations = session.status === 'signed_in' ? session.profile.organizations : []
  const history = await measureHistoryPage(core, drawHistoryQueries(organizations, new SeededRandom(4), HISTORY_QUERIES))
  measurements.push(
    { figure: '4. History page', metric: `p50 of ${HISTORY_QUERIES} filtered pages of 100`, value: round(history.p50), unit: 'ms' },
    { figure: '4. History page', metric: 'p95', value: round(history.p95), unit: 'ms', target: below(5, 'ms')(history.p95) },
  )

  log('5. Outbox drain')
  const { helpCenter } = run
  const { drain, helpCenter: restarted } = await measureOutboxDrain(
    core,
    userDataDir,
    helpCenter,
    () => startHelpCenterProcess(helpCenterDb, helpCenter.port),
    new SeededRandom(5),
    scaled(run.tickets * 5, 1000),
  )
  figures.outboxExactlyOnce = drain.exactlyOnce
  measurements.push(
    {
      figure: '5. Outbox drain',
      metric: `${drain.mutations} mutations, until the outbox is empty`,
      value: round(drain.seconds),
      unit: 's',
      target: { text: 'exactly once', met: drain.exactlyOnce },
    },
    { figure: '5. Outbox drain', metric: 'the round, with the pull of the results', value: round(drain.roundSeconds), unit: 's' },
  )
  return restarted
}

function searchFigures(search: SearchFigures, queries: number): Measurement[] {
  const figure = '3. Local search'
  const rawRatio = search.local.p95 / search.raw.p95
  return [
    {
      figure,
      metric: `p50 of ${queries} queries`,
      value: round(search.local.p50),
      unit: 'ms',
      baseline: { name: 'raw FTS5 MATCH p50', value: round(search.raw.p50), unit: 'ms' },
      ratio: round(search.local.p50 / search.raw.p50),
    },
    {
      figure,
      metric: 'p95',
      value: round(search.local.p95),
      unit: 'ms',
      baseline: { name: 'raw FTS5 MATCH p95', value: round(search.raw.p95), unit: 'ms' },
      ratio: round(rawRatio),
      target: below(10, 'ms')(search.local.p95),
    },
    { figure, metric: 'p95 / raw FTS5 p95', value: round(rawRatio), unit: 'x', target: { text: '<= 2x', met: rawRatio <= 2 } },
    {
      figure,
      metric: 'p95 against online search',
      value: round(search.local.p95),
      unit: 'ms',
      baseline: { name: 'GET /api/v1/tickets?search= p95', value: round(search.online.p95), unit: 'ms' },
      ratio: round(search.local.p95 / search.online.p95),
    },
  ]
}

function coldOpenFigures(coldOpen: ColdOpen): Measurement[] {
  const rssMiB = coldOpen.rssBytes / 2 ** 20
  return [
    {
      figure: '6. Cold open',
      metric: 'open the cache, check migrations, first page',
      value: round(coldOpen.milliseconds),
      unit: 'ms',
      target: below(300, 'ms')(coldOpen.milliseconds),
    },
    { figure: '6. Cold open', metric: 'core RSS after it', value: round(rssMiB, 1), unit: 'MiB', target: below(300, 'MiB')(rssMiB) },
  ]
}

function rendererFigures(renderer: RendererFigures): Measurement[] {
  const figure = '7. Renderer'
  return [
    { figure, metric: 'navigation to first rows painted', value: round(renderer.firstRowsMs), unit: 'ms', target: below(1000, 'ms')(renderer.firstRowsMs) },
    {
      figure,
      metric: `p95 frame, scrolling ${renderer.rowsScrolled} rows (${renderer.frames} frames)`,
      value: round(renderer.frameP95Ms),
      unit: 'ms',
      target: below(16.7, 'ms')(renderer.frameP95Ms),
    },
    { figure, metric: 'JS heap after scrolling', value: round(renderer.jsHeapMiB, 1), unit: 'MiB' },
  ]
}
