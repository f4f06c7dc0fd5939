-- Schema version 3 of the progress database (PRAGMA user_version = 3).

-- Whether the learner ended the exam before its last question (q, Esc,
-- Ctrl-C): an abandoned attempt is not a failed one. Earlier attempts were
-- all recorded as finished.
ALTER TABLE exam ADD COLUMN abandoned INTEGER NOT NULL DEFAULT 0 CHECK (abandoned IN (0, 1));
