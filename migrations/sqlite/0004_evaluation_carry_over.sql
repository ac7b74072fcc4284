-- The end of a period: evaluations of objectives and plans (results of 6.2,
-- inputs to the management review 9.3.2 c), and carrying unfinished work
-- into the next period with a link back to where it came from.

CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    record_type TEXT NOT NULL CHECK (record_type IN ('objective', 'plan')),
    record_id INTEGER NOT NULL,
    result TEXT NOT NULL CHECK (result IN ('achieved', 'partially_achieved', 'not_achieved')),
    measured_value TEXT,
    evidence TEXT,
    evaluator TEXT NOT NULL,
    evaluated_on TEXT NOT NULL,
    next_action TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    -- One current evaluation per record; earlier ones stay in the audit trail.
    UNIQUE (org_id, record_type, record_id)
);

ALTER TABLE objectives ADD COLUMN carried_from_id INTEGER REFERENCES objectives(id);
ALTER TABLE plans ADD COLUMN carried_from_id INTEGER REFERENCES plans(id);
CREATE INDEX objectives_carried_from ON objectives (carried_from_id);
