import type { AccountDatabase } from '../database/account-database'
import { prepared } from '../database/statements'

// The full-text index (migration 0008) holds each ticket's summary and description as one document, at the
// ticket's rowid shifted left by 32 bits, and each public reply as a document of its own beside it, at that plus
// the reply's rowid. A new reply then adds one small document, where one document per ticket had to index the
// whole conversation again. Rowids this large pass through JavaScript as BigInt.
const TICKET_ROWID = 'rowid << 32'
const REPLY_ROWID = '(t.rowid << 32) + c.rowid'
const REPLIES = 'FROM comments c JOIN tickets t ON t.id = c.ticket_id'
const TICKET_DOCUMENTS = `SELECT ${TICKET_ROWID} AS rowid, summary, description, NULL AS comments FROM tickets`
const REPLY_DOCUMENTS = `SELECT ${REPLY_ROWID} AS rowid, NULL AS summary, NULL AS description, c.body AS comments
  ${REPLIES} WHERE c.visibility = 'public'`

/**
 * Statements that fill an empty index with every document, each in rowid order (FTS5 writes out what it holds
 * whenever a rowid goes back): the benchmark's raw insert uses them too.
 */
export const SEARCH_DOCUMENT_INSERTS = [
  `INSERT INTO ticket_search (rowid, summary, description, comments) ${TICKET_DOCUMENTS} ORDER BY rowid`,
  `INSERT INTO ticket_search (rowid, summary, description, comments) ${REPLY_DOCUMENTS} ORDER BY 1`,
]

/**
 * The rowids of the tickets in which each phrase is found, in any of their documents: a ticket matches "region
 * unavailable" when one reply says "region" and another "unavailable". One placeholder per phrase.
 */
export function matchedTicketsSql(placeholders: string[]): string {
  if (placeholders.length === 1) return `SELECT DISTINCT rowid >> 32 FROM ticket_search WHERE ticket_search MATCH ${placeholders[0]}`
  return placeholders.map((placeholder) => `SELECT rowid >> 32 FROM ticket_search WHERE ticket_search MATCH ${placeholder}`).join(' INTERSECT ')
}

/** Tickets with the best rank any of their documents has for `?` (a MATCH), best first; weights favour summaries. */
export const RANKED_TICKETS = `SELECT ticket_rowid, MIN(rank) AS rank FROM (
    SELECT rowid >> 32 AS ticket_rowid, bm25(ticket_search, 4.0, 1.0, 0.5) AS rank FROM ticket_search WHERE ticket_search MATCH ?
    LIMIT -1
  ) GROUP BY ticket_rowid`

type DocumentKind = 'ticket' | 'reply'

interface PendingDocument {
  kind: DocumentKind
  id: string
  /** The index may hold an older version of it, to be taken out first. */
  indexed: boolean
}

interface SearchDocument {
  rowid: bigint
  summary: string | null
  description: string | null
  comments: string | null
}

const DOCUMENT_OF: Record<DocumentKind, string> = {
  ticket: `${TICKET_DOCUMENTS} WHERE id = ?`,
  // A reply that is not public has no document, but its rowid is still where an old public version would be.
  reply: `SELECT ${REPLY_ROWID} AS rowid, NULL AS summary, NULL AS description,
      CASE WHEN c.visibility = 'public' THEN c.body END AS comments
    ${REPLIES} WHERE c.id = ?`,
}

/** Keeps ticket_search in step with tickets and comments, one document at a time. */
export class TicketSearchIndex {
  /**
   * In a batch of server changes, the documents to write at its end, or 'rebuild' when a rebuild will index
   * everything anyway and nothing needs noting; null outside a batch, where each change is written at once.
   */
  private batch: Map<string, PendingDocument> | 'rebuild' | null = null

  constructor(private readonly db: AccountDatabase) {}

