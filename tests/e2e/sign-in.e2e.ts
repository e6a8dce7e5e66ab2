import { describe, expect, it } from 'vitest'
import { DEMO_ACCOUNTS } from '../../server/seed/demo'
import { startHelpCenter } from '../../server/start'
import { useTempDir } from '../support/temp-dir'
import { join } from 'node:path'
import { startDesk, useChromium } from './harness'

describe('signing in, end to end in Chromium', () => {
  const tempDir = useTempDir('support-e2e-')
  const browser = useChromium()

  it('signs in to the embedded demo help center and shows the organization, its plan and clusters', async () => {
    const desk = await startDesk({ userDataDir: tempDir() })
    try {
      const page = await desk.open(browser())
      await page.getByTestId('use-demo').click()
      await expect.poll(() => page.getByTestId('status-user').textContent()).toContain(DEMO_ACCOUNTS.customer.name)
      await expect.poll(() => page.getByTestId('status-connection').textContent()).toContain('Online')
      await page.getByTestId('nav-plan').click()
      await expect.poll(() => page.getByTestId('plan-organization-name').textContent()).toContain('Pebble Labs')
      expect(await page.getByTestId('plan-current-plan').textContent()).toContain('Basic')

      await page.getByTestId('status-organization').locator('.n-base-selection').click()
      await page.locator('.n-base-select-option', { hasText: 'Sakura Fintech' }).click()
      await expect.poll(() => page.getByTestId('plan-organization-name').textContent()).toContain('Sakura Fintech')
      expect(await page.getByTestId('plan-current-plan').textContent()).toContain('Enterprise')
      const clusters = await page.getByTestId('cluster-row').allTextContents()
      expect(clusters.length).toBeGreaterThanOrEqual(2)
      expect(clusters.join('\n')).toMatch(/payments-prod[\s\S]*v\d+\.\d+\.\d+/)
    } finally {
      await desk.close()
    }
  })

  it('explains a wrong password without signing in', async () => {
    const dir = tempDir()
    const helpCenter = await startHelpCenter({ dbFile: join(dir, 'help-center.sqlite'), seed: 'demo' })
    const desk = await startDesk({ userDataDir: join(dir, 'app'), demo: false })
    try {
      const page = await desk.open(browser())
      await page.getByTestId('sign-in-url').fill(helpCenter.url)
      await page.getByTestId('sign-in-email').fill(DEMO_ACCOUNTS.customer.email)
      await page.getByTestId('sign-in-password').fill('not-the-password')
      await page.getByTestId('sign-in-submit').click()
      await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toMatch(/incorrect/i)
      expect(await page.getByTestId('status-bar').count()).toBe(0)
      expect((await desk.core.dispatch('session.get', {})) as unknown).toMatchObject({ ok: true, value: { status: 'signed_out' } })
    } finally {
      await desk.close()
      await helpCenter.close()
    }
  })

  it('reopens offline with the saved session and shows the cached profile', async () => {
    const dir = tempDir()
    const dbFile = join(dir, 'help-center.sqlite')
    const userDataDir = join(dir, 'app')
    const helpCenter = await startHelpCenter({ dbFile, seed: 'demo' })
    const first = await startDesk({ userDataDir, demo: false })
    try {
      const page = await first.open(browser())
      await page.getByTestId('sign-in-url').fill(helpCenter.url)
      await page.getByTestId('sign-in-email').fill(DEMO_ACCOUNTS.customer.email)
      await page.getByTestId('sign-in-password').fill(DEMO_ACCOUNTS.customer.password)
      await page.getByTestId('sign-in-submit').click()
      await expect.poll(() => page.getByTestId('status-connection').textContent()).toContain('Online')
      await page.close()
    } finally {
      await first.close()
      await helpCenter.close()
    }

    const second = await startDesk({ userDataDir, demo: false })
    try {
      const page = await second.open(browser())
      await expect.poll(() => page.getByTestId('status-connection').textContent()).toContain('Offline')
      expect(await page.getByTestId('status-user').textContent()).toContain(DEMO_ACCOUNTS.customer.name)
      await page.getByTestId('nav-plan').click()
      await expect.poll(() => page.getByTestId('plan-organization-name').textContent()).toContain('Pebble Labs')
      expect(await page.getByTestId('cluster-row').allTextContents()).toEqual([
        expect.stringContaining('notes-app'),
        expect.stringContaining('pebble-prototype'),
      ])
    } finally {
      await second.close()
    }
  })
})
