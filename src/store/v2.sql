-- Schema version 2 of the progress database (PRAGMA user_version = 2,
-- PRAGMA application_id = 0x5155495A, "QUIZ").

-- The state before each review, in typed columns (version 1 kept it as JSON
-- text, whose floats did not always round-trip): undo restores it bit for bit.
-- NULL phase: the card was new. The JSON column is converted, then dropped.
ALTER TABLE review ADD COLUMN before_phase TEXT;
ALTER TABLE review ADD COLUMN before_step INTEGER;
ALTER TABLE review ADD COLUMN before_stability REAL;
ALTER TABLE review ADD COLUMN before_difficulty REAL;
ALTER TABLE review ADD COLUMN before_due_ms INTEGER;
ALTER TABLE review ADD COLUMN before_last_review_ms INTEGER;
ALTER TABLE review ADD COLUMN before_reps INTEGER;
ALTER TABLE review ADD COLUMN before_lapses INTEGER;

-- Which file each deck id was last used from, so a second file with the same
-- id (which shares its progress) is pointed out once.
CREATE TABLE deck_file (
    deck          TEXT    NOT NULL PRIMARY KEY,
    origin        TEXT    NOT NULL,
    place         TEXT    NOT NULL,
    last_used_ms  INTEGER NOT NULL
) WITHOUT ROWID;
