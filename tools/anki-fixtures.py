#!/usr/bin/env python3
"""Build the Anki package fixtures for `quiz import` from the real Anki library.

Usage:
    python3 -m venv /tmp/anki-venv
    /tmp/anki-venv/bin/pip install anki==26.9.3 zstandard==0.25.0
    /tmp/anki-venv/bin/python tools/anki-fixtures.py tests/fixtures/import/apkg

Writes into the given directory (see its README.md for the layout facts):
  modern.apkg             Anki's current exporter: meta (version 3), zstd-compressed
                          collection.anki21b (schema 18), zstd protobuf media list,
                          zstd-compressed media files, plus the dummy collection.anki2.
  legacy2.apkg            the same exporter with legacy support: meta (version 2),
                          collection.anki21 (schema 11), the dummy collection.anki2,
                          JSON media map, plain media files.
  legacy-anki2-only.apkg  no meta; the schema-11 collection stored as collection.anki2
                          (what Anki 2.0 and "support older versions" exports look like).
  legacy-anki21.apkg      no meta; only collection.anki21 (Anki 2.1.x before 2.1.50).
  placeholder.apkg        no meta; only the dummy collection.anki2 whose single note asks
                          the user to update Anki; an importer that reads only legacy
                          files sees nothing but that note.
  modern.colpkg           the whole collection (every stock note type, the Default deck).
  not-anki.apkg           a zip holding a text file.
  truncated.apkg          the first half of modern.apkg.
  expected.json           what a correct importer must see in each fixture.
  verify-selftest.json    the expectation file for tools/verify-apkg.py and modern.apkg.

The content is fixed: note, card, deck and note type ids, guids, modification times and
every review-log row are written with SQL after Anki creates the objects, so the ids in
expected.json are stable across runs. The package bytes still differ between runs,
because Anki stamps the exported collection and the dummy collection with the current
time.

Review history is inserted directly into `revlog` rather than produced by answering
cards, so every row is chosen. The columns are:
  id       answer time in milliseconds since the Unix epoch (unique per row)
  cid      card id
  usn      update sequence number (-1 = not yet synced; 0 here)
  ease     button: 1 Again, 2 Hard, 3 Good, 4 Easy; 0 for rows without a rating
           (manual set-due-date, reset/forget, rescheduled by FSRS)
  ivl      interval after the answer: > 0 days, < 0 seconds (learning)
  lastIvl  interval before the answer, same units
  factor   ease factor after the answer, permille (2500 = 250%); 0 while learning;
           0 on a filtered-deck row means cramming, 0 on a manual row means reset
  time     milliseconds spent answering
  type     0 learning, 1 review, 2 relearning, 3 filtered (cram / early review),
           4 manual (set due date, reset), 5 rescheduled (FSRS parameter change)

All answer times fall between 11:00 and 13:00 UTC, so the FSRS day boundary (rollover
04:00 in the collection's time zone) never splits them for any zone from UTC-6 to UTC+6.
expected.json computes FSRS `delta_t` with days starting at 04:00 UTC.
"""

import hashlib
import importlib.metadata
import io
import json
import shutil
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path

import zstandard
from anki.collection import Collection, ExportAnkiPackageOptions
from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

ANKI = importlib.metadata.version("anki")
EXPECTED_ANKI = "26.9.3"

# 2024-03-01 04:00 UTC: the collection's creation time and the start of day 0.
CREATED_SECS = 1_709_265_600
DAY_MS = 86_400_000
# 2024-03-01 12:00 UTC, the reference for review times.
NOON_MS = (CREATED_SECS + 8 * 3600) * 1000
# Fixed modification time for every object the script writes.
MODIFIED_SECS = 1_709_294_400
# Start of the day on which expected.json's FSRS delta_t is evaluated (any later
# 04:00 UTC boundary gives the same delta_t values).
NEXT_DAY_AT_SECS = CREATED_SECS + 120 * 86_400

PLACEHOLDER_TEXT = (
    "Please update to the latest Anki version, then import the .colpkg/.apkg file again."
)

# A 1x1 transparent PNG, referenced by the Vocab note as x.png.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000005000106e2f7a90000000049454e44ae426082"
)

NOTETYPE_IDS = {
    "Basic": 1_700_000_000_101,
    "Basic (and reversed card)": 1_700_000_000_102,
    "Basic (optional reversed card)": 1_700_000_000_103,
    "Basic (type in the answer)": 1_700_000_000_104,
    "Cloze": 1_700_000_000_105,
    "Image Occlusion": 1_700_000_000_106,
    "Vocab": 1_700_000_000_107,
}
DECK_IDS = {"Parent": 1_700_000_000_201, "Parent::Child": 1_700_000_000_202}

