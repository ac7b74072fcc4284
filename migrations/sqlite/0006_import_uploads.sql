-- Workbooks uploaded for import, kept between the preview and the confirm so
-- the browser does not send the file twice. Not records of the register:
-- never audited, deleted on confirm, and dropped after a day.

CREATE TABLE import_uploads (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    file_name TEXT NOT NULL,
    bytes BLOB NOT NULL,
    -- The period chosen on the form; NULL: the one the workbook names.
    year INTEGER,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX import_uploads_by_created_at ON import_uploads (created_at);
