-- Support-side triage fields (customers' caches keep NULL and '[]').
ALTER TABLE tickets ADD COLUMN priority TEXT;
ALTER TABLE tickets ADD COLUMN labels TEXT NOT NULL DEFAULT '[]';
ALTER TABLE tickets ADD COLUMN last_customer_activity_at TEXT;
UPDATE tickets SET last_customer_activity_at = created_at;

-- Why the help center refused a change, so a conflict can show both values and be re-applied.
ALTER TABLE outbox ADD COLUMN error_code TEXT;
ALTER TABLE outbox ADD COLUMN error_fields TEXT;

-- Each triage action (one ticket or a selection) is a batch that Undo takes back as a whole, also after it synced.
CREATE TABLE triage_batch_items (
  batch_id TEXT NOT NULL,
  mutation_id TEXT NOT NULL UNIQUE,
  ticket_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  -- The local value before and after, as JSON, to restore or to send the inverse change.
  before_value TEXT,
  after_value TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX triage_batch_items_by_batch ON triage_batch_items (batch_id);

CREATE TABLE triage_views (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  filters TEXT NOT NULL,
  built_in INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL
);
