#!/usr/bin/env python3
"""Fills the progress database of a deck made by tools/gen-scale-deck.py with
REVIEWS study reviews spread over the year before NOW, for tools/bench-scale.sh.

    python3 tools/fill-scale-store.py DB CARDS_JSON REVIEWS NOW_MS

DB is a progress database `quiz` already created (any `quiz review` does);
CARDS_JSON is `quiz cards --deck D --json` (for the ids and content hashes).
Only the review log is written, as `quiz review` writes it; `quiz rebuild`
then computes every card's state from it, as after an import."""
import json
import random
import sqlite3
import sys

db_path, cards_path, reviews, now_ms = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with open(cards_path, encoding="utf-8") as file:
    cards = [(card["id"], card["content_hash"]) for card in json.load(file)]
rng = random.Random(7)
year_ms = 365 * 24 * 3600 * 1000
start = now_ms - year_ms - 24 * 3600 * 1000
step = year_ms // max(reviews, 1)
db = sqlite3.connect(db_path)
deck = db.execute("SELECT deck FROM deck_file LIMIT 1").fetchone()[0]
db.execute("BEGIN")
db.executemany(
    "INSERT INTO review (deck, card, content_hash, time_ms, rating, response, correct, duration_ms, kind, scheduled)"
    " VALUES (?, ?, ?, ?, ?, '', ?, 4000, 'study', 1)",
    (
        (deck, *cards[rng.randrange(len(cards))], start + i * step, rating, int(rating > 1))
        for i, rating in ((i, rng.choice((1, 2, 3, 3, 3, 3, 4))) for i in range(reviews))
    ),
)
db.commit()
print(f"{db_path}: {reviews} reviews of {len(cards)} cards in deck {deck}")
