-- Login under attack (issue 13): sign-in attempts replace login_failures.
-- An attempt is recorded when it is let through, before its password is
-- checked ('pending'), and counts as a failure until it succeeds, when it is
-- removed; so attempts arriving together cannot slip past a limit. The
-- account is kept as a hash of what was typed (which may be anything, even a
-- password typed into the wrong field), the address as it is counted
-- (an IPv6 host by its /64).
DROP TABLE login_failures;

CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    account_hash TEXT NOT NULL,
    address TEXT NOT NULL,
    at TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'failed'))
);
CREATE INDEX login_attempts_by_pair ON login_attempts (account_hash, address, at);
CREATE INDEX login_attempts_by_address ON login_attempts (address, at);
CREATE INDEX login_attempts_by_account ON login_attempts (account_hash, at);
-- Pruning removes what is older than a day.
CREATE INDEX login_attempts_by_time ON login_attempts (at);

-- Sign-ins and failed sign-ins are audit entries: the action's CHECK must
-- allow them. SQLite cannot change a CHECK in place, so the table is rebuilt
-- with every row, id and hash as it was. (Dropping a table fires no trigger.)
CREATE TABLE audit_log_new (
    id INTEGER PRIMARY KEY,
    org_id INTEGER REFERENCES organizations(id),   -- NULL for records outside any organization
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    actor TEXT NOT NULL,                           -- who, as shown then: an e-mail, "cli" or "anonymous"
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'status', 'sign_in', 'sign_in_failed')),
    record_type TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    before TEXT,                                   -- JSON, NULL on create
    after TEXT,                                    -- JSON
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
INSERT INTO audit_log_new (id, org_id, at, actor_id, actor, action, record_type, record_id, before, after, prev_hash, hash)
    SELECT id, org_id, at, actor_id, actor, action, record_type, record_id, before, after, prev_hash, hash
    FROM audit_log ORDER BY id;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_by_record ON audit_log (org_id, record_type, record_id);
CREATE INDEX audit_by_org ON audit_log (org_id, id);

-- Append-only, as before.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
