-- The objectives register (ISO/IEC 27001 6.2). Every table carries org_id so
-- that every query can be scoped to one organization. Nothing is deleted:
-- records are archived, withdrawn or cancelled instead.

CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    fiscal_start_month INTEGER NOT NULL DEFAULT 4 CHECK (fiscal_start_month BETWEEN 1 AND 12),
    review_interval_months INTEGER NOT NULL DEFAULT 12 CHECK (review_interval_months BETWEEN 1 AND 60),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE policy_versions (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    version_no INTEGER NOT NULL,
    title TEXT NOT NULL,
    approved_on TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (org_id, version_no)
);

CREATE TABLE policy_statements (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    policy_version_id INTEGER NOT NULL REFERENCES policy_versions(id),
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (policy_version_id, number)
);

CREATE TABLE objectives (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    period INTEGER NOT NULL,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    department TEXT,
    level TEXT,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN
        ('draft', 'active', 'achieved', 'partially_achieved', 'not_achieved', 'withdrawn')),
    unmeasurable_reason TEXT,
    qualitative_method TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (org_id, period, code)
);
CREATE INDEX objectives_by_org_period ON objectives (org_id, period);

CREATE TABLE objective_statements (
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    objective_id INTEGER NOT NULL REFERENCES objectives(id),
    statement_id INTEGER NOT NULL REFERENCES policy_statements(id),
    PRIMARY KEY (objective_id, statement_id)
);

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    objective_id INTEGER NOT NULL REFERENCES objectives(id),
    name TEXT NOT NULL,
    unit TEXT,
    direction TEXT NOT NULL CHECK (direction IN ('higher', 'lower', 'target')),
    baseline REAL,
    target REAL,
    frequency TEXT NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'semiannual', 'annual', 'once')),
    archived INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX indicators_by_objective ON indicators (objective_id);

CREATE TABLE inputs (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    objective_id INTEGER NOT NULL REFERENCES objectives(id),
    kind TEXT NOT NULL CHECK (kind IN ('management_review', 'top_management', 'risk_assessment',
        'internal_audit', 'external_audit', 'incident', 'legal', 'contract', 'interested_parties', 'other')),
    occurred_on TEXT,
    reference TEXT NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX inputs_by_objective ON inputs (objective_id);

CREATE TABLE requirements (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    objective_id INTEGER NOT NULL REFERENCES objectives(id),
    kind TEXT NOT NULL CHECK (kind IN ('legal', 'contractual', 'interested_party')),
    text TEXT NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX requirements_by_objective ON requirements (objective_id);

-- A plan serves an objective (6.2) or a risk treatment (6.1.3): the same
-- plan entity, monthly grid, progress and evaluation for both.
CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    objective_id INTEGER REFERENCES objectives(id),
    treatment_id INTEGER REFERENCES risk_treatments(id),
    position INTEGER NOT NULL,
    actions TEXT,
    resources TEXT,
    budget_minor INTEGER,
    budget_currency TEXT,
    responsible_name TEXT,
    deadline TEXT,
    evaluation_method TEXT,
    indicator_id INTEGER REFERENCES indicators(id),
    status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'on_track', 'done', 'cancelled')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (objective_id, position),
    UNIQUE (treatment_id, position),
    CHECK ((objective_id IS NULL) <> (treatment_id IS NULL)),
    CHECK ((budget_minor IS NULL) = (budget_currency IS NULL))
);
CREATE INDEX plans_by_org ON plans (org_id);

CREATE TABLE plan_months (
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    month TEXT NOT NULL,
    planned TEXT,
    result TEXT,
    state TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'done', 'partial', 'not_done', 'skipped')),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (plan_id, month)
);