VOCAB_FIELDS = ["Word", "Meaning", "Example"]


def at(day, minutes=0):
    """Milliseconds of `minutes` past 12:00 UTC on day `day` after 2024-03-01."""
    return NOON_MS + day * DAY_MS + minutes * 60_000


def review(when, ease, ivl, last_ivl, factor, kind, taken=6000):
    """One revlog row without its card id, as a dict of the table's columns."""
    return {
        "id": when,
        "usn": 0,
        "ease": ease,
        "ivl": ivl,
        "lastIvl": last_ivl,
        "factor": factor,
        "time": taken,
        "type": kind,
    }


LEARN, REVIEW, RELEARN, FILTERED, MANUAL, RESCHEDULED = range(6)

# Each note: id, guid, note type, kind, fields, tags (sorted, as Anki stores them), and
# per card (by ordinal) its id, deck, scheduling state and history. `state` holds the
# cards-table columns after the history: type (0 new, 1 learning, 2 review,
# 3 relearning), queue (-1 suspended, 0 new, 1 learning, 2 review), due (new: position;
# learning: epoch secs; review: day number since the collection was created), ivl,
# factor, reps, lapses, left.
NOTES = [
    {
        "id": 1_700_000_001_000,
        "guid": "qzBasic001",
        "notetype": "Basic",
        "kind": "basic",
        "fields": [
            "What does <b>GIL</b> stand for?",
            "Global Interpreter Lock<br>one thread runs Python bytecode at a time",
        ],
        "tags": ["python", "python::internals"],
        "cards": [
            {
                "id": 1_700_000_001_100,
                "deck": "Parent",
                "story": "learning steps, reviews, a lapse and relearning",
                "state": [2, 2, 17, 4, 2450, 8, 1, 0],
                "revlog": [
                    review(at(0), 1, -60, 0, 0, LEARN, 8000),
                    review(at(0, 1), 3, -600, -60, 0, LEARN, 5000),
                    review(at(0, 11), 3, 1, -600, 2500, LEARN, 4000),
                    review(at(1), 3, 3, 1, 2500, REVIEW),
                    review(at(4), 3, 8, 3, 2500, REVIEW),
                    review(at(12), 1, -600, 8, 2300, REVIEW, 12000),
                    review(at(12, 10), 3, 1, -600, 2300, RELEARN),
                    review(at(13), 4, 4, 1, 2450, REVIEW, 3000),
                ],
            }
        ],
    },
    {
        "id": 1_700_000_002_000,
        "guid": "qzRevers02",
        "notetype": "Basic (and reversed card)",
        "kind": "reversed",
        "fields": [
            "asyncio.gather",
            "<ul><li>runs awaitables concurrently</li><li>returns results in order</li></ul>",
        ],
        "tags": ["python::asyncio"],
        "cards": [
            {
                "id": 1_700_000_002_100,
                "deck": "Parent",
                "story": "set due date (manual, factor 2500), cram (filtered, factor 0), "
                "rescheduled by FSRS, early review in a rescheduling filtered deck",
                "state": [2, 2, 33, 20, 2350, 5, 0, 0],
                "revlog": [
                    review(at(0, 2), 3, -600, 0, 0, LEARN),
                    review(at(0, 12), 3, 1, -600, 2500, LEARN),
                    review(at(1, 5), 3, 3, 1, 2500, REVIEW),
                    review(at(2, 5), 0, 10, 3, 2500, MANUAL, 0),
                    review(at(5, 5), 3, 3, 3, 0, FILTERED, 4000),
                    review(at(7, 5), 0, 12, 10, 2500, RESCHEDULED, 0),
                    review(at(12, 5), 2, 14, 10, 2350, REVIEW),
                    review(at(13, 5), 3, 20, 14, 2350, FILTERED),
                ],
            },
            {
                "id": 1_700_000_002_101,
                "deck": "Parent::Child",
                "story": "reviews, then reset to new (manual, factor 0), then learned again",
                "state": [2, 2, 20, 8, 2500, 4, 0, 0],
                "revlog": [
                    review(at(0, 3), 3, -600, 0, 0, LEARN),
                    review(at(0, 13), 3, 1, -600, 2500, LEARN),
                    review(at(2, 10), 3, 4, 1, 2500, REVIEW),
                    review(at(6, 10), 0, 0, 4, 0, MANUAL, 0),
                    review(at(8, 10), 2, -360, 0, 0, LEARN),
                    review(at(8, 16), 3, 1, -360, 2500, LEARN),
                    review(at(9, 10), 3, 3, 1, 2500, REVIEW),
                    review(at(12, 20), 3, 8, 3, 2500, REVIEW),
                ],
            },
        ],
    },
    {
        "id": 1_700_000_003_000,
        "guid": "qzTypein03",
        "notetype": "Basic (type in the answer)",
        "kind": "typein",
        "fields": ["Keyword that defines a coroutine function?", "async def"],
        "tags": ["python::asyncio"],
        "cards": [
            {
                "id": 1_700_000_003_100,
                "deck": "Parent",
                "story": "a single learning step, still in learning",
                "state": [1, 1, (at(3, 10)) // 1000, 0, 0, 1, 0, 1],
                "revlog": [review(at(3), 3, -600, 0, 0, LEARN)],
            }
        ],
    },
    {
        "id": 1_700_000_004_000,
        "guid": "qzCloze004",
        "notetype": "Cloze",
        "kind": "cloze",
        "fields": [
            "The {{c1::asyncio::module}} runs an {{c2::event loop}}.",
            "<pre><code>if a &lt; b:\n    asyncio.run(main())</code></pre>",
        ],
        "tags": ["cloze", "python::asyncio"],
        "cards": [
            {
                "id": 1_700_000_004_100,
                "deck": "Parent::Child",
                "story": "reviews without any learning rows (history from an old import)",
                "state": [2, 2, 40, 25, 2500, 2, 0, 0],
                "revlog": [
                    review(at(5, 20), 3, 10, 5, 2500, REVIEW),
                    review(at(15, 20), 3, 25, 10, 2500, REVIEW),
                ],
            },
            {
                "id": 1_700_000_004_101,
                "deck": "Parent::Child",
                "story": "several learning steps on one day, one review, then suspended",
                "state": [2, -1, 34, 10, 2500, 5, 0, 0],
                "revlog": [
                    review(at(20, -60), 1, -60, 0, 0, LEARN),
                    review(at(20, -59), 1, -60, -60, 0, LEARN),
                    review(at(20, -58), 3, -600, -60, 0, LEARN),
                    review(at(20, -48), 4, 4, -600, 2500, LEARN),
                    review(at(24, 30), 3, 10, 4, 2500, REVIEW),
                ],
            },
        ],
    },
    {
        "id": 1_700_000_005_000,
        "guid": "O]x&Vq{~3;",
        "notetype": "Vocab",
        "kind": "other",
        "fields": [
            "Schadenfreude",
            "joy at another's misfortune<script>alert(1)</script>",
            '<img src="x.png"> Er spürte&nbsp;Schadenfreude.',
        ],
        "tags": ["a::b", "vocab"],
        "cards": [
            {
                "id": 1_700_000_005_100,
                "deck": "Parent::Child",
                "story": "learned, then reset to new and never studied again",
                "state": [0, 0, 5, 0, 0, 0, 0, 0],
                "revlog": [
                    review(at(0, 4), 3, -600, 0, 0, LEARN),
                    review(at(0, 14), 3, 1, -600, 2500, LEARN),
                    review(at(3, 40), 0, 0, 1, 0, MANUAL, 0),
                ],
            }
        ],
    },
]

MEDIA = {"x.png": PNG}


def main():
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} OUTPUT_DIR")
    if ANKI != EXPECTED_ANKI:
        print(
            f"warning: built for anki {EXPECTED_ANKI}, running {ANKI}; "
            "review the diff of expected.json and README.md",
            file=sys.stderr,
        )
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    revlog_ids = [row["id"] for card in all_cards() for row in card["revlog"]]
    assert len(set(revlog_ids)) == len(revlog_ids), "revlog ids must be unique"
    for card in all_cards():
        card["fsrs"] = fsrs_training(card["revlog"], NEXT_DAY_AT_SECS)

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        col_path = scratch / "source" / "collection.anki2"
        col_path.parent.mkdir()
        build_collection(col_path)
        report_integrity(col_path, scratch)
        col = Collection(str(col_path))
        check_fsrs_against_anki(col)
        export_apkg(col, out / "modern.apkg", legacy=False)
        export_apkg(col, out / "legacy2.apkg", legacy=True)
        # Closes the collection.
        col.export_collection_package(str(out / "modern.colpkg"), include_media=True, legacy=False)

    derive_legacy_packages(out)
    derive_broken_packages(out)
    for name in FIXTURES:
        list_zip(out / name)
    check_raw_collections(out)
    check_anki_imports(out)
    write_json(out / "expected.json", expected(out))
    write_json(out / "verify-selftest.json", verify_expectation())
    for path in sorted(out.iterdir()):
        # Anki writes its packages as private temporary files.
        path.chmod(0o644)
        size = path.stat().st_size
        assert size < 100_000, f"{path} is {size} bytes; fixtures must stay under 100 KB"
    print(f"wrote fixtures to {out} with anki {ANKI}")


