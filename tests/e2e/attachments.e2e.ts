import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ATTACHMENT_MAX_BYTES, attachmentWithContentSchema } from '../../shared/schemas/attachment'
import { HelpCenterClient } from '../../electron/core/help-center/help-center-client'
import { DEMO_ACCOUNTS } from '../../server/seed/demo'
import { startHelpCenter } from '../../server/start'
import { call } from '../support/core-harness'
import { useTempDir } from '../support/temp-dir'
import { signedInDesk, useChromium } from './harness'

/** The smallest valid PNG: one transparent pixel. */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)
const SLOW_LOG = Buffer.from('# Time: 2026-11-23T05:12:09Z\n# Query_time: 41.2\nSELECT * FROM orders WHERE created_at > ...\n')

describe('attachments and history, end to end in Chromium', () => {
  const tempDir = useTempDir('support-e2e-files-')
  const browser = useChromium()

  it('shows the demo files and status history of a closed ticket, and sends an attached log and a pasted screenshot with a reply', async () => {
    const dir = tempDir()
    const helpCenter = await startHelpCenter({ dbFile: join(dir, 'help-center.sqlite'), seed: 'demo', demoAutoReply: { delayMs: 0 } })
    const { desk, page } = await signedInDesk(join(dir, 'app'), helpCenter.url, browser())
    try {
      const listed = await call(desk.core, 'tickets.list', { limit: 500 })
      const ticketId = listed.tickets.find((ticket) => ticket.key === 'SUP-1001')?.id
      if (!ticketId) throw new Error('SUP-1001 is missing from the demo history')
      await page.goto(`${desk.bridge.pageUrl}#/tickets/${ticketId}`)

      await expect.poll(() => page.getByTestId('attachment-name').allTextContents()).toEqual(
        expect.arrayContaining(['tikv-2-write-stall.log', 'tikv-2-pending-compaction-bytes.png']),
      )
      // Thumbnails load as they scroll into view.
      await page.getByTestId('attachment').filter({ hasText: 'compaction-bytes.png' }).scrollIntoViewIfNeeded()
      await expect
        .poll(() => page.getByTestId('attachment-thumbnail').first().getAttribute('src', { timeout: 5_000 }), { timeout: 10_000 })
        .toMatch(/^data:image\/png;base64,/)
      expect(await page.getByTestId('history-entry').count()).toBeGreaterThan(1)
      expect(await page.getByTestId('history-entry').first().textContent()).toMatch(/Filed/)
      // SUP-1001 is closed: no reply box, a follow-up instead.
      await page.getByTestId('ticket-follow-up').waitFor()
      expect(await page.getByTestId('reply-body').count()).toBe(0)

      const open = await call(desk.core, 'tickets.list', { status: 'open', kind: 'technical', limit: 500 })
      const openTicketId = open.tickets.find((ticket) => ticket.requesterName === 'Aiko Sato')?.id
      if (!openTicketId) throw new Error('the demo history has no open technical ticket of Aiko')
      await page.goto(`${desk.bridge.pageUrl}#/tickets/${openTicketId}`)
      await page.getByTestId('reply-body').waitFor()

      await page.getByTestId('attachment-input').last().setInputFiles({ name: 'core-dump.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(ATTACHMENT_MAX_BYTES + 1) })
      await expect.poll(() => page.getByTestId('attachment-problems').textContent()).toMatch(/core-dump\.bin.*10\.0 MB/)

      await page.getByTestId('attachment-input').last().setInputFiles({ name: 'slow-query.log', mimeType: 'text/plain', buffer: SLOW_LOG })
      const body = page.getByTestId('reply-body')
      await body.fill('Slow log and a screenshot of the dashboard attached.')
      // What the OS clipboard gives a page when a screenshot is pasted: an image file named image.png.
      await page.evaluate(`(() => {
        const bytes = Uint8Array.from(atob('${PIXEL_PNG.toString('base64')}'), (char) => char.charCodeAt(0))
        const clipboard = new DataTransfer()
        clipboard.items.add(new File([bytes], 'image.png', { type: 'image/png' }))
        document.querySelector('[data-testid="reply-body"]')
          .dispatchEvent(new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }))
      })()`)
      await expect.poll(() => page.getByTestId('attachment-chip').allTextContents()).toEqual([
        expect.stringContaining('slow-query.log'),
        expect.stringMatching(/Screenshot .*\.png/),
      ])
      await page.getByTestId('reply-submit').click()

      await expect
        .poll(
          async () => {
            const conversation = await call(desk.core, 'tickets.get', { ticketId: openTicketId })
            const reply = conversation.comments.find((comment) => comment.body.startsWith('Slow log and a screenshot'))
            return conversation.attachments.filter((file) => reply && file.commentId === reply.id && file.syncState === 'synced')
          },
          { timeout: 20_000 },
        )
        .toHaveLength(2)

      const conversation = await call(desk.core, 'tickets.get', { ticketId: openTicketId })
      const sent = conversation.attachments.filter((file) => file.fileName === 'slow-query.log' || file.fileName.startsWith('Screenshot'))
      const engineer = new HelpCenterClient(helpCenter.url)
      const { accessToken } = await engineer.signIn(DEMO_ACCOUNTS.engineer.email, DEMO_ACCOUNTS.engineer.password)
      const received = await Promise.all(
        sent.map((file) => engineer.request(`/attachments/${file.id}`, { accessToken, response: attachmentWithContentSchema })),
      )
      expect(received.map((file) => Buffer.from(file.contentBase64, 'base64'))).toEqual([SLOW_LOG, PIXEL_PNG])
      expect(await page.getByTestId('attachment-name').allTextContents()).toEqual(
        expect.arrayContaining(['slow-query.log', expect.stringMatching(/^Screenshot .*\.png$/)]),
      )
    } finally {
      await desk.close()
      await helpCenter.close()
    }
  })
})
