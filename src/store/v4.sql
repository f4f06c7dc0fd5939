-- Schema version 4 of the progress database (PRAGMA user_version = 4).

-- `quiz undo --deck D` asks for the deck's newest review: with this index a
-- seek to its last entry, not a walk of every review of the deck.
CREATE INDEX review_by_deck ON review (deck, id);
