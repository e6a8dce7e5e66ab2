import { gzipSync } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { demoHelpCenter, getAs, postAs, signIn } from './help-center'
import {
  INVOICE_QUESTION,
  WRITE_STALL,
  addAttachment,
  addComment,
  allChanges,
  attachmentsIn,
  fileTicket,
  mutate,
} from './ticket-mutations'
import { DEMO_ACCOUNTS } from '../../../server/seed/demo'
import { ATTACHMENT_MAX_BYTES, attachmentWithContentSchema } from '../../../shared/schemas/attachment'
import { supportErrorSchema } from '../../../shared/schemas/error'
import { commentSchema } from '../../../shared/schemas/ticket'

const LOG = {
  fileName: 'tikv-2.log',
  contentType: 'text/plain',
  content: Buffer.from('[WARN] [raftstore] ["Write stall: too many pending compaction bytes"] [cf=write]\n'),
}

async function download(app: FastifyInstance, accessToken: string, attachmentId: string) {
  const response = await getAs(app, accessToken, `/api/v1/attachments/${attachmentId}`)
  if (response.statusCode !== 200) return { status: response.statusCode, body: response.json() as unknown }
  const attachment = attachmentWithContentSchema.parse(response.json())
  return { status: 200, attachment, bytes: Buffer.from(attachment.contentBase64, 'base64') }
}

describe('attaching files through /mutations', () => {
  it('stores the file, feeds its metadata without the bytes, and serves it back byte for byte', async () => {
    const { app, clock } = await demoHelpCenter()
    const aiko = await signIn(app, DEMO_ACCOUNTS.customer)
    const filed = fileTicket(WRITE_STALL)
    // Binary, so that any text decoding on the way would show.
    const content = gzipSync(Buffer.concat(Array.from({ length: 50 }, () => LOG.content)))
    const gzipped = { fileName: 'tikv-2.log.gz', contentType: 'application/gzip', content }
    const upload = addAttachment(filed.ticketId, gzipped)

    const [, result] = await mutate(app, aiko.accessToken, [filed, upload])
    const feed = await allChanges(app, aiko.accessToken)
    const attachmentSeq = feed.find((change) => change.entity === 'attachment')?.seq
    expect(result).toEqual({ id: upload.id, status: 'applied', seq: attachmentSeq })
    const expected = {
      id: upload.attachmentId,
      ticketId: filed.ticketId,
      commentId: null,
      fileName: 'tikv-2.log.gz',
      contentType: 'application/gzip',
      size: content.length,
      uploaderId: 'usr-aiko',
      uploaderName: 'Aiko Sato',
      createdAt: clock.now().toISOString(),
    }
    expect(attachmentsIn(feed)).toEqual([expected])
    expect(JSON.stringify(feed)).not.toContain(upload.contentBase64)

    const downloaded = await download(app, aiko.accessToken, upload.attachmentId)
    expect(downloaded.attachment).toMatchObject(expected)
    expect(downloaded.bytes!.equals(content)).toBe(true)
  })

  it('attaches a file to the customer’s own reply once, however often the mutation is sent', async () => {
    const { app } = await demoHelpCenter()
    const aiko = await signIn(app, DEMO_ACCOUNTS.customer)
    const filed = fileTicket(WRITE_STALL)
    const reply = addComment(filed.ticketId, 'Full log attached.')
    const upload = addAttachment(filed.ticketId, LOG, reply.commentId)

    const first = await mutate(app, aiko.accessToken, [filed, reply, upload, upload])
    expect(first[2]).toMatchObject({ status: 'applied' })
    expect(first[3]).toEqual(first[2])
    expect(await mutate(app, aiko.accessToken, [upload])).toEqual([first[2]])
    const attachments = attachmentsIn(await allChanges(app, aiko.accessToken))
    expect(attachments).toEqual([expect.objectContaining({ id: upload.attachmentId, commentId: reply.commentId })])

    // The same attachment id under a new mutation id is a different request that collides.
    const [collision] = await mutate(app, aiko.accessToken, [{ ...upload, id: crypto.randomUUID() }])
    expect(collision).toMatchObject({ status: 'rejected', error: { code: 'conflict' } })
  })

  it('refuses a reply that is not the caller’s own on that ticket, naming commentId', async () => {
    const { app } = await demoHelpCenter()
    const aiko = await signIn(app, DEMO_ACCOUNTS.customer)
    const engineer = await signIn(app, DEMO_ACCOUNTS.engineer)
    const filed = fileTicket(WRITE_STALL)
    const other = fileTicket(INVOICE_QUESTION)
    const otherReply = addComment(other.ticketId, 'Also the March invoice.')
    await mutate(app, aiko.accessToken, [filed, other, otherReply])
    const repliesUrl = `/api/v1/tickets/${filed.ticketId}/replies`
    const emisReply = commentSchema.parse(
      (await postAs(app, engineer.accessToken, repliesUrl, { body: 'Please send the full log.' })).json(),
    )

    const results = await mutate(app, aiko.accessToken, [
      addAttachment(filed.ticketId, LOG, emisReply.id),
      addAttachment(filed.ticketId, LOG, otherReply.commentId),
      addAttachment(filed.ticketId, LOG, crypto.randomUUID()),
    ])
    for (const result of results) {
      expect(result).toMatchObject({ status: 'rejected', error: { code: 'invalid_input' } })
      expect(result.status === 'rejected' && result.error.fields?.commentId).toBeTruthy()
    }
    expect(attachmentsIn(await allChanges(app, aiko.accessToken))).toEqual([])
  })

  it('takes a file of exactly the size limit, and refuses one byte more or one base64 quad more naming contentBase64', async () => {
    const { app } = await demoHelpCenter()
    const aiko = await signIn(app, DEMO_ACCOUNTS.customer)
    const filed = fileTicket(WRITE_STALL)
    await mutate(app, aiko.accessToken, [filed])
    const file = (size: number) => ({ ...LOG, content: Buffer.alloc(size, 'tikv log line\n') })

    const largest = addAttachment(filed.ticketId, file(ATTACHMENT_MAX_BYTES))
    const tooLarge = addAttachment(filed.ticketId, file(ATTACHMENT_MAX_BYTES + 1))
    expect(await mutate(app, aiko.accessToken, [largest])).toEqual([expect.objectContaining({ status: 'applied' })])
    // Its base64 is no longer than the largest file's: the shared schema measures the decoded size.
    expect(tooLarge.contentBase64.length).toBe(largest.contentBase64.length)
    const refused = await postAs(app, aiko.accessToken, '/api/v1/mutations', { mutations: [tooLarge] })
    expect(refused.statusCode).toBe(400)
    expect(supportErrorSchema.parse(refused.json()).fields?.['mutations.0.contentBase64']).toBe('Attachments can be at most 10.0 MB')
    expect(attachmentsIn(await allChanges(app, aiko.accessToken)).map((attachment) => attachment.size)).toEqual([
      ATTACHMENT_MAX_BYTES,
    ])

    // Longer base64 than any allowed file fails the shared schema: the whole batch is refused before decoding.
    const overLength = { ...largest, id: crypto.randomUUID(), contentBase64: `${largest.contentBase64}AAAA` }
    const response = await postAs(app, aiko.accessToken, '/api/v1/mutations', { mutations: [overLength] })
    expect(response.statusCode).toBe(400)
    const body = supportErrorSchema.parse(response.json())
    expect(body.fields?.['mutations.0.contentBase64']).toBe('Attachments can be at most 10.0 MB')
  })
})

