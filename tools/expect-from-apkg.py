#!/usr/bin/env python3
"""What Anki must hold after importing a package `quiz export` wrote: an
EXPECT.json for tools/verify-apkg.py, read from the package's own
collection.anki2 with the standard library only, after checking it against
`quiz cards --json` (one note per card, the card's id as its guid).

Usage: python3 tools/expect-from-apkg.py PACKAGE.apkg CARDS.json > EXPECT.json
"""

import json
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path


def main() -> int:
    package, cards_path = sys.argv[1], sys.argv[2]
    cards = json.loads(Path(cards_path).read_text())
    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(package) as archive:
        path = Path(folder) / "collection.anki2"
        path.write_bytes(archive.read("collection.anki2"))
        db = sqlite3.connect(path)
        models = json.loads(db.execute("select models from col").fetchone()[0])
        decks = json.loads(db.execute("select decks from col").fetchone()[0])
        notes = []
        for note_id, guid, mid, fields, tags in db.execute("select id, guid, mid, flds, tags from notes order by id"):
            card_id, deck, queue = db.execute("select id, did, queue from cards where nid = ?", (note_id,)).fetchone()
            revlog = [row[0] for row in db.execute("select id from revlog where cid = ? order by id", (card_id,))]
            notes.append({
                "guid": guid,
                "notetype": models[str(mid)]["name"],
                "fields": fields.split("\x1f"),
                "tags": tags.split(),
                "cards": [{"ord": 0, "deck": decks[str(deck)]["name"], "suspended": queue == -1, "revlog": revlog}],
            })
        total_revlog = db.execute("select count(*) from revlog").fetchone()[0]
    guids = [note["guid"] for note in notes]
    ids = [card["id"] for card in cards]
    if guids != ids:
        print(f"expect-from-apkg: the package's guids are not the deck's card ids:\n{guids}\n{ids}", file=sys.stderr)
        return 1
    json.dump({"notes": notes, "cards": len(notes), "revlog": total_revlog}, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
