-- Measurements of indicators (9.1), communication of objectives (6.2 d) and
-- their reviews (6.2 e).

-- A measurement is evidence: it is never changed or removed. A mistaken value
-- is corrected by a new measurement that names the one it supersedes; both
-- stay, and each measurement can be superseded once.
CREATE TABLE measurements (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    measured_on TEXT NOT NULL CHECK (measured_on = date(measured_on)),   -- ISO date
    value REAL NOT NULL,
    note TEXT,
    recorded_by_user_id INTEGER REFERENCES users(id),
    recorded_by TEXT NOT NULL,                     -- who, as shown then: an e-mail, "cli" or "demo"
    supersedes_id INTEGER UNIQUE REFERENCES measurements(id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX measurements_by_indicator ON measurements (org_id, indicator_id, measured_on);

CREATE TRIGGER measurements_no_update BEFORE UPDATE ON measurements
BEGIN
    SELECT RAISE(ABORT, 'measurements are append-only');
END;
CREATE TRIGGER measurements_no_delete BEFORE DELETE ON measurements
BEGIN
    SELECT RAISE(ABORT, 'measurements are append-only');
END;
-- A correction belongs to the same indicator (and organization) as what it corrects.
CREATE TRIGGER measurements_correct_same_indicator BEFORE INSERT ON measurements
WHEN NEW.supersedes_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM measurements
    WHERE id = NEW.supersedes_id AND indicator_id = NEW.indicator_id AND org_id = NEW.org_id
)
BEGIN
    SELECT RAISE(ABORT, 'a correction must supersede a measurement of the same indicator');
END;

CREATE TABLE communications (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    objective_id INTEGER NOT NULL REFERENCES objectives(id),
    communicated_on TEXT NOT NULL,
    audience TEXT NOT NULL,
    method TEXT NOT NULL,
    communicated_by TEXT NOT NULL,
    acknowledgement TEXT,
    archived INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX communications_by_objective ON communications (org_id, objective_id);

CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    objective_id INTEGER NOT NULL REFERENCES objectives(id),
    reviewed_on TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    review_trigger TEXT NOT NULL,                  -- 契機 ("trigger" is an SQL keyword)
    decision TEXT NOT NULL CHECK (decision IN ('keep', 'change', 'close')),
    notes TEXT,
    archived INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX reviews_by_objective ON reviews (org_id, objective_id);