describe('who may download a file', () => {
  it('answers 404 alike for a missing file, a malformed id and a file on a ticket the caller cannot see', async () => {
    const { app } = await demoHelpCenter()
    const aiko = await signIn(app, DEMO_ACCOUNTS.customer)
    const ben = await signIn(app, DEMO_ACCOUNTS.member)
    const filed = fileTicket(WRITE_STALL)
    const upload = addAttachment(filed.ticketId, LOG)
    await mutate(app, aiko.accessToken, [filed, upload])

    const missing = await download(app, ben.accessToken, crypto.randomUUID())
    expect(missing).toEqual({ status: 404, body: expect.objectContaining({ code: 'not_found' }) })
    expect(await download(app, ben.accessToken, upload.attachmentId)).toEqual(missing)
    expect(await download(app, ben.accessToken, 'not-a-uuid')).toEqual(missing)
    expect((await app.inject({ method: 'GET', url: `/api/v1/attachments/${upload.attachmentId}` })).statusCode).toBe(
      401,
    )
    const engineer = await signIn(app, DEMO_ACCOUNTS.engineer)
    expect((await download(app, engineer.accessToken, upload.attachmentId)).bytes!.equals(LOG.content)).toBe(true)
  })

  it('keeps the files of an internal note from customers, in the feed and by id, but not from support', async () => {
    const { app } = await demoHelpCenter()
    const chen = await signIn(app, DEMO_ACCOUNTS.premiumCustomer)
    const engineer = await signIn(app, DEMO_ACCOUNTS.engineer)
    const tam = await signIn(app, DEMO_ACCOUNTS.tam)
    const filed = fileTicket({ ...WRITE_STALL, organizationId: 'org-helix', clusterId: 'cl-shipments-prod' })
    await mutate(app, chen.accessToken, [filed])
    const repliesUrl = `/api/v1/tickets/${filed.ticketId}/replies`
    const disk = { fileName: 'tikv-2-disk.txt', contentType: 'text/plain', contentBase64: btoa('disk 91% full') }
    const tuning = { fileName: 'tuning.txt', contentType: 'text/plain', contentBase64: btoa('raise the limit') }
    const noteResponse = await postAs(app, engineer.accessToken, repliesUrl, {
      body: 'Disk nearly full on tikv-2.',
      visibility: 'internal',
      attachments: [disk],
    })
    expect(noteResponse.statusCode).toBe(201)
    const note = commentSchema.parse(noteResponse.json())
    const reply = commentSchema.parse(
      (await postAs(app, engineer.accessToken, repliesUrl, { body: 'Try this.', attachments: [tuning] })).json(),
    )

    const staffFiles = attachmentsIn(await allChanges(app, engineer.accessToken))
    expect(staffFiles).toEqual([
      expect.objectContaining({ fileName: disk.fileName, commentId: note.id, uploaderName: 'Emi Nakamura', size: 13 }),
      expect.objectContaining({ fileName: tuning.fileName, commentId: reply.id, uploaderId: 'usr-emi' }),
    ])
    const [noteFile, replyFile] = staffFiles.map((attachment) => attachment.id) as [string, string]
    expect(attachmentsIn(await allChanges(app, tam.accessToken)).map((attachment) => attachment.id)).toEqual([
      noteFile,
      replyFile,
    ])

    const customerFeed = await allChanges(app, chen.accessToken)
    expect(attachmentsIn(customerFeed).map((attachment) => attachment.id)).toEqual([replyFile])
    expect(JSON.stringify(customerFeed)).not.toContain(disk.fileName)
    const missing = await download(app, chen.accessToken, crypto.randomUUID())
    expect(await download(app, chen.accessToken, noteFile)).toEqual(missing)
    expect((await download(app, chen.accessToken, replyFile)).bytes!.toString()).toBe('raise the limit')
    for (const staff of [engineer, tam]) {
      expect((await download(app, staff.accessToken, noteFile)).bytes!.toString()).toBe('disk 91% full')
    }
  })
})
