-- Lists at 50,000 tickets (npm run bench). A history page walks the sort index, which carries the filter columns,
-- and stops after one page; an organization's tickets come from its own index in the same order; counts read a
-- narrow index of the filters alone; the unread count reads only unread tickets.
DROP INDEX tickets_by_updated;
DROP INDEX tickets_by_status_updated;
DROP INDEX tickets_by_organization_updated;
CREATE INDEX tickets_by_updated ON tickets (updated_at DESC, id, status, severity, kind, organization_id);
CREATE INDEX tickets_by_organization ON tickets (organization_id, updated_at DESC, id, status, severity, kind);
CREATE INDEX tickets_by_filters ON tickets (status, severity, kind, organization_id);
-- The same condition as TicketStore.unreadTotal, word for word, or SQLite will not use it.
CREATE INDEX tickets_unread ON tickets (last_support_reply_at)
  WHERE last_support_reply_at IS NOT NULL AND (last_read_at IS NULL OR last_support_reply_at > last_read_at);

