import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { organizationPlanSchema } from '../../shared/schemas/plan'
import { HelpCenterClient } from '../../electron/core/help-center/help-center-client'
import { DEMO_ACCOUNTS } from '../../server/seed/demo'
import { startHelpCenter, type RunningHelpCenter } from '../../server/start'
import { everythingWritten, useTempDir } from '../support/temp-dir'
import { choose, signedInDesk, type Desk, useChromium } from './harness'

const VALID_CARD = '4242 4242 4242 4242'
const DECLINED_CARD = '4000 0000 0000 0002'
const CVC = '731'

async function showOrganization(page: Page, name: string): Promise<void> {
  const current = await page.getByTestId('status-organization').textContent()
  if (!current?.includes(name)) {
    await page.getByTestId('status-organization').locator('.n-base-selection').click()
    await page.locator('.n-base-select-option', { hasText: name }).first().click()
  }
  await page.getByTestId('nav-plan').click()
  await expect.poll(() => page.getByTestId('plan-organization-name').textContent()).toBe(name)
  await page.getByTestId('plan-comparison').waitFor()
}

async function fillCard(page: Page, number: string): Promise<void> {
  await page.getByTestId('card-holderName').fill('Aiko Sato')
  await page.getByTestId('card-number').fill(number)
  await page.getByTestId('card-expMonth').fill('12')
  await page.getByTestId('card-expYear').fill(String(new Date().getFullYear() + 3))
  await page.getByTestId('card-cvc').fill(CVC)
}

