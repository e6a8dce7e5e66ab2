// The renderer's Content Security Policy as Chromium enforces it on the built page: the app runs under
// it without a single violation, and what an attacker would inject into the DOM is blocked.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { RENDERER_CSP, serializeCsp } from '../../electron/core/ipc/content-security'
import { DEMO_ACCOUNTS } from '../../server/seed/demo'
import { useTempDir } from '../support/temp-dir'
import { RENDERER_DIR, startDesk, type Desk, useChromium } from './harness'

interface Violation {
  directive: string
  blocked: string
  /** Where it happened, to find the culprit when the app itself breaks the policy. */
  source: string
}

/** Page-side scripts are strings: this project's Node types have no DOM. */
const RECORD_VIOLATIONS = `window.cspViolations = []
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile + ':' + event.lineNumber + ':' + event.columnNumber,
  })
})`

/** What an attacker who got HTML or script into the page would try; says which of it ran. */
const INJECT = `(async () => {
  const script = document.createElement('script')
  script.textContent = 'window.injectedScriptRan = true'
  document.head.append(script)

  const withHandler = document.createElement('div')
  withHandler.innerHTML = '<img src="/missing.png" onerror="window.injectedHandlerRan = true">'
  document.body.append(withHandler)

  const image = new Image()
  image.src = 'https://tracker.example/pixel.png'
  document.body.append(image)

  const frame = document.createElement('iframe')
  frame.src = 'https://evil.example/'
  document.body.append(frame)

  const connection = await fetch('https://collector.example/tokens').then(() => 'connected', () => 'blocked')
  // A string is compiled like eval. (Playwright's evaluate itself may eval: DevTools lifts the policy for it.)
  setTimeout('window.injectedTimerRan = true', 0)
  // The handler would run once the missing image has failed to load.
  await new Promise((resolve) => setTimeout(resolve, 500))
  return {
    scriptRan: window.injectedScriptRan === true,
    handlerRan: window.injectedHandlerRan === true,
    timerRan: window.injectedTimerRan === true,
    connection,
  }
})()`

/** Opens the app with the violation recorder in place before the page's first script; init scripts are outside the page's policy. */
async function openRecording(desk: Desk, browser: Browser): Promise<Page> {
  const page = await browser.newPage()
  page.on('pageerror', (error) => console.error('[page error]', error.message))
  await page.addInitScript(RECORD_VIOLATIONS)
  await page.goto(desk.bridge.pageUrl)
  return page
}

const violations = async (page: Page) => (await page.evaluate('window.cspViolations')) as Violation[]

describe('the Content Security Policy, in Chromium', () => {
  const tempDir = useTempDir('support-e2e-csp-')
  const browser = useChromium()

  it('is in the built page, and the app signs in and runs under it without a single violation', async () => {
    const policy = serializeCsp(RENDERER_CSP)
    expect(readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8')).toContain(`content="${policy}"`)

    const desk = await startDesk({ userDataDir: tempDir() })
    try {
      const page = await openRecording(desk, browser())
      expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(policy)

      // The bridge's own script and websocket stand in for the preload under the same policy: 'self' covers both.
      await page.getByTestId('use-demo').click()
      await expect.poll(() => page.getByTestId('status-user').textContent()).toContain(DEMO_ACCOUNTS.customer.name)
      await expect.poll(() => page.getByTestId('status-connection').textContent()).toContain('Online')
      await page.getByTestId('nav-plan').click()
      await expect.poll(() => page.getByTestId('plan-current-plan').count()).toBe(1)
      await page.getByTestId('nav-new-ticket').click()
      await page.getByTestId('kind-account-billing').click()
      await page.getByTestId('ticket-summary').waitFor()

      // Naive UI styles its components through <style> elements it writes at runtime: why style-src has 'unsafe-inline'.
      expect(await page.locator('style[cssr-id]').count()).toBeGreaterThan(0)
      expect(await violations(page)).toEqual([])
    } finally {
      await desk.close()
    }
  })

  it('blocks injected inline script, event handlers, eval, remote images, connections and frames', async () => {
    const desk = await startDesk({ userDataDir: tempDir() })
    try {
      const page = await openRecording(desk, browser())
      await page.getByTestId('use-demo').waitFor()

      expect(await page.evaluate(INJECT)).toEqual({ scriptRan: false, handlerRan: false, timerRan: false, connection: 'blocked' })
      await expect
        .poll(async () => (await violations(page)).map(({ directive, blocked }) => `${directive} ${blocked}`).sort())
        .toEqual([
          'connect-src https://collector.example/tokens',
          'frame-src https://evil.example',
          'img-src https://tracker.example/pixel.png',
          'script-src eval',
          'script-src-attr inline',
          'script-src-elem inline',
        ])
    } finally {
      await desk.close()
    }
  })
})
