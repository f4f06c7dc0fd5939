#!/usr/bin/env python3
"""Times py-fsrs replaying the josh review log, for comparison with
`cargo bench --bench schedule`:  python3 tools/bench-pyfsrs.py"""
import csv
import time
from datetime import datetime, timezone

from fsrs import Card, Rating, Scheduler

with open("tests/fixtures/fsrs/review-log-josh.csv", newline="") as handle:
    log = [
        (row["card_id"], datetime.fromisoformat(row["review_time"]).astimezone(timezone.utc), int(row["review_rating"]))
        for row in csv.DictReader(handle)
    ]
scheduler = Scheduler()
runs = []
for _ in range(5):
    cards = {}
    start = time.perf_counter()
    for card_id, moment, rating in log:
        card = cards.get(card_id) or Card()
        cards[card_id], _ = scheduler.review_card(card, Rating(rating), review_datetime=moment)
    runs.append(time.perf_counter() - start)
print(f"py-fsrs replay of {len(log)} reviews: best {min(runs) * 1000:.1f} ms, median {sorted(runs)[2] * 1000:.1f} ms")
