-- Delta sync at 50,000 tickets (npm run bench): one search document per ticket held its whole conversation, so a
-- new reply made FTS5 read the old document back to take it out and index every reply of the ticket again.
-- Now each ticket's summary and description is one document, at the ticket's rowid shifted left by 32 bits, and
-- each public reply is one beside it, at that plus the reply's rowid (electron/core/tickets/search-index.ts);
-- a search finds the tickets in which every term is in one of their documents. The table is contentless: the
-- text is in tickets and comments already, searches ask it only for rowids and ranks, and a delete by rowid
-- reads nothing back.
DROP TABLE ticket_search;

CREATE VIRTUAL TABLE ticket_search USING fts5(
  summary, description, comments, tokenize = 'trigram', content = '', contentless_delete = 1
);

INSERT INTO ticket_search (rowid, summary, description, comments)
  SELECT rowid << 32, summary, description, NULL FROM tickets ORDER BY rowid;

INSERT INTO ticket_search (rowid, summary, description, comments)
  SELECT (t.rowid << 32) + c.rowid, NULL, NULL, c.body
  FROM comments c JOIN tickets t ON t.id = c.ticket_id WHERE c.visibility = 'public'
  ORDER BY 1;
