#!/usr/bin/env python3
"""Check a package written by `quiz export` by importing it with Anki's own importer.

Usage:
    python tools/verify-apkg.py PACKAGE EXPECT.json   (PACKAGE: .apkg or .colpkg)

Needs the `anki` library from PyPI (tools/check-fixtures.sh makes a throw-away venv
with the pinned version). The package is imported into a fresh, temporary collection
(.apkg with ImportAnkiPackageRequest, scheduling included; .colpkg with Anki's
collection-package import, which replaces the collection), then compared with
EXPECT.json:

    {
      "notes": [                            every note, matched by guid; no others allowed
        {
          "guid": "qzBasic001",
          "notetype": "Basic",              note type name
          "fields": ["front", "back"],      raw field HTML, in field order
          "tags": ["a::b", "vocab"],        compared as sorted lists
          "cards": [                        optional; if given, exactly these cards
            {
              "ord": 0,                     template ordinal (cloze number - 1)
              "deck": "Parent::Child",      optional: full deck name
              "suspended": false,           optional: queue == -1
              "revlog": [1709294400000]     optional: the card's review-log ids, or a count
            }
          ]
        }
      ],
      "cards": 7,                           optional: total cards
      "revlog": 35,                         optional: total review-log rows
      "media": ["x.png"]                    optional: files that must be in the media folder
    }

Stock note types of the fresh collection are renamed before an .apkg import, because
Anki adds "+" to an imported note type whose name is taken by a note type with another
id; so "Basic" in the package arrives as "Basic", not "Basic+".

Exit status: 0 all match, 1 a mismatch or Anki refused the package (each problem on
stderr), 2 usage error or unreadable EXPECT.json.
"""

import json
import sys
import tempfile
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.errors import AnkiException


def main():
    if len(sys.argv) != 3:
        print(f"usage: {sys.argv[0]} PACKAGE EXPECT.json", file=sys.stderr)
        return 2
    package, expect_path = Path(sys.argv[1]), Path(sys.argv[2])
    try:
        expect = json.loads(expect_path.read_text())
    except (OSError, ValueError) as error:
        print(f"verify-apkg: cannot read {expect_path}: {error}", file=sys.stderr)
        return 2
    if not package.is_file():
        print(f"verify-apkg: no package at {package}", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as scratch:
        try:
            col = import_package(package.resolve(), Path(scratch))
        except AnkiException as error:
            print(f"verify-apkg: {package}: Anki refused the package: {error}", file=sys.stderr)
            return 1
        try:
            problems = compare(col, expect)
            summary = (
                f"{col.note_count()} notes, {col.card_count()} cards, "
                f"{col.db.scalar('select count() from revlog')} revlog rows"
            )
        finally:
            col.close()

    for problem in problems:
        print(f"verify-apkg: {package}: {problem}", file=sys.stderr)
    if problems:
        print(
            f"verify-apkg: {package}: {len(problems)} mismatches with {expect_path}",
            file=sys.stderr,
        )
        return 1
    print(f"verify-apkg: {package}: {summary}; matches {expect_path}")
    return 0


def import_package(package, scratch):
    """A fresh collection under scratch holding what Anki imports from package."""
    path = str(scratch / "collection.anki2")
    col = Collection(path)
    if package.suffix == ".colpkg":
        col.close()
        col._backend.import_collection_package(
            col_path=path,
            backup_path=str(package),
            media_folder=str(scratch / "collection.media"),
            media_db=str(scratch / "collection.media.db2"),
        )
        return Collection(path)
    for entry in col.models.all_names_and_ids():
        notetype = col.models.get(entry.id)
        notetype["name"] = f"verify-apkg stock {entry.name}"
        col.models.update_dict(notetype)
    request = ImportAnkiPackageRequest(
        package_path=str(package),
        options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True),
    )
    try:
        col.import_anki_package(request)
    except Exception:
        col.close()
        raise
    return col


