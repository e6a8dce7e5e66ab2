-- Where a ticket or a comment was written (the desktop app, or Slack), with the link back to the Slack message.
ALTER TABLE tickets ADD COLUMN source TEXT NOT NULL DEFAULT 'desktop';
ALTER TABLE tickets ADD COLUMN slack_permalink TEXT;
ALTER TABLE comments ADD COLUMN source TEXT NOT NULL DEFAULT 'desktop';
ALTER TABLE comments ADD COLUMN slack_permalink TEXT;
