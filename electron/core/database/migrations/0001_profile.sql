-- The signed-in user's profile as last fetched, so the app opens offline.
CREATE TABLE profile_cache (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  profile_json TEXT NOT NULL,
  fetched_at TEXT NOT NULL
);

-- Small per-account sync bookkeeping (cursors, last successful sync).
CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
