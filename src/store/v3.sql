-- Schema version 3 of the progress database (PRAGMA user_version = 3).

-- Whether the learner ended the exam before its last question (q, Esc,
-- Ctrl-C): an abandoned attempt is not a failed one. Earlier attempts were
-- all recorded as finished.
ALTER TABLE exam ADD COLUMN abandoned INTEGER NOT NULL DEFAULT 0 CHECK (abandoned IN (0, 1));

-- A study session asks "what falls due by now + 20 minutes?" after every
-- answer (Store::cards_due_by): a range on this index, not a scan of the deck.
CREATE INDEX card_state_by_due ON card_state (deck, due_ms);
