-- Schema version 1 of the progress database (PRAGMA user_version = 1).
-- Never edited: later versions are migrations (v2.sql, …).

-- The append-only review log: the source of truth.
CREATE TABLE review (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    deck          TEXT    NOT NULL,
    card          TEXT    NOT NULL,
    content_hash  TEXT    NOT NULL,
    time_ms       INTEGER NOT NULL,
    rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    response      TEXT    NOT NULL,
    correct       INTEGER NOT NULL CHECK (correct IN (0, 1)),
    duration_ms   INTEGER NOT NULL,
    kind          TEXT    NOT NULL,
    -- Whether this review moved the card's schedule (drills and plain exams do not).
    scheduled     INTEGER NOT NULL CHECK (scheduled IN (0, 1)),
    -- The card's state before the review, as JSON (NULL for a new card), so undo is exact.
    state_before  TEXT
);
CREATE INDEX review_by_card ON review (deck, card, id);
CREATE INDEX review_by_time ON review (deck, time_ms);

-- The cache of each card's scheduling state, rebuildable from the log.
CREATE TABLE card_state (
    deck             TEXT    NOT NULL,
    card             TEXT    NOT NULL,
    phase            TEXT    NOT NULL,
    step             INTEGER NOT NULL,
    stability        REAL,
    difficulty       REAL,
    due_ms           INTEGER NOT NULL,
    last_review_ms   INTEGER,
    reps             INTEGER NOT NULL,
    lapses           INTEGER NOT NULL,
    suspended        INTEGER NOT NULL DEFAULT 0,
    buried_until_ms  INTEGER,
    last_hash        TEXT,
    first_review_ms  INTEGER,
    PRIMARY KEY (deck, card)
) WITHOUT ROWID;
CREATE INDEX card_state_by_first_review ON card_state (deck, first_review_ms);

-- Exam attempts, for `quiz stats`.
CREATE TABLE exam (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    deck         TEXT    NOT NULL,
    seed         TEXT    NOT NULL,
    started_ms   INTEGER NOT NULL,
    finished_ms  INTEGER NOT NULL,
    score        REAL    NOT NULL,
    correct      INTEGER NOT NULL,
    total        INTEGER NOT NULL,
    passed       INTEGER NOT NULL,
    answers      TEXT    NOT NULL
);
CREATE INDEX exam_by_deck ON exam (deck, finished_ms);
