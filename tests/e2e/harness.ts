import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { DEMO_ACCOUNTS, type DemoAccount } from '../../server/seed/demo'
import type { SupportCore } from '../../electron/core/support-core'
import { createWebCore } from '../bridge/web-core'
import { startStaticBridge, type RunningBridge } from '../bridge/static-bridge-server'

const root = resolve(import.meta.dirname, '../..')
export const RENDERER_DIR = resolve(root, 'out/renderer')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Debian's Chromium, headless; the flags keep it off a network this machine does not have. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH.`)
  }
  if (!existsSync(resolve(RENDERER_DIR, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` (npm run test:e2e does it for you).')
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  })
}

/** One Chromium for a test file's tests: launched before the first, closed after the last. */
export function useChromium(): () => Browser {
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })
  return () => {
    if (!browser) throw new Error('Chromium did not start')
    return browser
  }
}

export interface Desk {
  core: SupportCore
  bridge: RunningBridge
  /** Opens the app in a fresh page and collects what the page logs, to show on failure. */
  open(browser: Browser): Promise<Page>
  close(): Promise<void>
}

/** The real core behind the real (built) renderer: the desktop app minus Electron. */
export async function startDesk(options: { userDataDir: string; demo?: boolean }): Promise<Desk> {
  const core = createWebCore(options)
  await core.start()
  const bridge = await startStaticBridge(core, RENDERER_DIR)
  return {
    core,
    bridge,
    async open(browser) {
      const page = await browser.newPage()
      page.on('pageerror', (error) => console.error('[page error]', error.message))
      await page.goto(bridge.pageUrl)
      return page
    },
    async close() {
      await bridge.close()
      await core.close()
    },
  }
}

/** A desk signed in to a running help center, with the app open in a fresh page. */
export async function signedInDesk(
  userDataDir: string,
  url: string,
  browser: Browser,
  account: DemoAccount = DEMO_ACCOUNTS.customer,
): Promise<{ desk: Desk; page: Page }> {
  const desk = await startDesk({ userDataDir, demo: false })
  const signedIn = await desk.core.dispatch('session.signIn', { helpCenterUrl: url, email: account.email, password: account.password })
  if (!signedIn.ok) throw new Error(signedIn.error.message)
  const page = await desk.open(browser)
  await page.getByTestId('status-bar').waitFor()
  return { desk, page }
}

/** Picks an option of a Naive UI select by its visible text. */
export async function choose(page: Page, selectTestId: string, option: string): Promise<void> {
  await page.getByTestId(selectTestId).click()
  await page.locator('.n-base-select-option', { hasText: option }).first().click()
}
