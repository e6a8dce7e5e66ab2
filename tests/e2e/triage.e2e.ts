import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { changePageSchema, commentSchema, ticketSchema } from '../../shared/schemas/ticket'
import { HelpCenterClient } from '../../electron/core/help-center/help-center-client'
import { DEMO_ACCOUNTS } from '../../server/seed/demo'
import { startHelpCenter } from '../../server/start'
import { call } from '../support/core-harness'
import { startFlakyProxy } from '../support/flaky-proxy'
import { useTempDir } from '../support/temp-dir'
import { choose, signedInDesk, useChromium } from './harness'

/** Selects exactly these queue rows. */
async function select(page: Page, ticketIds: string[]): Promise<void> {
  if (await page.getByTestId('triage-clear-selection').isVisible()) await page.getByTestId('triage-clear-selection').click()
  for (const ticketId of ticketIds) {
    await page.locator(`[data-testid="triage-row"][data-ticket-id="${ticketId}"] [data-testid="triage-row-select"]`).click()
  }
}

describe('TAM triage, end to end in Chromium', () => {
  const tempDir = useTempDir('support-e2e-triage-')
  const browser = useChromium()

  it('triages offline across two organizations; everything reaches the help center once; the customer never sees the note', async () => {
    const dir = tempDir()
    const helpCenter = await startHelpCenter({ dbFile: join(dir, 'help-center.sqlite'), seed: 'demo', demoAutoReply: { delayMs: 0 } })
    const proxy = await startFlakyProxy(helpCenter.url, { faultRate: 0, seed: 5 })
    const { desk, page } = await signedInDesk(join(dir, 'app'), proxy.url, browser(), DEMO_ACCOUNTS.tam)
    try {
      await call(desk.core, 'triage.staff', {})
      const queue = await call(desk.core, 'triage.list', {})
      const helix = queue.tickets.find((ticket) => ticket.organizationName === 'Helix Logistics' && ticket.severity !== 'S1')!
      const kumo = queue.tickets.find((ticket) => ticket.organizationName === 'Kumo Mobility' && ticket.assigneeId === null)!
      await page.getByTestId('nav-triage').click()
      await page.locator(`[data-testid="triage-row"][data-ticket-id="${helix.id}"]`).waitFor()

      proxy.setFaultRate(1)
      await call(desk.core, 'sync.now', {})

      await select(page, [helix.id])
      await page.getByTestId('triage-action-setSeverity').click()
      await page.getByTestId('triage-severity-S1').click()
      await page.getByTestId('triage-severity-reason').fill('Checkout is down for every EU customer')
      await page.getByTestId('triage-severity-submit').click()
      await page.getByTestId('triage-dialog-setSeverity').waitFor({ state: 'detached' })

      await select(page, [kumo.id])
      await page.getByTestId('triage-action-assign').click()
      await choose(page, 'triage-assignee', DEMO_ACCOUNTS.engineer.name)
      await page.getByTestId('triage-assign-submit').click()
      await page.getByTestId('triage-dialog-assign').waitFor({ state: 'detached' })

      await select(page, [helix.id, kumo.id])
      await page.getByTestId('triage-action-labels').click()
      await page.getByTestId('triage-labels-input').fill('escalated')
      await page.getByTestId('triage-labels-add').click()
      await page.getByTestId('triage-labels-submit').click()
      await page.getByTestId('triage-dialog-labels').waitFor({ state: 'detached' })

      await select(page, [helix.id])
      await page.getByTestId('triage-action-note').click()
      await page.getByTestId('triage-note-body').fill('Customer is renegotiating the contract; keep the TAM in the loop.')
      await page.getByTestId('triage-note-submit').click()
      await page.getByTestId('triage-dialog-note').waitFor({ state: 'detached' })

      await expect.poll(async () => (await call(desk.core, 'sync.status', {})).pendingMutations).toBe(5)
      await expect
        .poll(() => page.locator(`[data-testid="triage-row"][data-ticket-id="${helix.id}"] [data-testid="sync-pending"]`).count())
        .toBe(1)

      proxy.setFaultRate(0)
      await expect
        .poll(async () => (await call(desk.core, 'sync.now', {})).pendingMutations, { timeout: 20_000 })
        .toBe(0)
      expect((await call(desk.core, 'sync.status', {})).failedMutations).toBe(0)

      const engineer = new HelpCenterClient(helpCenter.url)
      const { accessToken } = await engineer.signIn(DEMO_ACCOUNTS.engineer.email, DEMO_ACCOUNTS.engineer.password)
      const onServer = (id: string) => engineer.request(`/tickets/${id}`, { accessToken, response: ticketSchema })
      expect(await onServer(helix.id)).toMatchObject({ severity: 'S1', labels: ['escalated'] })
      expect(await onServer(kumo.id)).toMatchObject({ assigneeName: DEMO_ACCOUNTS.engineer.name, labels: ['escalated'] })
      const { comments } = await engineer.request(`/tickets/${helix.id}/comments`, {
        accessToken,
        response: z.object({ comments: z.array(commentSchema) }),
      })
      expect(comments.filter((comment) => comment.body.startsWith('Customer is renegotiating'))).toHaveLength(1)

      const customer = new HelpCenterClient(helpCenter.url)
      const grant = await customer.signIn(DEMO_ACCOUNTS.premiumCustomer.email, DEMO_ACCOUNTS.premiumCustomer.password)
      const feed = await customer.request('/changes?after=0&limit=1000', { accessToken: grant.accessToken, response: changePageSchema })
      expect(JSON.stringify(feed)).not.toContain('renegotiating')
      const helixNow = feed.changes.filter((change) => change.entity === 'ticket' && change.ticket.id === helix.id).at(-1)
      expect(helixNow).toMatchObject({ ticket: { severity: 'S1', labels: [], priority: null } })
    } finally {
      await desk.close()
      await proxy.close()
      await helpCenter.close()
    }
  })
})
