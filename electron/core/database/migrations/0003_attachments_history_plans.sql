-- Attachment metadata from the change feed, and the bytes once the user attached or opened the file, so
-- their own files and opened ones work offline. The outbox keeps its own copy until the upload is confirmed.
CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  comment_id TEXT,
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  uploader_id TEXT NOT NULL,
  uploader_name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  sync_state TEXT NOT NULL DEFAULT 'synced',
  sync_error TEXT,
  content BLOB
);
CREATE INDEX attachments_by_ticket ON attachments (ticket_id, created_at);

CREATE TABLE ticket_history (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  field TEXT NOT NULL,
  from_value TEXT,
  to_value TEXT,
  reason TEXT,
  actor_id TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX ticket_history_by_ticket ON ticket_history (ticket_id, at);

-- Help-center documents kept for offline use: the plan catalog and each organization's plan state
-- (brand, last four digits and expiry of a card at most; card numbers never reach the app's storage).
CREATE TABLE cached_documents (
  name TEXT PRIMARY KEY,
  document TEXT NOT NULL,
  saved_at TEXT NOT NULL
);
