-- Indicators read from the sheet's wording (issue 20): targets that are met
-- strictly (未満, 超) and milestones done by a date (2026年2月までに認証登録).
-- SQLite cannot change a CHECK constraint, so the table is rebuilt. The
-- measurements and plans that reference indicators keep their ids; their
-- foreign keys are checked when the migration commits.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE indicators_new (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    objective_id INTEGER NOT NULL REFERENCES objectives(id),
    name TEXT NOT NULL,
    unit TEXT,
    direction TEXT NOT NULL CHECK (direction IN ('higher', 'lower', 'target', 'above', 'below', 'milestone')),
    baseline REAL,
    target REAL,
    frequency TEXT NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'semiannual', 'annual', 'once')),
    target_date TEXT,
    archived INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
INSERT INTO indicators_new (id, org_id, objective_id, name, unit, direction, baseline, target, frequency,
    archived, version, created_at, updated_at)
SELECT id, org_id, objective_id, name, unit, direction, baseline, target, frequency,
    archived, version, created_at, updated_at
FROM indicators;
DROP TABLE indicators;
ALTER TABLE indicators_new RENAME TO indicators;
CREATE INDEX indicators_by_objective ON indicators (objective_id);
