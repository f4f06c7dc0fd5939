-- Schema version 5 of the progress database (PRAGMA user_version = 5).

-- Drills leave no card state, so `quiz stats` finds cards that only drills
-- ever saw (orphans among them) here: a few rows, not a walk of the whole log.
CREATE INDEX review_unscheduled ON review (deck, card) WHERE scheduled = 0;
