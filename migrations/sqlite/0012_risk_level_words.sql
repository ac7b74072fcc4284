-- Whether the risk pages and the exported sheet show risk levels as numbers
-- (3, 2, 1) or as words (高・中・低). Levels are stored as numbers either way
-- and read in either form; this only decides how they are shown.

ALTER TABLE organizations ADD COLUMN risk_level_style TEXT NOT NULL DEFAULT 'numbers'
    CHECK (risk_level_style IN ('numbers', 'words'));