def all_cards():
    return [card for note in NOTES for card in note["cards"]]


def build_collection(path):
    """Create a collection holding NOTES, then pin every id and time with SQL."""
    col = Collection(str(path))
    vocab = col.models.new("Vocab")
    for name in VOCAB_FIELDS:
        col.models.add_field(vocab, col.models.new_field(name))
    template = col.models.new_template("Recognition")
    template["qfmt"] = "{{Word}}"
    template["afmt"] = "{{FrontSide}}<hr id=answer>{{Meaning}}<br>{{Example}}"
    col.models.add_template(vocab, template)
    col.models.add_dict(vocab)

    deck_ids = {name: col.decks.id(name) for name in DECK_IDS}
    for name, data in MEDIA.items():
        stored = col.media.write_data(name, data)
        assert stored == name, f"media file stored as {stored}, not {name}"

    # old id -> new id, applied after every object exists.
    note_ids, card_ids = {}, {}
    for spec in NOTES:
        notetype = col.models.by_name(spec["notetype"])
        note = col.new_note(notetype)
        for index, text in enumerate(spec["fields"]):
            note.fields[index] = text
        note.tags = list(spec["tags"])
        col.add_note(note, deck_ids[spec["cards"][0]["deck"]])
        cards = sorted(note.cards(), key=lambda card: card.ord)
        assert len(cards) == len(spec["cards"]), (spec["guid"], len(cards))
        note_ids[note.id] = spec["id"]
        for card, card_spec in zip(cards, spec["cards"]):
            card_ids[card.id] = card_spec["id"]
            if card.did != deck_ids[card_spec["deck"]]:
                col.set_deck([card.id], deck_ids[card_spec["deck"]])
    notetype_ids = {col.models.id_for_name(name): new for name, new in NOTETYPE_IDS.items()}
    col.close()

    # Rewrite outside Anki: its caches never see the old ids again.
    db = sqlite3.connect(path)
    # Anki's tables index names with its own case-insensitive collation; sqlite3 needs
    # one registered to update those tables. Names are not changed, so any order does.
    db.create_collation("unicase", unicase)
    for old, new in notetype_ids.items():
        db.execute("update notetypes set id = ? where id = ?", (new, old))
        db.execute("update fields set ntid = ? where ntid = ?", (new, old))
        db.execute("update templates set ntid = ? where ntid = ?", (new, old))
        db.execute("update notes set mid = ? where mid = ?", (new, old))
    for name, new in DECK_IDS.items():
        old = deck_ids[name]
        db.execute("update decks set id = ? where id = ?", (new, old))
        db.execute("update cards set did = ? where did = ?", (new, old))
    guids = {spec["id"]: spec["guid"] for spec in NOTES}
    for old, new in note_ids.items():
        db.execute(
            "update notes set id = ?, guid = ?, mod = ?, usn = 0 where id = ?",
            (new, guids[new], MODIFIED_SECS, old),
        )
        db.execute("update cards set nid = ? where nid = ?", (new, old))
    states = {card["id"]: card["state"] for card in all_cards()}
    revlogs = {card["id"]: card["revlog"] for card in all_cards()}
    for old, new in card_ids.items():
        card_type, queue, due, ivl, factor, reps, lapses, left = states[new]
        db.execute(
            "update cards set id = ?, type = ?, queue = ?, due = ?, ivl = ?, factor = ?,"
            " reps = ?, lapses = ?, left = ?, mod = ?, usn = 0, data = ? where id = ?",
            (
                new,
                card_type,
                queue,
                due,
                ivl,
                factor,
                reps,
                lapses,
                left,
                MODIFIED_SECS,
                card_data(card_type, revlogs[new]),
                old,
            ),
        )
    for card in all_cards():
        for row in card["revlog"]:
            db.execute(
                "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row["id"],
                    card["id"],
                    row["usn"],
                    row["ease"],
                    row["ivl"],
                    row["lastIvl"],
                    row["factor"],
                    row["time"],
                    row["type"],
                ),
            )
    db.execute("update col set crt = ?", (CREATED_SECS,))
    # Settings that name a note type or deck by its old id would dangle.
    db.execute("delete from config where key in ('curModel', 'curDeck', 'activeDecks')")
    db.execute("delete from config where key like '\\_nt\\_%' escape '\\'")
    db.execute("delete from config where key like '\\_deck\\_%' escape '\\'")
    db.commit()
    db.close()


