-- Risk assessment (6.1.2) and risk treatment (6.1.3). The method and the
-- acceptance criterion are settings of the organization; each risk keeps the
-- score and the "needs treatment" flag the domain computed from them, and
-- both are recomputed whenever the settings change.

ALTER TABLE organizations ADD COLUMN risk_method TEXT NOT NULL DEFAULT 'asset_threat_vulnerability';
ALTER TABLE organizations ADD COLUMN risk_levels INTEGER NOT NULL DEFAULT 3 CHECK (risk_levels IN (3, 4, 5));
ALTER TABLE organizations ADD COLUMN risk_criterion INTEGER NOT NULL DEFAULT 12 CHECK (risk_criterion >= 1);
ALTER TABLE organizations ADD COLUMN risk_comparison TEXT NOT NULL DEFAULT 'at_or_above';

CREATE TABLE risks (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    period INTEGER NOT NULL,
    code TEXT NOT NULL,
    asset TEXT NOT NULL,
    asset_owner TEXT,
    threat TEXT NOT NULL,
    vulnerability TEXT NOT NULL,
    existing_controls TEXT,
    likelihood INTEGER,
    impact INTEGER,
    asset_value INTEGER,
    confidentiality INTEGER,
    integrity INTEGER,
    availability INTEGER,
    threat_level INTEGER,
    vulnerability_level INTEGER,
    score INTEGER,
    needs_treatment INTEGER NOT NULL DEFAULT 0,
    risk_owner_user_id INTEGER REFERENCES users(id),
    risk_owner TEXT,
    assessed_on TEXT,
    archived INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (org_id, period, code)
);
CREATE INDEX risks_by_org_period ON risks (org_id, period);

CREATE TABLE risk_treatments (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    risk_id INTEGER NOT NULL UNIQUE REFERENCES risks(id),
    option TEXT NOT NULL CHECK (option IN ('reduce', 'avoid', 'transfer', 'accept')),
    controls TEXT NOT NULL DEFAULT '',          -- normalized ids, comma separated
    input TEXT,                                 -- the sheet's インプット
    target_residual INTEGER,
    plan_approved_by TEXT,
    plan_approved_at TEXT,
    residual_approved_by TEXT,
    residual_approved_at TEXT,
    -- Set when the treatment changed after its approval: it must be approved again.
    approval_stale INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- 6.2 c: objectives take the risk assessment into account.
CREATE TABLE objective_risks (
    org_id INTEGER NOT NULL REFERENCES organizations(id),
    objective_id INTEGER NOT NULL REFERENCES objectives(id),
    risk_id INTEGER NOT NULL REFERENCES risks(id),
    PRIMARY KEY (objective_id, risk_id)
);
