import type { Browser, Page } from 'playwright-core'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { launchChromium, startDesk } from '../e2e/harness'
import { percentile } from './results'

export interface RendererFigures {
  firstRowsMs: number
  frameP95Ms: number
  rowsScrolled: number
  frames: number
  jsHeapMiB: number
}

/** The ticket table's row height (TicketTable.vue): the scroll moves this many pixels per row. */
const ROW_HEIGHT = 44
const ROWS_PER_FRAME = 5
const SCROLL_TIMEOUT_MS = 120_000
const FIRST_ROWS_TIMEOUT_MS = 60_000

// In-page code is passed as text: this file is type-checked for Node, without the DOM's types.
const RECORD_FIRST_ROWS = `window.benchFirstRowsPainted = new Promise((resolve) => {
  const observer = new MutationObserver(() => {
    if (!document.querySelector('[data-testid="ticket-row"]')) return
    observer.disconnect()
    // The task after the next animation frame runs once that frame has been painted.
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now())))
  })
  observer.observe(document, { childList: true, subtree: true })
})`

/** Scrolls the ticket table by a few rows each animation frame until \`rows\` rows have gone by, noting each frame's interval. */
const scrollScript = (rows: number) => `new Promise((resolve, reject) => {
  const rowHeight = ${ROW_HEIGHT}
  const scroller = [...document.querySelectorAll('.ticket-table *')].find(
    (element) => element.scrollHeight > element.clientHeight + rowHeight && getComputedStyle(element).overflowY !== 'visible',
  )
  if (!scroller) return reject(new Error('No scrolling ticket table on the page'))
  const intervals = []
  const started = performance.now()
  let last = started
  const step = (now) => {
    intervals.push(now - last)
    last = now
    scroller.scrollTop += ${ROWS_PER_FRAME} * rowHeight
    const rowsScrolled = Math.floor((scroller.scrollTop + scroller.clientHeight) / rowHeight)
    if (rowsScrolled >= ${rows} || now - started > ${SCROLL_TIMEOUT_MS}) resolve({ intervals: intervals.slice(1), rowsScrolled })
    else requestAnimationFrame(step)
  }
  requestAnimationFrame(step)
})`

/** Records a Chromium trace of `work` into `file` when asked to, with the main thread's tasks, layout and paint. */
async function traced<T>(browser: Browser, page: Page, file: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!file) return work()
  await browser.startTracing(page, { path: file, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8.execute', 'cc'] })
  try {
    return await work()
  } finally {
    await browser.stopTracing()
  }
}

/**
 * The built renderer in Chromium, with the real core (restored from the benchmark's cache) behind the bridge:
 * from navigation to the first history rows on screen, then a scroll through `rows` rows, frame by frame.
 * Chromium runs without its 60 Hz frame cap, so a frame's interval is the time its work took, not the vsync.
 */
export async function measureRenderer(userDataDir: string, rows: number, traceDir?: string): Promise<RendererFigures> {
  if (traceDir) mkdirSync(traceDir, { recursive: true })
  const traceFile = (name: string) => (traceDir ? join(traceDir, name) : undefined)
  const browser = await launchChromium(['--disable-frame-rate-limit', '--disable-gpu-vsync', '--enable-precise-memory-info'])
  const desk = await startDesk({ userDataDir, demo: false })
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    page.on('pageerror', (error) => console.error('[page error]', error.message))
    await page.addInitScript(RECORD_FIRST_ROWS)
    const firstRowsMs = await traced(browser, page, traceFile('renderer-start.trace.json'), async () => {
      // performance.now() counts from the start of this navigation.
      await page.goto(desk.bridge.pageUrl)
      await page
        .getByTestId('ticket-row')
        .first()
        .waitFor({ timeout: FIRST_ROWS_TIMEOUT_MS })
        .catch(async (error: unknown) => {
          const shown = (await page.locator('body').innerText()).slice(0, 300)
          throw new Error(`No ticket rows within ${FIRST_ROWS_TIMEOUT_MS / 1000} s; the page shows: ${shown}`, { cause: error })
        })
      return (await page.evaluate('window.benchFirstRowsPainted')) as number
    })
    const scroll = await traced(browser, page, traceFile('renderer-scroll.trace.json'), async () =>
      (await page.evaluate(scrollScript(rows))) as { intervals: number[]; rowsScrolled: number })
    if (scroll.rowsScrolled < rows) throw new Error(`Scrolled ${scroll.rowsScrolled} of ${rows} rows before the time ran out`)

    const devtools = await page.context().newCDPSession(page)
    await devtools.send('HeapProfiler.collectGarbage')
    const heap = await devtools.send('Runtime.getHeapUsage')
    return {
      firstRowsMs,
      frameP95Ms: percentile(scroll.intervals, 0.95),
      rowsScrolled: scroll.rowsScrolled,
      frames: scroll.intervals.length,
      jsHeapMiB: heap.usedSize / 2 ** 20,
    }
  } finally {
    await desk.close()
    await browser.close()
  }
}
