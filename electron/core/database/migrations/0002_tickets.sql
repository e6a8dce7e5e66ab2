-- Tickets as the server last confirmed them, with the user's optimistic changes applied on top
-- (sync_state 'pending' until the server confirms, 'failed' when it refused).
CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  key TEXT,
  kind TEXT NOT NULL,
  summary TEXT NOT NULL,
  description TEXT NOT NULL,
  organization_id TEXT,
  cluster_id TEXT,
  environment TEXT,
  severity TEXT NOT NULL,
  component TEXT,
  affected_version TEXT,
  status TEXT NOT NULL,
  requester_id TEXT NOT NULL,
  requester_name TEXT NOT NULL,
  assignee_id TEXT,
  assignee_name TEXT,
  time_zone TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  first_response_due_at TEXT,
  first_responded_at TEXT,
  sync_state TEXT NOT NULL DEFAULT 'synced',
  sync_error TEXT,
  last_support_reply_at TEXT,
  last_read_at TEXT
);
CREATE INDEX tickets_by_updated ON tickets (updated_at DESC);
CREATE INDEX tickets_by_created ON tickets (created_at DESC);
CREATE INDEX tickets_by_status_updated ON tickets (status, updated_at DESC);
CREATE INDEX tickets_by_organization_updated ON tickets (organization_id, updated_at DESC);

CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  author_id TEXT NOT NULL,
  author_name TEXT NOT NULL,
  author_role TEXT NOT NULL,
  body TEXT NOT NULL,
  visibility TEXT NOT NULL,
  created_at TEXT NOT NULL,
  sync_state TEXT NOT NULL DEFAULT 'synced',
  sync_error TEXT
);
CREATE INDEX comments_by_ticket ON comments (ticket_id, created_at);

-- One search document per ticket (rowid = tickets.rowid). The trigram tokenizer matches inside
-- Japanese text, which has no spaces between words.
CREATE VIRTUAL TABLE ticket_search USING fts5(summary, description, comments, tokenize = 'trigram');

-- What the user did and the server has not yet confirmed, in the order it was done.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  ticket_id TEXT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE drafts (
  kind TEXT PRIMARY KEY,
  fields TEXT NOT NULL,
  saved_at TEXT NOT NULL
);
