-- Schema version 7 of the progress database (PRAGMA user_version = 7).

-- The devices whose reviews the log holds. `this = 1` marks the device this
-- store belongs to: a UUID made when the store is created (or migrated to
-- this version). Reviews name their device by its row, not its 16 bytes.
CREATE TABLE device (
    id    INTEGER PRIMARY KEY,
    uuid  BLOB    NOT NULL UNIQUE CHECK (length(uuid) = 16),
    this  INTEGER NOT NULL DEFAULT 0 CHECK (this IN (0, 1))
);
CREATE UNIQUE INDEX device_this ON device (this) WHERE this = 1;

-- Every review gets a globally unique id (a UUIDv7, 16 bytes, whose time is
-- the review's) and the device that made it, so the logs of several devices
-- can be merged without losing or doubling one. Older reviews get theirs
-- when the store is migrated; new ones when they are written.
ALTER TABLE review ADD COLUMN uid BLOB;
ALTER TABLE review ADD COLUMN device INTEGER REFERENCES device (id);
CREATE UNIQUE INDEX review_by_uid ON review (uid);

-- What the learner does besides answering, as events the logs of several
-- devices can carry. Like reviews, each has a UUIDv7 and its device.
--   undo       a review taken back; `target` is its uid
--   rerate     a review's rating changed at the rating step; `target`, the
--              new `rating` and the `previous` one
--   suspend, unsuspend, leech (a card forgotten too often)
--   bury       hidden until `until_ms`
-- The flags in `card_state` are their cache, as card states are the reviews'.
CREATE TABLE event (
    id        INTEGER PRIMARY KEY,
    uid       BLOB    NOT NULL UNIQUE CHECK (length(uid) = 16),
    device    INTEGER NOT NULL REFERENCES device (id),
    time_ms   INTEGER NOT NULL,
    deck      TEXT    NOT NULL,
    card      TEXT    NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN ('undo', 'rerate', 'suspend', 'unsuspend', 'bury', 'leech')),
    target    BLOB,
    rating    INTEGER CHECK (rating BETWEEN 1 AND 4),
    previous  INTEGER CHECK (previous BETWEEN 1 AND 4),
    until_ms  INTEGER
);
CREATE INDEX event_by_card ON event (deck, card, time_ms);

-- A review taken back leaves the log of reviews that count, but is kept here
-- whole (same columns as `review`), named by its undo event: nothing a
-- learner answered is ever deleted.
CREATE TABLE undone_review AS SELECT * FROM review WHERE 0;
CREATE UNIQUE INDEX undone_review_by_uid ON undone_review (uid);

-- A card's rerates and undos are found by the review they name, when a
-- synced review arrives after them.
CREATE INDEX event_by_target ON event (target) WHERE target IS NOT NULL;

-- `quiz sync --dir`: per sync folder, how far this store has sent its log
-- (every review and event with an id up to these is in the folder) and when
-- it last synced.
CREATE TABLE sync_folder (
    folder       TEXT    NOT NULL PRIMARY KEY,
    sent_review  INTEGER NOT NULL DEFAULT 0,
    sent_event   INTEGER NOT NULL DEFAULT 0,
    synced_ms    INTEGER
) WITHOUT ROWID;

-- Per file of a sync folder, how far it has been read: `read_bytes` of
-- complete lines, the last of which starts at `last_line` (checked before the
-- file is read on from there: a file replaced by another is read again whole).
CREATE TABLE sync_file (
    folder      TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    device      BLOB    NOT NULL CHECK (length(device) = 16),
    read_bytes  INTEGER NOT NULL,
    last_line   INTEGER NOT NULL,
    lines       INTEGER NOT NULL,
    newest_ms   INTEGER,
    PRIMARY KEY (folder, name)
) WITHOUT ROWID;