def compare(col, expect):
    """Every difference between the collection and the expectation, as sentences."""
    problems = []
    notes = {}
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        notes[note.guid] = note
    expected_notes = expect.get("notes", [])
    if len(notes) != len(expected_notes):
        problems.append(f"{len(notes)} notes imported, expected {len(expected_notes)}")
    wanted_guids = {spec["guid"] for spec in expected_notes}
    for guid in sorted(set(notes) - wanted_guids):
        problems.append(f"unexpected note with guid {guid!r}: {notes[guid].fields!r}")
    for spec in expected_notes:
        note = notes.get(spec["guid"])
        if note is None:
            problems.append(f"note with guid {spec['guid']!r} is missing")
            continue
        problems.extend(f"note {spec['guid']!r}: {p}" for p in compare_note(col, note, spec))

    if "cards" in expect and col.card_count() != expect["cards"]:
        problems.append(f"{col.card_count()} cards imported, expected {expect['cards']}")
    revlog = col.db.scalar("select count() from revlog")
    if "revlog" in expect and revlog != expect["revlog"]:
        problems.append(f"{revlog} revlog rows imported, expected {expect['revlog']}")
    media_dir = Path(col.media.dir())
    for name in expect.get("media", []):
        if not (media_dir / name).is_file():
            problems.append(f"media file {name!r} was not imported")
    return problems


def compare_note(col, note, spec):
    problems = []
    notetype = note.note_type()["name"]
    if notetype != spec["notetype"]:
        problems.append(f"note type is {notetype!r}, expected {spec['notetype']!r}")
    fields = list(note.fields)
    if fields != spec["fields"]:
        if len(fields) != len(spec["fields"]):
            problems.append(f"{len(fields)} fields, expected {len(spec['fields'])}: {fields!r}")
        else:
            for index, (got, want) in enumerate(zip(fields, spec["fields"])):
                if got != want:
                    problems.append(f"field {index} is {got!r}, expected {want!r}")
    if sorted(note.tags) != sorted(spec["tags"]):
        problems.append(f"tags are {sorted(note.tags)!r}, expected {sorted(spec['tags'])!r}")
    if "cards" not in spec:
        return problems

    cards = {card.ord: card for card in note.cards()}
    wanted_ords = {card["ord"] for card in spec["cards"]}
    for ord in sorted(set(cards) - wanted_ords):
        problems.append(f"unexpected card with ordinal {ord}")
    for card_spec in spec["cards"]:
        card = cards.get(card_spec["ord"])
        if card is None:
            problems.append(f"card with ordinal {card_spec['ord']} is missing")
            continue
        prefix = f"card {card_spec['ord']}"
        if "deck" in card_spec:
            deck = col.decks.name(card.did)
            if deck != card_spec["deck"]:
                problems.append(f"{prefix} is in deck {deck!r}, expected {card_spec['deck']!r}")
        if "suspended" in card_spec and (card.queue == -1) != card_spec["suspended"]:
            state = "suspended" if card.queue == -1 else f"not suspended (queue {card.queue})"
            want = "suspended" if card_spec["suspended"] else "not suspended"
            problems.append(f"{prefix} is {state}, expected {want}")
        if "revlog" in card_spec:
            ids = col.db.list("select id from revlog where cid = ? order by id", card.id)
            wanted = card_spec["revlog"]
            if isinstance(wanted, int):
                if len(ids) != wanted:
                    problems.append(f"{prefix} has {len(ids)} revlog rows, expected {wanted}")
            elif ids != sorted(wanted):
                missing = sorted(set(wanted) - set(ids))
                extra = sorted(set(ids) - set(wanted))
                problems.append(
                    f"{prefix} has {len(ids)} revlog rows, expected {len(wanted)};"
                    f" missing ids {missing}, unexpected ids {extra}"
                )
    return problems


if __name__ == "__main__":
    sys.exit(main())
