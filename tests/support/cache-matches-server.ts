import Database from 'better-sqlite3'
import { isDeepStrictEqual } from 'node:util'
import { changePageSchema, type Comment, type Ticket } from '../../shared/schemas/ticket'
import { commentFromRow, ticketFromRow, type CommentRow, type TicketRow } from '../../electron/core/tickets/ticket-rows'
import type { DemoAccount } from '../../server/seed/demo'
import { apiAs } from './core-harness'

/**
 * Every way an account's cache differs from what the help center shows that account now, ticket and comment rows
 * field by field (the help center's fields; the cache adds its own, such as unread), plus anything the cache still
 * holds as pending or failed and any outbox entry. Empty when the cache is a faithful copy.
 */
export async function cacheDifferences(cacheFile: string, url: string, account: DemoAccount): Promise<string[]> {
  const serverTickets = new Map<string, Ticket>()
  const serverComments = new Map<string, Comment>()
  const { client, token } = await apiAs(url, account)
  for (let after = 0, more = true; more; ) {
    const page = await client.request(`/changes?after=${after}&limit=5000`, { accessToken: token, response: changePageSchema })
    for (const change of page.changes) {
      if (change.entity === 'ticket') serverTickets.set(change.ticket.id, change.ticket)
      if (change.entity === 'comment') serverComments.set(change.comment.id, change.comment)
    }
    after = page.cursor
    more = page.hasMore
  }
  const cache = new Database(cacheFile, { readonly: true, fileMustExist: true })
  try {
    const localTickets = new Map((cache.prepare('SELECT * FROM tickets').all() as TicketRow[]).map((row) => [row.id, ticketFromRow(row)]))
    const localComments = new Map((cache.prepare('SELECT * FROM comments').all() as CommentRow[]).map((row) => [row.id, commentFromRow(row)]))
    const outbox = (cache.prepare('SELECT type, state FROM outbox').all() as { type: string; state: string }[]).map(
      ({ type, state }) => `outbox still holds a ${state} ${type}`,
    )
    return [
      ...outbox,
      ...compare('ticket', serverTickets, localTickets),
      ...compare('comment', serverComments, localComments),
    ]
  } finally {
    cache.close()
  }
}

function compare(what: string, server: Map<string, object>, local: Map<string, { syncState: string }>): string[] {
  const differences: string[] = []
  for (const [id, expected] of server) {
    const actual = local.get(id)
    if (!actual) {
      differences.push(`${what} ${id} is on the help center but not in the cache`)
      continue
    }
    if (actual.syncState !== 'synced') differences.push(`${what} ${id} is still ${actual.syncState} in the cache`)
    for (const [field, value] of Object.entries(expected)) {
      const cached = (actual as Record<string, unknown>)[field]
      if (!isDeepStrictEqual(cached, value)) {
        differences.push(`${what} ${id} ${field}: cache ${JSON.stringify(cached)}, help center ${JSON.stringify(value)}`)
      }
    }
  }
  for (const id of local.keys()) if (!server.has(id)) differences.push(`${what} ${id} is in the cache but not on the help center`)
  return differences
}