def last_review_secs(rows):
    """The card's last review time as Anki derives it from the revlog, or None.

    The last row with a rating that is not cramming; a later reset clears it.
    """
    last = None
    for row in sorted(rows, key=lambda row: row["id"]):
        if row["ease"] > 0 and not (row["type"] == FILTERED and row["factor"] == 0):
            last = row["id"] // 1000
        elif row["type"] == MANUAL and row["factor"] == 0:
            last = None
    return last


def card_data(card_type, rows):
    """The cards.data JSON: Anki keeps the last review time ("lrt") of studied cards."""
    last = last_review_secs(rows)
    if card_type == 0 or last is None:
        return "{}"
    return json.dumps({"lrt": last}, separators=(",", ":"))


def unicase(left, right):
    left, right = left.casefold(), right.casefold()
    return (left > right) - (left < right)


def report_integrity(path, scratch):
    """Fail if Anki's Check Database would change anything in a copy of the collection."""
    copy = scratch / "check" / "collection.anki2"
    copy.parent.mkdir()
    shutil.copy(path, copy)
    checked = Collection(str(copy))
    try:
        problems, ok = checked.fix_integrity()
    finally:
        checked.close()
    # Check Database always rebuilds; that line is not a finding.
    problems = [
        line
        for line in problems.splitlines()
        if line.strip() and line != "Database rebuilt and optimized."
    ]
    if not ok or problems:
        sys.exit("Check Database found problems:\n  " + "\n  ".join(problems))


