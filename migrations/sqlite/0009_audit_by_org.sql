-- The newest audit entry of an organization, read on every page to tell
-- whether its records changed since the navigation's finding counts were made.
CREATE INDEX audit_by_org ON audit_log (org_id, id);
