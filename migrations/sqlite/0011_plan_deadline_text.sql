-- A deadline written as words that name no date (通年, 随時, "ongoing") is
-- kept as written, so the sheet gets back what it said; `deadline` then
-- holds the period's last day, which counts for delay and reminders.
ALTER TABLE plans ADD COLUMN deadline_text TEXT;
