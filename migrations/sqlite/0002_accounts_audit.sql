-- Accounts, memberships with a role per organization, sessions kept in the
-- database (they survive restarts and are shared by several ismo processes),
-- login throttling, and the append-only, hash-chained audit trail.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,            -- lower-cased
    display_name TEXT NOT NULL,
    password_hash TEXT,                    -- argon2id PHC string; NULL: cannot log in yet
    disabled INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE memberships (
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'owner', 'auditor')),
    archived INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships (user_id);

-- Only a hash of the session cookie is kept: a copy of the database does not
-- let anyone log in.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    idle_seconds INTEGER NOT NULL,         -- expires_at moves to last_seen_at + this
    absolute_expires_at TEXT NOT NULL,     -- created_at + the absolute limit; never moves
    expires_at TEXT NOT NULL               -- min(last_seen_at + idle, absolute_expires_at)
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    client TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_by_email ON login_failures (email, at);
CREATE INDEX login_failures_by_client ON login_failures (client, at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    org_id INTEGER REFERENCES organizations(id),   -- NULL for records outside any organization
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    actor TEXT NOT NULL,                           -- who, as shown then: an e-mail or "cli"
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'status')),
    record_type TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    before TEXT,                                   -- JSON, NULL on create
    after TEXT,                                    -- JSON
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_by_record ON audit_log (org_id, record_type, record_id);

-- Append-only: ismo never changes or removes an entry. (Someone with direct
-- access to the file can drop these triggers; the hash chain then tells.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- The responsible person of a plan may now be a user of the organization.
ALTER TABLE plans ADD COLUMN responsible_user_id INTEGER REFERENCES users(id);
