#!/usr/bin/env python3
"""Writes a large Anki package for `quiz import` benchmarks: N notes (Basic,
reversed, type-in and cloze mixed) with M review-log entries, in Anki's
current layout (collection.anki21b), through the real Anki library.

    python3 -m venv /tmp/anki-venv && /tmp/anki-venv/bin/pip install anki
    /tmp/anki-venv/bin/python tools/gen-big-apkg.py /tmp/big.apkg --notes 10000 --revlog 100000
"""

import argparse
import os
import random
import tempfile

from anki.collection import Collection, ExportAnkiPackageOptions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--revlog", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = tempfile.mkdtemp()
    col = Collection(os.path.join(folder, "collection.anki2"))
    kinds = [
        col.models.by_name("Basic"),
        col.models.by_name("Basic (and reversed card)"),
        col.models.by_name("Basic (type in the answer)"),
        col.models.by_name("Cloze"),
    ]
    deck = col.decks.id("Big")
    words = "event loop coroutine future task await yield generator reactor callback protocol transport".split()
    for index in range(args.notes):
        model = kinds[index % len(kinds)]
        note = col.new_note(model)
        sentence = " ".join(rng.choice(words) for _ in range(12))
        if model["type"] == 1:
            note.fields[0] = f"Note {index}: {{{{c1::{rng.choice(words)}}}}} and {{{{c2::{rng.choice(words)}}}}} {sentence}"
        else:
            note.fields[0] = f"Question {index}: <b>{sentence}</b>?"
            note.fields[1] = f"Answer {index}<br>{sentence}"
        note.tags = [f"t{index % 50}"]
        col.add_note(note, deck)
    cards = col.db.list("select id from cards order by id")
    start = 1_600_000_000_000
    rows = []
    for index in range(args.revlog):
        card = cards[index % len(cards)]
        time = start + index * 60_000
        kind = 0 if index < len(cards) else rng.choice([1, 1, 1, 2, 3, 4])
        ease = 0 if kind == 4 else rng.choice([1, 3, 3, 3, 4])
        rows.append((time, card, -1, ease, 1, 0, 2500, rng.randint(2000, 20000), kind))
    col.db.executemany("insert into revlog (id,cid,usn,ease,ivl,lastIvl,factor,time,type) values (?,?,?,?,?,?,?,?,?)", rows)
    options = ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False, with_media=False, legacy=False)
    col.export_anki_package(out_path=os.path.abspath(args.out), options=options, limit=None)
    col.close()
    print(f"{args.out}: {args.notes} notes, {len(cards)} cards, {args.revlog} revlog entries")


if __name__ == "__main__":
    main()
