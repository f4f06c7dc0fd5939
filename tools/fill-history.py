#!/usr/bin/env python3
"""Fills a progress database with REVIEWS answers to one deck over the year
before NOW, shaped like a real history (busier weekdays, quiet spells, a tenth
of them drills, answer times from one second to two minutes), for measuring
what the history charts of `quiz stats` cost:

    python3 tools/fill-history.py DB CARDS_JSON REVIEWS NOW_MS
    quiz stats --deck D --now 2026-03-10T12:00:00Z

DB is a progress database `quiz` already created (any `quiz review` does);
CARDS_JSON is `quiz cards --deck D --json` (for the ids and content hashes).
Only the review log is written; each row carries a plausible state before it,
so `quiz export --reviews` and `quiz undo` read it as they read their own."""
import json
import random
import sqlite3
import sys

db_path, cards_path, reviews, now_ms = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with open(cards_path, encoding="utf-8") as file:
    cards = [(card["id"], card["content_hash"]) for card in json.load(file)]
rng = random.Random(16)
day_ms = 24 * 3600 * 1000
start = now_ms - 365 * day_ms
# A weight per day: weekends lighter, and three quiet spells with nothing.
weights = []
for day in range(365):
    quiet = 60 <= day < 74 or 200 <= day < 203 or day % 97 == 5
    weights.append(0.0 if quiet else (0.4 if day % 7 in (5, 6) else 1.0) * rng.uniform(0.3, 1.7))
days = rng.choices(range(365), weights=weights, k=reviews)
days.sort()


def rows():
    for day in days:
        time = start + day * day_ms + rng.randrange(day_ms)
        card, content_hash = cards[rng.randrange(len(cards))]
        rating = rng.choice((1, 2, 3, 3, 3, 3, 4))
        duration = int(min(rng.lognormvariate(8.6, 0.9), 120_000))
        if rng.random() < 0.1:
            yield (card, content_hash, time, rating, int(rating > 1), duration, "drill", 0, None)
            continue
        phase = rng.choices(("review", "learning", None), weights=(7, 2, 1))[0]
        yield (card, content_hash, time, rating, int(rating > 1), duration, "study", 1, phase)


db = sqlite3.connect(db_path)
deck = db.execute("SELECT deck FROM deck_file LIMIT 1").fetchone()[0]
db.execute("BEGIN")
db.executemany(
    "INSERT INTO review (deck, card, content_hash, time_ms, rating, response, correct, duration_ms, kind, scheduled,"
    " before_phase, before_step, before_stability, before_difficulty, before_due_ms, before_last_review_ms,"
    " before_reps, before_lapses)"
    " VALUES (?1, ?2, ?3, ?4, ?5, 'an answer', ?6, ?7, ?8, ?9, ?10,"
    " CASE WHEN ?10 IS NULL THEN NULL ELSE 0 END, CASE WHEN ?10 IS NULL THEN NULL ELSE 10.0 END,"
    " CASE WHEN ?10 IS NULL THEN NULL ELSE 5.0 END, CASE WHEN ?10 IS NULL THEN NULL ELSE ?4 END,"
    " CASE WHEN ?10 IS NULL THEN NULL ELSE ?4 - 86400000 END, CASE WHEN ?10 IS NULL THEN NULL ELSE 5 END,"
    " CASE WHEN ?10 IS NULL THEN NULL ELSE 0 END)",
    ((deck, *row) for row in rows()),
)
db.commit()
print(f"{db_path}: {reviews} answers to {len(cards)} cards of deck {deck}")
