-- Issue 13, part 3: audit entries authenticated with a key kept outside the
-- database. `mac` is HMAC-SHA256 of the entry's id and hash under that key
-- (see src/domain/audit_key.rs); NULL on entries made before the key existed,
-- which keep their hash chain alone. Adding a column changes no existing
-- row, so the append-only triggers stay as they are.
ALTER TABLE audit_log ADD COLUMN mac TEXT;

-- Opening a database checks its newest authenticated entry against the key
-- (a wrong or missing key must not start a new, unverifiable run of MACs);
-- this finds that entry without reading a trail that predates the key.
CREATE INDEX audit_log_keyed ON audit_log (id) WHERE mac IS NOT NULL;
