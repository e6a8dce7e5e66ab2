import type { HelpCenterDatabase } from './database'

// The document of one ticket: what its customers may read. Replaced whole, as FTS5 documents are.
const DOCUMENT_OF = `SELECT t.rowid AS rowid, t.summary AS summary, t.description AS description,
    COALESCE((SELECT group_concat(c.body, char(10)) FROM comments c WHERE c.ticket_id = t.id AND c.visibility = 'public'), '')
      AS comments
  FROM tickets t`

/** Re-indexes one ticket after it was filed or got a public reply; call inside the transaction that changed it. */
export function indexTicket(db: HelpCenterDatabase, ticketId: string): void {
  const document = db.prepare(`${DOCUMENT_OF} WHERE t.id = ?`).get(ticketId)
  if (!document) return
  db.prepare('DELETE FROM ticket_search WHERE rowid = @rowid').run(document)
  db.prepare('INSERT INTO ticket_search (rowid, summary, description, comments) VALUES (@rowid, @summary, @description, @comments)').run(
    document,
  )
}

/** Indexes every ticket from scratch: after loading many rows at once, one pass instead of one per reply. */
export function rebuildTicketSearch(db: HelpCenterDatabase): void {
  db.transaction(() => {
    db.exec('DELETE FROM ticket_search')
    db.exec(`INSERT INTO ticket_search (rowid, summary, description, comments) ${DOCUMENT_OF}`)
  })()
}
