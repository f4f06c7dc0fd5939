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
