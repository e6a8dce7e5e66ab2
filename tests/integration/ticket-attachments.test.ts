import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ATTACHMENT_MAX_BYTES, attachmentWithContentSchema } from '../../shared/schemas/attachment'
import { SupportError } from '../../shared/schemas/error'
import { ticketSchema } from '../../shared/schemas/ticket'
import { DEMO_ACCOUNTS } from '../../server/seed/demo'
import { apiAs, call, until, useCoreHarness } from '../support/core-harness'
import { snapshotFiles, useTempDir } from '../support/temp-dir'

const screenshot = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex')
const slowQueryLog = Buffer.from('# Time: 2026-11-23T05:12:09Z\n# Query_time: 41.2\nSELECT * FROM orders WHERE ...\n')

const upload = (fileName: string, contentType: string, content: Buffer) => ({
  fileName,
  contentType,
  contentBase64: content.toString('base64'),
})

const technical = {
  kind: 'technical' as const,
  summary: 'Slow queries after upgrading to v8.5.1',
  organizationId: 'org-sakura',
  environment: 'production' as const,
  description: 'Since 05:00 UTC the orders query takes 40 s. Slow log attached.',
  severity: 'S2' as const,
  component: 'tidb' as const,
  affectedVersion: 'v8.5.1',
}

describe('attachments and history: core against the real help center', () => {
  const tempDir = useTempDir('support-attach-')
  const { helpCenter, signedInCore } = useCoreHarness()

  it('uploads files filed offline with a ticket and a reply exactly once, after what they belong to', async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const port = Number(new URL(server.url).port)
    const core = await signedInCore(join(dir, 'app'), server.url)

    await server.close()
    const created = await call(core, 'tickets.create', {
      ticket: technical,
      attachments: [upload('slow-query.log', 'text/plain', slowQueryLog)],
    })
    await call(core, 'tickets.comment', {
      ticketId: created.id,
      body: 'Screenshot of the dashboard.',
      attachments: [upload('Screenshot 2026-11-23 14.32.05.png', 'image/png', screenshot)],
    })
    const pending = await call(core, 'tickets.get', { ticketId: created.id })
    expect(pending.attachments.map((file) => [file.fileName, file.syncState, file.cached])).toEqual([
      ['slow-query.log', 'pending', true],
      ['Screenshot 2026-11-23 14.32.05.png', 'pending', true],
    ])
    // The user's own file opens while offline.
    const offlineCopy = await call(core, 'attachments.content', { attachmentId: pending.attachments[0]!.id })
    expect(Buffer.from(offlineCopy.contentBase64, 'base64')).toEqual(slowQueryLog)

    await helpCenter(join(dir, 'hc.sqlite'), port)
    expect(await call(core, 'sync.now', {})).toMatchObject({ phase: 'idle', pendingMutations: 0, failedMutations: 0 })
    const synced = await call(core, 'tickets.get', { ticketId: created.id })
    expect(synced.attachments.every((file) => file.syncState === 'synced')).toBe(true)
    const reply = synced.comments.find((comment) => comment.body.startsWith('Screenshot'))!
    expect(synced.attachments[1]!.commentId).toBe(reply.id)
    expect(synced.history[0]).toMatchObject({ field: 'status', from: null, to: 'waiting_for_support' })

    const engineer = await apiAs(server.url, DEMO_ACCOUNTS.engineer)
    for (const [index, bytes] of [slowQueryLog, screenshot].entries()) {
      const onServer = await engineer.client.request(`/attachments/${synced.attachments[index]!.id}`, {
        accessToken: engineer.token,
        response: attachmentWithContentSchema,
      })
      expect(Buffer.from(onServer.contentBase64, 'base64')).toEqual(bytes)
    }
  })

  it("downloads an engineer's file once, keeps it for offline use, and shows the status history", async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const core = await signedInCore(join(dir, 'app'), server.url)
    const created = await call(core, 'tickets.create', { ticket: technical })
    await call(core, 'sync.now', {})

    const engineer = await apiAs(server.url, DEMO_ACCOUNTS.engineer)
    const diagnosis = Buffer.from('Plan regression: add an index on orders(created_at).\n')
    await engineer.client.request(`/tickets/${created.id}/replies`, {
      method: 'POST',
      body: { body: 'Diagnosis attached.', visibility: 'public', attachments: [upload('diagnosis.txt', 'text/plain', diagnosis)] },
      accessToken: engineer.token,
    })
    const conversation = await until(async () => {
      const current = await call(core, 'tickets.get', { ticketId: created.id })
      return current.attachments.some((file) => file.fileName === 'diagnosis.txt') && current
    }, "the engineer's file to arrive through the change feed")
    const file = conversation.attachments.find((candidate) => candidate.fileName === 'diagnosis.txt')!
    expect(file).toMatchObject({ uploaderName: DEMO_ACCOUNTS.engineer.name, cached: false, size: diagnosis.length })
    expect(conversation.history.map((entry) => [entry.field, entry.to])).toEqual([
      ['status', 'waiting_for_support'],
      ['status', 'waiting_for_customer'],
      ['assignee', DEMO_ACCOUNTS.engineer.name],
    ])

    const downloaded = await call(core, 'attachments.content', { attachmentId: file.id })
    expect(Buffer.from(downloaded.contentBase64, 'base64')).toEqual(diagnosis)
    await server.close()
    const offline = await call(core, 'attachments.content', { attachmentId: file.id })
    expect(offline.contentBase64).toBe(downloaded.contentBase64)
  })

  it('refuses a file over the limit, naming it, and writes nothing', async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const core = await signedInCore(join(dir, 'app'), server.url)
    await call(core, 'sync.now', {})
    const before = snapshotFiles(join(dir, 'app'))
    const oversize = upload('core-dump.bin', 'application/octet-stream', Buffer.alloc(ATTACHMENT_MAX_BYTES + 1))
    const refusal = await call(core, 'tickets.create', { ticket: technical, attachments: [oversize] }).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(SupportError)
    expect(refusal).toMatchObject({ code: 'invalid_input', fields: { 'attachments.0.contentBase64': expect.stringContaining('10.0 MB') } })
    expect(snapshotFiles(join(dir, 'app'))).toEqual(before)
  })

  it('refuses replies on a closed ticket, locally and on the server', async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const core = await signedInCore(join(dir, 'app'), server.url)
    const created = await call(core, 'tickets.create', { ticket: technical })
    await call(core, 'sync.now', {})
    const engineer = await apiAs(server.url, DEMO_ACCOUNTS.engineer)
    await engineer.client.request(`/tickets/${created.id}/status`, {
      method: 'POST',
      body: { status: 'closed' },
      accessToken: engineer.token,
      response: ticketSchema,
    })
    await until(async () => (await call(core, 'tickets.get', { ticketId: created.id })).ticket.status === 'closed', 'the close')

    const refusal = await call(core, 'tickets.comment', { ticketId: created.id, body: 'One more thing' }).catch((error: unknown) => error)
    expect(refusal).toMatchObject({ code: 'ticket_closed', message: expect.stringContaining('follow-up') })
    const reopen = await call(core, 'tickets.setStatus', { ticketId: created.id, status: 'open' }).catch((error: unknown) => error)
    expect(reopen).toMatchObject({ code: 'ticket_closed' })
    expect((await call(core, 'sync.status', {})).pendingMutations).toBe(0)
  })
})
