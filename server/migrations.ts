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
]
