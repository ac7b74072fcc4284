-- People come and go (issue 13): when a person last signed in (shown on the
-- members page), and one-time links to set a password: the first admin's
-- setup link (no account yet) and a new member's invitation. Only a hash of
-- a link's token is kept; a link works once and until it expires.
ALTER TABLE users ADD COLUMN last_sign_in_at TEXT;

CREATE TABLE password_links (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    purpose TEXT NOT NULL CHECK (purpose IN ('setup', 'invite')),
    user_id INTEGER REFERENCES users(id),          -- NULL for the setup link
    org_id INTEGER REFERENCES organizations(id),   -- the organization invited to
    created_by TEXT NOT NULL,                      -- who made it, as the trail shows actors
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX password_links_by_user ON password_links (user_id);
