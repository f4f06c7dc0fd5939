#!/usr/bin/env python3
"""Fills a progress database with CARDS card states and REVIEWS logged reviews
of the `big` deck, for the review-at-scale benchmark in tools/bench.sh:
    python3 tools/fill-store.py PATH CARDS REVIEWS"""
import random
import sqlite3
import sys

path, cards, reviews = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)
db = sqlite3.connect(path)
db.execute("BEGIN")
start = 1_700_000_000_000
db.executemany(
    "INSERT OR REPLACE INTO card_state (deck, card, phase, step, stability, difficulty, due_ms, last_review_ms,"
    " reps, lapses, suspended, buried_until_ms, last_hash, first_review_ms)"
    " VALUES ('big', ?, 'review', 0, ?, 5.0, ?, ?, 10, 1, 0, NULL, 'x', ?)",
    ((f"card-{i}", rng.uniform(1, 300), start + rng.randrange(10**10), start, start) for i in range(3, cards)),
)
db.executemany(
    "INSERT INTO review (deck, card, content_hash, time_ms, rating, response, correct, duration_ms, kind, scheduled)"
    " VALUES ('big', ?, 'x', ?, ?, '', 1, 1000, 'study', 1)",
    ((f"card-{rng.randrange(3, cards)}", start + i * 1000, rng.randint(1, 4)) for i in range(reviews)),
)
db.commit()
print(f"filled {path}: {cards} cards, {reviews} reviews")