  /** Writes the documents `work` changed once, at its end, rather than once per change; `write: false` leaves them to a rebuild. */
  deferred(work: () => void, options: { write: boolean }): void {
    const batch = options.write ? new Map<string, PendingDocument>() : 'rebuild'
    this.batch = batch
    try {
      work()
    } finally {
      this.batch = null
    }
    if (batch !== 'rebuild') this.write([...batch.values()])
  }

  /** A ticket's summary or description changed. */
  ticketChanged(ticketId: string): void {
    this.changed({ kind: 'ticket', id: ticketId, indexed: true })
  }

  /**
   * A ticket is new to the cache. Replies that arrived before it (the change feed does not promise the ticket
   * first) could not be placed beside it then: they are indexed with it.
   */
  ticketAdded(ticketId: string): void {
    if (this.batch === 'rebuild') return
    this.changed({ kind: 'ticket', id: ticketId, indexed: false })
    const replies = prepared(this.db, "SELECT id FROM comments WHERE ticket_id = ? AND visibility = 'public'").pluck().all(ticketId) as string[]
    for (const commentId of replies) this.changed({ kind: 'reply', id: commentId, indexed: false })
  }

  /** A reply is new, or its text or visibility changed; `indexed` when an older public version may be in the index. */
  replyChanged(commentId: string, indexed: boolean): void {
    this.changed({ kind: 'reply', id: commentId, indexed })
  }

  /** Takes out the documents of a ticket about to be deleted with its replies. */
  removeTicket(ticketId: string): void {
    const documents = prepared(
      this.db,
      `SELECT ${TICKET_ROWID} AS rowid FROM tickets WHERE id = ?
       UNION ALL SELECT ${REPLY_ROWID} ${REPLIES} WHERE c.ticket_id = ? AND c.visibility = 'public'
       ORDER BY 1`,
    )
      .safeIntegers()
      .all(ticketId, ticketId) as { rowid: bigint }[]
    for (const { rowid } of documents) this.delete(rowid)
  }

  /** Takes out the document of a reply about to be deleted. */
  removeReply(commentId: string): void {
    const document = this.documentOf('reply', commentId)
    if (document?.comments != null) this.delete(document.rowid)
  }

  /** Indexes everything afresh: once after a first sync instead of again on every page a ticket appears in. */
  rebuild(): void {
    this.db.exec("INSERT INTO ticket_search (ticket_search) VALUES ('delete-all')")
    for (const statement of SEARCH_DOCUMENT_INSERTS) this.db.exec(statement)
  }

  private changed(document: PendingDocument): void {
    if (this.batch === 'rebuild') return
    if (!this.batch) {
      this.write([document])
      return
    }
    const key = `${document.kind}:${document.id}`
    // Not yet written in this batch: whether an older version is in the index is as first noted.
    if (!this.batch.has(key)) this.batch.set(key, document)
  }

  /** Every delete, then every insert, each in rowid order: the contentless table deletes by rowid alone. */
  private write(changes: PendingDocument[]): void {
    const documents = changes
      .map((change) => ({ change, document: this.documentOf(change.kind, change.id) }))
      .filter((entry): entry is { change: PendingDocument; document: SearchDocument } => entry.document !== undefined)
      .sort((a, b) => (a.document.rowid < b.document.rowid ? -1 : a.document.rowid > b.document.rowid ? 1 : 0))
    for (const { change, document } of documents) if (change.indexed) this.delete(document.rowid)
    for (const { change, document } of documents) {
      if (change.kind === 'reply' && document.comments === null) continue
      prepared(
        this.db,
        'INSERT INTO ticket_search (rowid, summary, description, comments) VALUES (@rowid, @summary, @description, @comments)',
      ).run(document)
    }
  }

  private documentOf(kind: DocumentKind, id: string): SearchDocument | undefined {
    return prepared(this.db, DOCUMENT_OF[kind]).safeIntegers().get(id) as SearchDocument | undefined
  }

  private delete(rowid: bigint): void {
    prepared(this.db, 'DELETE FROM ticket_search WHERE rowid = ?').run(rowid)
  }
}
