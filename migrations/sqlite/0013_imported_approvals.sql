-- An approval read from a workbook does not speak for the risk owner: who
-- imported it (name and, from the web, account), from which file, on which
-- day. Cleared when the risk owner approves in ismo.
ALTER TABLE risk_treatments ADD COLUMN approval_imported_by TEXT;
ALTER TABLE risk_treatments ADD COLUMN approval_imported_by_user_id INTEGER;
ALTER TABLE risk_treatments ADD COLUMN approval_imported_from TEXT;
ALTER TABLE risk_treatments ADD COLUMN approval_imported_on TEXT;
