/**
 * The help center's schema, one entry per version: entry N takes the database from version N to N + 1
 * (recorded in `PRAGMA user_version`). Append new entries; never edit one that has shipped, because
 * databases already past it will not run it again.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL COLLATE NOCASE UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('customer', 'tam', 'engineer', 'admin')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    support_plan TEXT NOT NULL DEFAULT 'basic'
      CHECK (support_plan IN ('basic', 'developer', 'enterprise', 'premium')),
    support_plan_since TEXT NOT NULL
  ) STRICT;

  CREATE TABLE memberships (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    org_role TEXT NOT NULL CHECK (org_role IN ('owner', 'member')),
    PRIMARY KEY (user_id, organization_id)
  ) STRICT;
  CREATE INDEX memberships_by_organization ON memberships (organization_id);

  CREATE TABLE tam_assignments (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, organization_id)
  ) STRICT;
  CREATE INDEX tam_assignments_by_organization ON tam_assignments (organization_id);

  CREATE TABLE clusters (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    tier TEXT NOT NULL CHECK (tier IN ('serverless', 'essential', 'dedicated')),
    cloud_provider TEXT NOT NULL CHECK (cloud_provider IN ('aws', 'gcp', 'azure', 'alibaba')),
    region TEXT NOT NULL,
    tidb_version TEXT NOT NULL CHECK (tidb_version GLOB 'v[0-9]*.[0-9]*.[0-9]*'),
    UNIQUE (organization_id, name)
  ) STRICT;

  -- A session lives as long as its chain of refresh tokens; revoking it also kills its access tokens,
  -- because every request checks the session row.
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    revoked_reason TEXT
  ) STRICT;
  CREATE INDEX sessions_by_user ON sessions (user_id);

  -- Only the sha256 of a refresh token is kept. A rotated token keeps its row (rotated_to set) so that
  -- a second use of it can be recognised as theft.
  CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    refresh_token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    rotated_to TEXT REFERENCES refresh_tokens (id)
  ) STRICT;
  CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id);

  CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL COLLATE NOCASE,
    ip TEXT NOT NULL,
    failed_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX sign_in_failures_by_email ON sign_in_failures (email, failed_at);
  CREATE INDEX sign_in_failures_by_ip ON sign_in_failures (ip, failed_at);

  CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  `,
  `
  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    key_number INTEGER NOT NULL UNIQUE CHECK (key_number >= 1001),
    kind TEXT NOT NULL CHECK (kind IN ('account_billing', 'technical')),
    summary TEXT NOT NULL,
    description TEXT NOT NULL,
    organization_id TEXT REFERENCES organizations (id),
    cluster_id TEXT REFERENCES clusters (id),
    environment TEXT CHECK (environment IN ('production', 'non_production')),
    severity TEXT NOT NULL CHECK (severity IN ('S1', 'S2', 'S3', 'S4')),
    component TEXT,
    affected_version TEXT,
    status TEXT NOT NULL
      CHECK (status IN ('open', 'waiting_for_support', 'waiting_for_customer', 'resolved', 'closed')),
    requester_id TEXT NOT NULL REFERENCES users (id),
    assignee_id TEXT REFERENCES users (id),
    time_zone TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    first_response_due_at TEXT,
    first_responded_at TEXT,
    last_seq INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX tickets_by_organization ON tickets (organization_id);
  CREATE INDEX tickets_by_requester ON tickets (requester_id);

  CREATE TABLE comments (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    author_id TEXT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'internal')),
    created_at TEXT NOT NULL,
    seq INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX comments_by_ticket ON comments (ticket_id, seq);

  -- A client retries a mutation until it hears back; the first result is the answer to every retry.
  CREATE TABLE applied_mutations (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    result TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT;

  -- The sync feed: one row per create or update, with the scope copied from the ticket so that a page
  -- can be filtered without joining. AUTOINCREMENT keeps sequence numbers from ever being reused.
  CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    entity TEXT NOT NULL CHECK (entity IN ('ticket', 'comment')),
    entity_id TEXT NOT NULL,
    organization_id TEXT,
    requester_id TEXT NOT NULL,
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'internal'))
  ) STRICT;
  CREATE INDEX changes_by_organization ON changes (organization_id, seq);
  CREATE INDEX changes_by_requester ON changes (requester_id, seq);
  `,
  `
  -- The feed now carries attachments, history entries and organization changes (whose rows have no requester).
  -- SQLite cannot alter a CHECK, so the table is rebuilt; explicit seqs keep AUTOINCREMENT's high-water mark.
  CREATE TABLE changes_next (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    entity TEXT NOT NULL CHECK (entity IN ('ticket', 'comment', 'attachment', 'history', 'organization')),
    entity_id TEXT NOT NULL,
    organization_id TEXT,
    requester_id TEXT,
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'internal'))
  ) STRICT;
  INSERT INTO changes_next (seq, entity, entity_id, organization_id, requester_id, visibility)
    SELECT seq, entity, entity_id, organization_id, requester_id, visibility FROM changes;
  DROP TABLE changes;
  ALTER TABLE changes_next RENAME TO changes;
  CREATE INDEX changes_by_organization ON changes (organization_id, seq);
  CREATE INDEX changes_by_requester ON changes (requester_id, seq);

  -- Files filed with a ticket (comment_id NULL) or with a reply. The bytes live here too: the demo help
  -- center is one SQLite file, and attachments are capped at 10 MB.
  CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    comment_id TEXT REFERENCES comments (id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size > 0),
    content BLOB NOT NULL,
    uploader_id TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    seq INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX attachments_by_ticket ON attachments (ticket_id, seq);

  -- Who changed which field of a ticket, and why when a reason is required (severity changes by support).
  CREATE TABLE ticket_history (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    field TEXT NOT NULL CHECK (field IN ('status', 'severity', 'assignee')),
    from_value TEXT,
    to_value TEXT,
    reason TEXT,
    actor_id TEXT NOT NULL REFERENCES users (id),
    at TEXT NOT NULL,
    seq INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX ticket_history_by_ticket ON ticket_history (ticket_id, seq);

  -- The plan catalog is data: seeded from support-domain.md, served by GET /api/v1/plans.
  CREATE TABLE plan_catalog (
    id TEXT PRIMARY KEY CHECK (id IN ('basic', 'developer', 'enterprise', 'premium')),
    position INTEGER NOT NULL UNIQUE,
    plan TEXT NOT NULL
  ) STRICT;
  CREATE TABLE channel_links (
    channel TEXT PRIMARY KEY,
    url TEXT NOT NULL
  ) STRICT;

  ALTER TABLE organizations ADD COLUMN trial_ends_at TEXT;
  ALTER TABLE organizations ADD COLUMN trial_used INTEGER NOT NULL DEFAULT 0;

  -- Only what the card form may leave behind: a processor token, brand, last four digits and expiry.
  CREATE TABLE payment_methods (
    organization_id TEXT PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    token TEXT NOT NULL,
    brand TEXT NOT NULL,
    last4 TEXT NOT NULL CHECK (length(last4) = 4),
    exp_month INTEGER NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
    exp_year INTEGER NOT NULL,
    added_by TEXT NOT NULL REFERENCES users (id),
    added_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE plan_changes (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    from_plan TEXT NOT NULL,
    to_plan TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('upgrade', 'downgrade', 'sales', 'trial_started')),
    actor_id TEXT NOT NULL REFERENCES users (id),
    at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX plan_changes_by_organization ON plan_changes (organization_id, at);

  CREATE TABLE sales_requests (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    requested_by TEXT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    company TEXT NOT NULL,
    phone TEXT,
    message TEXT NOT NULL,
    created_at TEXT NOT NULL,
    handled_at TEXT
  ) STRICT;
  CREATE INDEX sales_requests_by_organization ON sales_requests (organization_id, created_at);
  `,
  `
  -- Online search over what customers may see: summaries, descriptions and public replies, never internal notes.
  -- One document per ticket (rowid = tickets.rowid), trigram-tokenized so that Japanese matches inside words,
  -- as in the app's cache. server/ticket-search.ts keeps it current as tickets are filed and replies stored.
  CREATE VIRTUAL TABLE ticket_search USING fts5(summary, description, comments, tokenize = 'trigram');
  INSERT INTO ticket_search (rowid, summary, description, comments)
    SELECT t.rowid, t.summary, t.description,
      COALESCE((SELECT group_concat(c.body, char(10)) FROM comments c WHERE c.ticket_id = t.id AND c.visibility = 'public'), '')
    FROM tickets t;
  `,
  `
  -- Triage: support's own priority and labels (never sent to customers), and when the customer last spoke, for
  -- "waiting for support > 1 day". ADD COLUMN takes only a constant default, so that column is backfilled below
  -- (the filing, or the customer's latest public reply) and every new ticket sets it.
  ALTER TABLE tickets ADD COLUMN priority TEXT CHECK (priority IN ('urgent', 'high', 'normal', 'low'));
  ALTER TABLE tickets ADD COLUMN labels TEXT NOT NULL DEFAULT '[]' CHECK (json_type(labels) = 'array');
  ALTER TABLE tickets ADD COLUMN last_customer_activity_at TEXT NOT NULL DEFAULT '';
  UPDATE tickets SET last_customer_activity_at = COALESCE(
    (SELECT MAX(c.created_at) FROM comments c JOIN users u ON u.id = c.author_id
     WHERE c.ticket_id = tickets.id AND c.visibility = 'public' AND u.role = 'customer'),
    created_at);

  -- History now records priority and labels too. SQLite cannot alter a CHECK, so the table is rebuilt, keeping
  -- ids and seqs.
  CREATE TABLE ticket_history_next (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    field TEXT NOT NULL CHECK (field IN ('status', 'severity', 'assignee', 'priority', 'labels')),
    from_value TEXT,
    to_value TEXT,
    reason TEXT,
    actor_id TEXT NOT NULL REFERENCES users (id),
    at TEXT NOT NULL,
    seq INTEGER NOT NULL
  ) STRICT;
  INSERT INTO ticket_history_next (id, ticket_id, field, from_value, to_value, reason, actor_id, at, seq)
    SELECT id, ticket_id, field, from_value, to_value, reason, actor_id, at, seq FROM ticket_history;
  DROP TABLE ticket_history;
  ALTER TABLE ticket_history_next RENAME TO ticket_history;
  CREATE INDEX ticket_history_by_ticket ON ticket_history (ticket_id, seq);
  `,
  `
  -- Where a ticket or a comment was written (the desktop app and the help center's API, or Slack), with a link back
  -- to the Slack message for those from Slack.
  ALTER TABLE tickets ADD COLUMN source TEXT NOT NULL DEFAULT 'desktop' CHECK (source IN ('desktop', 'slack'));
  ALTER TABLE tickets ADD COLUMN slack_permalink TEXT;
  ALTER TABLE comments ADD COLUMN source TEXT NOT NULL DEFAULT 'desktop' CHECK (source IN ('desktop', 'slack'));
  ALTER TABLE comments ADD COLUMN slack_permalink TEXT;

  -- The Slack channel of an organization, linked by an admin: the bot token and signing secret are the service's
  -- configuration, so the workspace is the one that token belongs to.
  CREATE TABLE slack_installations (
    organization_id TEXT PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    team_id TEXT NOT NULL,
    team_name TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    channel_name TEXT NOT NULL,
    linked_by TEXT NOT NULL REFERENCES users (id),
    linked_at TEXT NOT NULL,
    UNIQUE (team_id, channel_id)
  ) STRICT;

  -- A mention that asked for a ticket, answered with a "Submit request" button; ticket_id is set when the form is
  -- filed, so one mention files at most one ticket.
  CREATE TABLE slack_ticket_requests (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    team_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    thread_ts TEXT NOT NULL,
    slack_user_id TEXT NOT NULL,
    text TEXT NOT NULL,
    ticket_id TEXT REFERENCES tickets (id),
    created_at TEXT NOT NULL
  ) STRICT;

  -- The Slack thread that carries a ticket: the mention it was filed from, or the bot's announcement of it.
  CREATE TABLE slack_threads (
    ticket_id TEXT PRIMARY KEY REFERENCES tickets (id),
    team_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    thread_ts TEXT NOT NULL,
    UNIQUE (team_id, channel_id, thread_ts)
  ) STRICT;

  -- How far the Slack relay has read the change feed: what it posted is never posted again after a restart.
  CREATE TABLE slack_relay_cursor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
  ) STRICT;
  `,
  `
  -- A renewal whose answer never reached the app (a lost connection, the app killed mid-renewal) may be repeated:
  -- the replacement it was given, never used, is set aside so that it cannot be used later either.
  ALTER TABLE refresh_tokens ADD COLUMN discarded_at TEXT;
  `,
]
