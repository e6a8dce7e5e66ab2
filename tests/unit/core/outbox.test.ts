import { describe, expect, it } from 'vitest'
import type { Mutation } from '../../../shared/schemas/ticket'
import { openAccountDatabase } from '../../../electron/core/database/account-database'
import { Outbox } from '../../../electron/core/sync/outbox'

const at = '2026-11-23T05:00:00.000Z'

function filing(ticketId: string): Mutation {
  return {
    id: crypto.randomUUID(),
    type: 'ticket.create',
    ticketId,
    timeZone: 'Asia/Tokyo',
    ticket: { kind: 'account_billing', summary: 'Invoice', description: 'Wrong VAT number', severity: 'S3' },
  }
}

function reply(ticketId: string, commentId = crypto.randomUUID()): Mutation {
  return { id: crypto.randomUUID(), type: 'comment.add', ticketId, commentId, body: 'More detail' }
}

function file(ticketId: string, commentId: string | null): Mutation {
  return {
    id: crypto.randomUUID(),
    type: 'attachment.add',
    attachmentId: crypto.randomUUID(),
    ticketId,
    commentId,
    fileName: 'tidb.log',
    contentType: 'text/plain',
    contentBase64: 'AAAA',
  }
}

describe('outbox dependents', () => {
  it("finds a new ticket's later replies and files, and a reply's own files, in order", () => {
    const outbox = new Outbox(openAccountDatabase(':memory:'))
    const ticketId = crypto.randomUUID()
    const otherTicket = crypto.randomUUID()
    const create = filing(ticketId)
    const ticketFile = file(ticketId, null)
    const comment = reply(ticketId)
    const commentFile = file(ticketId, comment.type === 'comment.add' ? comment.commentId : null)
    const unrelated = reply(otherTicket)
    for (const mutation of [create, ticketFile, unrelated, comment, commentFile]) outbox.enqueue(mutation, at)

    expect(outbox.dependents(create).map(({ mutation }) => mutation.id)).toEqual([ticketFile.id, comment.id, commentFile.id])
    expect(outbox.dependents(comment).map(({ mutation }) => mutation.id)).toEqual([commentFile.id])
    expect(outbox.dependents(ticketFile)).toEqual([])

    outbox.fail(create.id, { message: 'Basic plan' })
    outbox.fail(comment.id, { message: 'No such ticket' })
    expect(outbox.failedDependents(create).map(({ mutation }) => mutation.id)).toEqual([comment.id])
  })
})
