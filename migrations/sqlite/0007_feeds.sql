-- Calendar feeds (iCalendar) behind secret URLs. The URL's token is shown
-- once; only its SHA-256 is kept, so a copy of the database opens no feed.
-- A feed without org_id holds the plans its user is responsible for in every
-- organization; one with org_id holds the whole organization's plans and
-- works only while its user is an admin or manager there (checked on every
-- request). Revoked feeds stay, with the time they were revoked.

CREATE TABLE calendar_feeds (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    org_id INTEGER REFERENCES organizations(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    revoked_at TEXT
);
CREATE INDEX calendar_feeds_by_user ON calendar_feeds (user_id);
