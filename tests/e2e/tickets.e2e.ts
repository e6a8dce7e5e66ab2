import { join } from 'node:path'
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { changePageSchema, commentSchema } from '../../shared/schemas/ticket'
import { HelpCenterClient } from '../../electron/core/help-center/help-center-client'
import { DEMO_ACCOUNTS } from '../../server/seed/demo'
import { startHelpCenter } from '../../server/start'
import { useTempDir } from '../support/temp-dir'
import { choose, signedInDesk, useChromium } from './harness'

describe('tickets, end to end in Chromium', () => {
  const tempDir = useTempDir('support-e2e-tickets-')
  const browser = useChromium()

  it('files a technical ticket offline exactly once, then shows the engineer reply without a refresh', async () => {
    const dir = tempDir()
    const dbFile = join(dir, 'help-center.sqlite')
    let helpCenter = await startHelpCenter({ dbFile, seed: 'demo', demoAutoReply: { delayMs: 0 } })
    const port = Number(new URL(helpCenter.url).port)
    const { desk, page } = await signedInDesk(join(dir, 'app'), helpCenter.url, browser())
    try {
      await helpCenter.close()
      await page.getByTestId('nav-new-ticket').click()
      await page.getByTestId('kind-technical').click()
      await choose(page, 'ticket-organization', 'Sakura Fintech')
      await choose(page, 'ticket-cluster', 'payments-prod')
      await expect.poll(() => page.getByTestId('ticket-version').inputValue()).toBe('v8.5.1')
      await page.getByTestId('ticket-summary').fill('Writes stall on payments-prod after TiKV scale-in')
      await page
        .getByTestId('ticket-description')
        .fill('Since 2026-11-23 10:02 JST: [ERROR] [raft] region 4012 unavailable. Tried restarting tikv-2.')
      await page.getByTestId('environment-production').click()
      await page.getByTestId('severity-S1').click()
      await choose(page, 'ticket-component', 'TiKV')
      await expect.poll(() => page.getByTestId('response-target-preview').textContent()).toMatch(/1 hour/)
      await page.getByTestId('ticket-submit').click()
      await expect.poll(() => page.getByTestId('ticket-key').textContent()).toMatch(/Pending/)
      expect(await page.getByTestId('ticket-key').textContent()).not.toMatch(/SUP-\d+/)

      helpCenter = await startHelpCenter({ dbFile, seed: 'demo', port, demoAutoReply: { delayMs: 0 } })
      await desk.core.dispatch('sync.now', {})
      await expect.poll(() => page.getByTestId('ticket-key').textContent(), { timeout: 20_000 }).toMatch(/SUP-\d+/)
      const key = (await page.getByTestId('ticket-key').textContent())!.match(/SUP-\d+/)![0]

      const staff = new HelpCenterClient(helpCenter.url)
      const { accessToken } = await staff.signIn(DEMO_ACCOUNTS.engineer.email, DEMO_ACCOUNTS.engineer.password)
      const feed = await staff.request('/changes?after=0&limit=1000', { accessToken, response: changePageSchema })
      const filed = feed.changes.filter((change) => change.entity === 'ticket' && change.ticket.summary.startsWith('Writes stall'))
      expect(new Set(filed.map((change) => (change.entity === 'ticket' ? change.ticket.id : '')))).toHaveProperty('size', 1)
      const ticketId = filed[0]!.entity === 'ticket' ? filed[0]!.ticket.id : ''
      expect(filed[0]!.entity === 'ticket' && filed[0]!.ticket.key).toBe(key)

      await staff.request(`/tickets/${ticketId}/replies`, {
        method: 'POST',
        body: { body: 'We see the region unavailable errors and are checking **PD scheduling** now.', visibility: 'public' },
        accessToken,
        response: commentSchema,
      })
      await expect.poll(() => page.getByTestId('comment').allTextContents(), { timeout: 20_000 }).toContainEqual(
        expect.stringContaining('PD scheduling'),
      )
      const comments = await staff.request(`/tickets/${ticketId}/comments`, {
        accessToken,
        response: z.object({ comments: z.array(commentSchema) }),
      })
      expect(comments.comments).toHaveLength(1)
    } finally {
      await desk.close()
      await helpCenter.close()
    }
  })

  it('points a Basic organization at the community instead of the technical form', async () => {
    const dir = tempDir()
    const helpCenter = await startHelpCenter({ dbFile: join(dir, 'help-center.sqlite'), seed: 'demo', demoAutoReply: { delayMs: 0 } })
    const { desk, page } = await signedInDesk(join(dir, 'app'), helpCenter.url, browser())
    try {
      await page.getByTestId('nav-new-ticket').click()
      await page.getByTestId('kind-technical').click()
      await choose(page, 'ticket-organization', 'Pebble Labs')
      await page.getByTestId('technical-unavailable').waitFor()
      expect(await page.getByTestId('ticket-submit').count()).toBe(0)
      expect(await page.getByTestId('community-slack').getAttribute('href')).toMatch(/^https:\/\/slack\.tidb\.io\//)
      expect(await page.getByTestId('see-plans').count()).toBe(1)
    } finally {
      await desk.close()
      await helpCenter.close()
    }
  })

  it('refuses S1 for a billing ticket in the UI, over IPC and on the server', async () => {
    const dir = tempDir()
    const helpCenter = await startHelpCenter({ dbFile: join(dir, 'help-center.sqlite'), seed: 'demo', demoAutoReply: { delayMs: 0 } })
    const { desk, page } = await signedInDesk(join(dir, 'app'), helpCenter.url, browser())
    try {
      await page.getByTestId('nav-new-ticket').click()
      await page.getByTestId('kind-account-billing').click()
      await page.getByTestId('severity-S2').waitFor()
      expect(await page.getByTestId('severity-S1').count()).toBe(0)

      const billingS1 = { kind: 'account_billing', summary: 'Invoice', description: 'Wrong VAT number', severity: 'S1' }
      const refused = await desk.core.dispatch('tickets.create', { ticket: billingS1 })
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { 'ticket.severity': expect.stringMatching(/S1/) } } })

      const customer = new HelpCenterClient(helpCenter.url)
      const { accessToken } = await customer.signIn(DEMO_ACCOUNTS.customer.email, DEMO_ACCOUNTS.customer.password)
      const mutation = { id: crypto.randomUUID(), type: 'ticket.create', ticketId: crypto.randomUUID(), timeZone: 'Asia/Tokyo', ticket: billingS1 }
      await expect(customer.request('/mutations', { method: 'POST', body: { mutations: [mutation] }, accessToken })).rejects.toMatchObject({
        code: 'invalid_input',
      })
    } finally {
      await desk.close()
      await helpCenter.close()
    }
  })
})
