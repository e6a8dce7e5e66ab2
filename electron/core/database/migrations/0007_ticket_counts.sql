-- History pages at 50,000 tickets (npm run bench): a page walks its index and stops after 100 rows, but its
-- total counted every ticket of the filter (half the cache for "closed"). The counts per combination of the
-- list's filters are kept here by triggers, and a total without search is a sum over a few rows.
CREATE TABLE ticket_counts (
  status TEXT NOT NULL,
  severity TEXT NOT NULL,
  kind TEXT NOT NULL,
  -- '' for tickets without an organization, so that the combination can be a key.
  organization_id TEXT NOT NULL,
  tickets INTEGER NOT NULL,
  PRIMARY KEY (status, severity, kind, organization_id)
) WITHOUT ROWID;

INSERT INTO ticket_counts (status, severity, kind, organization_id, tickets)
  SELECT status, severity, kind, COALESCE(organization_id, ''), COUNT(*) FROM tickets GROUP BY 1, 2, 3, 4;

CREATE TRIGGER ticket_counts_after_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO ticket_counts (status, severity, kind, organization_id, tickets)
    VALUES (NEW.status, NEW.severity, NEW.kind, COALESCE(NEW.organization_id, ''), 1)
    ON CONFLICT DO UPDATE SET tickets = tickets + 1;
END;

CREATE TRIGGER ticket_counts_after_delete AFTER DELETE ON tickets BEGIN
  UPDATE ticket_counts SET tickets = tickets - 1
    WHERE status = OLD.status AND severity = OLD.severity AND kind = OLD.kind
      AND organization_id = COALESCE(OLD.organization_id, '');
END;

CREATE TRIGGER ticket_counts_after_update AFTER UPDATE OF status, severity, kind, organization_id ON tickets
  WHEN OLD.status IS NOT NEW.status OR OLD.severity IS NOT NEW.severity OR OLD.kind IS NOT NEW.kind
    OR OLD.organization_id IS NOT NEW.organization_id
BEGIN
  UPDATE ticket_counts SET tickets = tickets - 1
    WHERE status = OLD.status AND severity = OLD.severity AND kind = OLD.kind
      AND organization_id = COALESCE(OLD.organization_id, '');
  INSERT INTO ticket_counts (status, severity, kind, organization_id, tickets)
    VALUES (NEW.status, NEW.severity, NEW.kind, COALESCE(NEW.organization_id, ''), 1)
    ON CONFLICT DO UPDATE SET tickets = tickets + 1;
END;