def check_fsrs_against_anki(col):
    """Compare fsrs_training's item counts with Anki's own, card by card and in total."""

    def anki_items(search):
        response = col._backend.compute_fsrs_params(
            search=search,
            current_params=[],
            ignore_revlogs_before_ms=0,
            num_of_relearning_steps=1,
            health_check=False,
        )
        return response.fsrs_items

    for card in all_cards():
        ours = len(card["fsrs"]["items"])
        theirs = anki_items(f"cid:{card['id']}")
        assert ours == theirs, f"card {card['id']}: {ours} FSRS items, Anki says {theirs}"
    total = sum(len(card["fsrs"]["items"]) for card in all_cards())
    assert anki_items("") == total, f"{total} FSRS items, Anki says {anki_items('')}"
    # Anki's default optimizer search, `preset:"<name>" -is:suspended`, skips suspended cards.
    active = sum(len(card["fsrs"]["items"]) for card in all_cards() if card["state"][1] != -1)
    theirs = anki_items("-is:suspended")
    assert theirs == active, f"{active} FSRS items on unsuspended cards, Anki says {theirs}"


def fsrs_training(rows, next_day_at_secs):
    """Which revlog rows Anki's FSRS optimizer trains on, and the items it builds.

    An independent reimplementation of the rules in README.md ("Anki's FSRS training
    filter"); check_fsrs_against_anki compares the item counts with Anki itself.
    """
    rows = sorted(rows, key=lambda row: row["id"])

    def cramming(row):
        return row["type"] == FILTERED and row["factor"] == 0

    def reset(row):
        return row["type"] == MANUAL and row["factor"] == 0

    start = None
    for index in range(len(rows) - 1, -1, -1):
        row = rows[index]
        if cramming(row):
            continue
        if row["ease"] > 0 and row["type"] == LEARN:
            start = index
        elif reset(row):
            break
        elif start is not None:
            break
    if start is None:
        return {"kept_revlog_ids": [], "items": []}
    kept = [row for row in rows[start:] if row["ease"] > 0 and not cramming(row)]

    def days_elapsed(row):
        return max(0, (next_day_at_secs - row["id"] // 1000) // 86_400)

    reviews, items = [], []
    for index, row in enumerate(kept):
        delta_t = 0 if index == 0 else days_elapsed(kept[index - 1]) - days_elapsed(row)
        reviews.append({"rating": row["ease"], "delta_t": delta_t})
        if index >= 1 and delta_t > 0:
            items.append({"revlog_id": row["id"], "reviews": list(reviews)})
    if not items:
        return {"kept_revlog_ids": [], "items": []}
    return {"kept_revlog_ids": [row["id"] for row in kept], "items": items}


def export_apkg(col, path, legacy):
    options = ExportAnkiPackageOptions(
        with_scheduling=True, with_deck_configs=False, with_media=True, legacy=legacy
    )
    count = col.export_anki_package(out_path=str(path), options=options, limit=None)
    assert count == len(NOTES), f"{path}: exported {count} notes"


def fixed_info(name, compress):
    """A zip entry with a fixed date, so the zips this script writes are reproducible."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = compress
    info.external_attr = 0o644 << 16
    return info


def write_zip(path, entries):
    """Write (name, bytes, compression) entries to a new zip at path."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data, compress in entries:
            archive.writestr(fixed_info(name, compress), data)


def derive_legacy_packages(out):
    with zipfile.ZipFile(out / "legacy2.apkg") as legacy:
        names = legacy.namelist()
        assert "collection.anki21" in names and "collection.anki2" in names, names
        collection = legacy.read("collection.anki21")
        media_map = legacy.read("media")
        media = [(name, legacy.read(name)) for name in json.loads(media_map)]
    deflated, stored = zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED
    media_entries = [(name, data, stored) for name, data in media]
    write_zip(
        out / "legacy-anki2-only.apkg",
        [("collection.anki2", collection, deflated), ("media", media_map, stored)] + media_entries,
    )
    write_zip(
        out / "legacy-anki21.apkg",
        [("collection.anki21", collection, deflated), ("media", media_map, stored)] + media_entries,
    )
    with zipfile.ZipFile(out / "modern.apkg") as modern:
        dummy = modern.read("collection.anki2")
    # Without `meta` an importer reads the media list as a JSON map.
    write_zip(
        out / "placeholder.apkg",
        [("collection.anki2", dummy, deflated), ("media", b"{}", stored)],
    )


def derive_broken_packages(out):
    write_zip(
        out / "not-anki.apkg",
        [("notes.txt", b"This zip is not an Anki package.\n", zipfile.ZIP_DEFLATED)],
    )
    data = (out / "modern.apkg").read_bytes()
    (out / "truncated.apkg").write_bytes(data[: len(data) // 2])


# Per fixture: its zip entries, the collection an importer should read and how it is
# stored, and what the importer must find there.
FIXTURES = {
    "modern.apkg": {
        "layout": "modern",
        "meta_version": 3,
        "collection_entry": "collection.anki21b",
        "collection_compression": "zstd",
        "schema": 18,
        "media_list": "zstd protobuf MediaEntries",
        "media_files": "zstd",
        "content": "full",
    },
    "legacy2.apkg": {
        "layout": "legacy",
        "meta_version": 2,
        "collection_entry": "collection.anki21",
        "collection_compression": "none",
        "schema": 11,
        "media_list": "json",
        "media_files": "plain",
        "content": "full",
    },
    "legacy-anki2-only.apkg": {
        "layout": "legacy",
        "meta_version": None,
        "collection_entry": "collection.anki2",
        "collection_compression": "none",
        "schema": 11,
        "media_list": "json",
        "media_files": "plain",
        "content": "full",
    },
    "legacy-anki21.apkg": {
        "layout": "legacy",
        "meta_version": None,
        "collection_entry": "collection.anki21",
        "collection_compression": "none",
        "schema": 11,
        "media_list": "json",
        "media_files": "plain",
        "content": "full",
    },
    "modern.colpkg": {
        "layout": "modern",
        "meta_version": 3,
        "collection_entry": "collection.anki21b",
        "collection_compression": "zstd",
        "schema": 18,
        "media_list": "zstd protobuf MediaEntries",
        "media_files": "zstd",
        "content": "full",
        "extra": "the whole collection: also the unused stock note types "
        "(Basic (optional reversed card), Image Occlusion) and the empty Default deck",
    },
    "placeholder.apkg": {
        "layout": "legacy",
        "meta_version": None,
        "collection_entry": "collection.anki2",
        "collection_compression": "none",
        "schema": 11,
        "media_list": "json",
        "media_files": "plain",
        "content": "placeholder",
    },
    "not-anki.apkg": {"layout": "not-anki", "content": "error"},
    "truncated.apkg": {"layout": "truncated", "content": "error"},
}


def zip_listing(path):
    with zipfile.ZipFile(path) as archive:
        return [
            {
                "name": info.filename,
                "size": info.file_size,
                "compression": {0: "stored", 8: "deflated"}.get(
                    info.compress_type, str(info.compress_type)
                ),
            }
            for info in archive.infolist()
        ]


def list_zip(path):
    try:
        entries = zip_listing(path)
    except zipfile.BadZipFile as error:
        print(f"{path.name}: not a readable zip ({error})")
        return
    listing = ", ".join(f"{e['name']} ({e['size']} B, {e['compression']})" for e in entries)
    print(f"{path.name}: {listing}")


def collection_bytes(path, fixture):
    with zipfile.ZipFile(path) as archive:
        data = archive.read(fixture["collection_entry"])
    if fixture["collection_compression"] == "zstd":
        data = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)).read()
    return data


def open_raw(path, fixture, scratch):
    """Open the collection inside a package with plain sqlite3, bypassing Anki."""
    target = scratch / (path.name + ".sqlite")
    target.write_bytes(collection_bytes(path, fixture))
    return sqlite3.connect(target)


def check_raw_collections(out):
    """Read every full fixture's collection with sqlite3 and compare it with NOTES."""
    with tempfile.TemporaryDirectory() as scratch:
        for name, fixture in FIXTURES.items():
            if fixture["content"] == "placeholder":
                db = open_raw(out / name, fixture, Path(scratch))
                fields = db.execute("select flds from notes").fetchall()
                assert fields == [(PLACEHOLDER_TEXT + "\x1f",)], (name, fields)
                continue
            if fixture["content"] != "full":
                continue
            db = open_raw(out / name, fixture, Path(scratch))
            version = db.execute("select ver from col").fetchone()[0]
            assert version == fixture["schema"], (name, version)
            for spec in NOTES:
                guid, flds, tags = db.execute(
                    "select guid, flds, tags from notes where id = ?", (spec["id"],)
                ).fetchone()
                assert guid == spec["guid"], (name, guid)
                assert flds.split("\x1f") == spec["fields"], (name, flds)
                assert tags.split() == spec["tags"], (name, tags)
            rows = db.execute(
                "select id, cid, usn, ease, ivl, lastIvl, factor, time, type"
                " from revlog order by id"
            ).fetchall()
            wanted = sorted(
                (
                    row["id"],
                    card["id"],
                    row["usn"],
                    row["ease"],
                    row["ivl"],
                    row["lastIvl"],
                    row["factor"],
                    row["time"],
                    row["type"],
                )
                for card in all_cards()
                for row in card["revlog"]
            )
            assert rows == wanted, f"{name}: revlog differs"
            suspended = db.execute("select id from cards where queue = -1").fetchall()
            assert suspended == [(1_700_000_004_101,)], (name, suspended)
            db.close()


def check_anki_imports(out):
    """Import each full .apkg with Anki's importer and compare with NOTES."""
    for name, fixture in FIXTURES.items():
        if fixture["content"] != "full" or not name.endswith(".apkg"):
            continue
        with tempfile.TemporaryDirectory() as scratch:
            col = Collection(str(Path(scratch) / "collection.anki2"))
            try:
                request = ImportAnkiPackageRequest(
                    package_path=str(out / name),
                    options=ImportAnkiPackageOptions(with_scheduling=True),
                )
                col.import_anki_package(request)
                assert col.note_count() == len(NOTES), (name, col.note_count())
                for spec in NOTES:
                    note = col.get_note(spec["id"])
                    assert note.guid == spec["guid"], (name, note.guid)
                    assert note.fields == spec["fields"], (name, note.fields)
                    assert sorted(note.tags) == sorted(spec["tags"]), (name, note.tags)
                    for card_spec in spec["cards"]:
                        card = col.get_card(card_spec["id"])
                        assert col.decks.name(card.did) == card_spec["deck"], name
                revlog = col.db.scalar("select count() from revlog")
                wanted = sum(len(card["revlog"]) for card in all_cards())
                assert revlog == wanted, (name, revlog)
                media = Path(col.media.dir()) / "x.png"
                assert media.read_bytes() == PNG, name
            finally:
                col.close()


def expected(out):
    notes = []
    for spec in NOTES:
        cards = []
        for card in spec["cards"]:
            card_type, queue, due, ivl, factor, reps, lapses, left = card["state"]
            cards.append(
                {
                    "id": card["id"],
                    "ord": spec["cards"].index(card),
                    "deck": card["deck"],
                    "suspended": queue == -1,
                    "story": card["story"],
                    "type": card_type,
                    "queue": queue,
                    "due": due,
                    "ivl": ivl,
                    "factor": factor,
                    "reps": reps,
                    "lapses": lapses,
                    "left": left,
                    "revlog": [
                        {"id": row["id"], "cid": card["id"], **row} for row in card["revlog"]
                    ],
                    "fsrs_training": card["fsrs"],
                }
            )
        notes.append(
            {
                "id": spec["id"],
                "guid": spec["guid"],
                "notetype": spec["notetype"],
                "notetype_id": NOTETYPE_IDS[spec["notetype"]],
                "kind": spec["kind"],
                "fields": spec["fields"],
                "tags": spec["tags"],
                "cards": cards,
            }
        )
    return {
        "about": "Generated by tools/anki-fixtures.py; see README.md. Fixtures with "
        "content 'full' hold exactly the notes, decks, media and revlog below.",
        "anki_version": ANKI,
        "collection_created_secs": CREATED_SECS,
        "fsrs_next_day_at_secs": NEXT_DAY_AT_SECS,
        "fixtures": {
            name: dict(fixture, **entries_of(out / name)) for name, fixture in FIXTURES.items()
        },
        "placeholder": {
            "notetype": "Basic",
            "deck": "Default",
            "fields": [PLACEHOLDER_TEXT, ""],
            "importer_should": "refuse with a message that the package needs the "
            "modern (collection.anki21b) layout, rather than import this note",
        },
        "decks": [{"id": deck_id, "name": name} for name, deck_id in DECK_IDS.items()],
        "notetypes": notetypes_expected(),
        "media": [
            {"name": name, "size": len(data), "sha1": sha1_hex(data)}
            for name, data in MEDIA.items()
        ],
        "notes": notes,
        "totals": {
            "notes": len(NOTES),
            "cards": len(all_cards()),
            "revlog": sum(len(card["revlog"]) for card in all_cards()),
            "fsrs_training_revlog": sum(
                len(card["fsrs"]["kept_revlog_ids"]) for card in all_cards()
            ),
            "fsrs_training_items": sum(len(card["fsrs"]["items"]) for card in all_cards()),
            # Anki's default optimizer search leaves out suspended cards.
            "fsrs_training_revlog_unsuspended": sum(
                len(card["fsrs"]["kept_revlog_ids"])
                for card in all_cards()
                if card["state"][1] != -1
            ),
            "fsrs_training_items_unsuspended": sum(
                len(card["fsrs"]["items"]) for card in all_cards() if card["state"][1] != -1
            ),
        },
    }


def entries_of(path):
    try:
        return {"zip_entries": [entry["name"] for entry in zip_listing(path)]}
    except zipfile.BadZipFile:
        return {"zip_entries": None}


def notetypes_expected():
    kinds = {spec["notetype"]: spec["kind"] for spec in NOTES}
    fields = {
        "Basic": ["Front", "Back"],
        "Basic (and reversed card)": ["Front", "Back"],
        "Basic (type in the answer)": ["Front", "Back"],
        "Cloze": ["Text", "Back Extra"],
        "Vocab": VOCAB_FIELDS,
    }
    return [
        {"id": NOTETYPE_IDS[name], "name": name, "kind": kinds[name], "fields": names}
        for name, names in fields.items()
    ]


def sha1_hex(data):
    return hashlib.sha1(data).hexdigest()


def verify_expectation():
    """The expectation tools/verify-apkg.py checks modern.apkg against."""
    return {
        "notes": [
            {
                "guid": spec["guid"],
                "notetype": spec["notetype"],
                "fields": spec["fields"],
                "tags": spec["tags"],
                "cards": [
                    {
                        "ord": ord,
                        "deck": card["deck"],
                        "suspended": card["state"][1] == -1,
                        "revlog": [row["id"] for row in card["revlog"]],
                    }
                    for ord, card in enumerate(spec["cards"])
                ],
            }
            for spec in NOTES
        ],
        "cards": len(all_cards()),
        "revlog": sum(len(card["revlog"]) for card in all_cards()),
        "media": sorted(MEDIA),
    }


def write_json(path, value):
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