describe('support plans, end to end in Chromium', () => {
  const tempDir = useTempDir('support-e2e-plans-')
  const browser = useChromium()
  let running: { desk: Desk; helpCenter: RunningHelpCenter } | undefined

  afterEach(async () => {
    await running?.desk.close()
    await running?.helpCenter.close()
    running = undefined
  })

  async function open(account = DEMO_ACCOUNTS.customer) {
    const dir = tempDir()
    const helpCenter = await startHelpCenter({ dbFile: join(dir, 'help-center.sqlite'), seed: 'demo', demoAutoReply: { delayMs: 0 } })
    const { desk, page } = await signedInDesk(join(dir, 'app'), helpCenter.url, browser(), account)
    running = { desk, helpCenter }
    return { dir, helpCenter, desk, page }
  }

  it('upgrades a Basic organization with the test card after a declined one, opens technical tickets, and stores no card data', async () => {
    const logged: string[] = []
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')))
    }
    try {
      const { dir, page } = await open()
      page.on('console', (message) => logged.push(message.text()))
      await showOrganization(page, 'Pebble Labs')
      await expect.poll(() => page.getByTestId('plan-current-plan').textContent()).toMatch(/Basic/)
      expect(await page.getByTestId('plan-column-basic').getByTestId('plan-current-marker').count()).toBe(1)
      expect(await page.getByTestId('target-S1-enterprise').textContent()).toMatch(/1 hour/)

      await page.getByTestId('plan-action-developer').click()
      await page.getByTestId('upgrade-dialog').waitFor()
      expect(await page.getByTestId('upgrade-trial').textContent()).toMatch(/trial/i)
      await fillCard(page, DECLINED_CARD)
      await page.getByTestId('upgrade-submit').click()
      await expect.poll(() => page.getByTestId('upgrade-error').textContent()).toMatch(/declined/i)
      expect(await page.getByTestId('plan-current-plan').textContent()).toMatch(/Basic/)

      await page.getByTestId('card-number').fill(VALID_CARD)
      await page.getByTestId('upgrade-submit').click()
      await page.getByTestId('upgrade-dialog').waitFor({ state: 'detached' })
      await expect.poll(() => page.getByTestId('plan-current-plan').textContent()).toMatch(/Developer/)
      await expect.poll(() => page.getByTestId('current-plan-card-on-file').textContent()).toMatch(/4242/)

      await page.getByTestId('nav-new-ticket').click()
      await page.getByTestId('kind-technical').click()
      await choose(page, 'ticket-organization', 'Pebble Labs')
      await page.getByTestId('ticket-submit').waitFor()
      expect(await page.getByTestId('technical-unavailable').count()).toBe(0)

      const storage = await page.evaluate<string>('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })')
      const written = everythingWritten(join(dir, 'app'))
      for (const number of [VALID_CARD, DECLINED_CARD]) {
        for (const form of [number, number.replaceAll(' ', '')]) {
          expect(written.includes(form), `card number in the app's files`).toBe(false)
          expect(storage.includes(form), 'card number in web storage').toBe(false)
          expect(logged.some((line) => line.includes(form)), 'card number in the logs').toBe(false)
        }
      }
      expect(/cvc/i.test(written), "a CVC field in the app's files").toBe(false)
      expect(storage.includes(CVC) || logged.some((line) => line.includes(CVC)), 'the CVC in web storage or logs').toBe(false)
    } finally {
      vi.restoreAllMocks()
    }
  })

  it('shows what a downgrade from Enterprise loses before applying it, and records a Premium contact-sales request', async () => {
    const { helpCenter, page } = await open()
    await showOrganization(page, 'Sakura Fintech')
    await expect.poll(() => page.getByTestId('plan-current-plan').textContent()).toMatch(/Enterprise/)

    await page.getByTestId('plan-action-premium').click()
    await page.getByTestId('sales-dialog').waitFor()
    expect(await page.getByTestId('sales-email').inputValue()).toBe(DEMO_ACCOUNTS.customer.email)
    await page.getByTestId('sales-message').fill('We launch in Japan in March and want a TAM.')
    await page.getByTestId('sales-submit').click()
    await page.getByTestId('sales-sent').waitFor()
    const owner = new HelpCenterClient(helpCenter.url)
    const { accessToken } = await owner.signIn(DEMO_ACCOUNTS.customer.email, DEMO_ACCOUNTS.customer.password)
    const afterSales = await owner.request('/organizations/org-sakura/plan', { accessToken, response: organizationPlanSchema })
    expect(afterSales).toMatchObject({ plan: 'enterprise', salesRequestedAt: expect.any(String) })
    await page.keyboard.press('Escape')
    await page.getByTestId('sales-dialog').waitFor({ state: 'detached' })

    await page.getByTestId('plan-action-developer').click()
    await page.getByTestId('downgrade-dialog').waitFor()
    const losses = await page.getByTestId('downgrade-losses').textContent()
    expect(losses).toMatch(/Clinic/)
    expect(await page.getByTestId('lost-target').count()).toBeGreaterThan(0)
    expect(await owner.request('/organizations/org-sakura/plan', { accessToken, response: organizationPlanSchema })).toMatchObject({
      plan: 'enterprise',
    })
    await page.getByTestId('downgrade-confirm').click()
    await expect.poll(() => page.getByTestId('plan-current-plan').textContent()).toMatch(/Developer/)
    const applied = await owner.request('/organizations/org-sakura/plan', { accessToken, response: organizationPlanSchema })
    expect(applied.history[0]).toMatchObject({ from: 'enterprise', to: 'developer', kind: 'downgrade' })
  })

  it('shows a member the plan read-only, and the help center refuses the change if asked anyway', async () => {
    const { helpCenter, page } = await open(DEMO_ACCOUNTS.member)
    await showOrganization(page, 'Northwind Games')
    await page.getByTestId('plan-owner-only').waitFor()
    expect(await page.locator('[data-testid^="plan-action-"]').count()).toBe(0)

    const member = new HelpCenterClient(helpCenter.url)
    const { accessToken } = await member.signIn(DEMO_ACCOUNTS.member.email, DEMO_ACCOUNTS.member.password)
    const card = { holderName: 'Ben Carter', number: VALID_CARD, expMonth: 12, expYear: new Date().getFullYear() + 3, cvc: CVC }
    await expect(
      member.request('/organizations/org-northwind/plan/upgrade', { method: 'POST', body: { plan: 'enterprise', card }, accessToken }),
    ).rejects.toMatchObject({ code: 'forbidden' })
  })
})
