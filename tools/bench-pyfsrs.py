#!/usr/bin/env python3
"""Times py-fsrs 6.3.2 replaying the whole josh review log (12,580 reviews),
for comparison with `cargo bench --bench schedule`.

Usage: python3 tools/bench-pyfsrs.py [path/to/fsrs-review-log-josh.csv]
"""

import csv
import sys
import time
from collections import defaultdict
from datetime import datetime, timezone

from fsrs import Card, Rating, Scheduler

PATH = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/fsrs/review-log-josh.csv"


def load():
    cards = defaultdict(list)
    with open(PATH, newline="") as file:
        for row in csv.DictReader(file):
            moment = datetime.fromisoformat(row["review_time"]).astimezone(timezone.utc)
            cards[row["card_id"]].append((Rating(int(row["review_rating"])), moment))
    return [sorted(history, key=lambda event: event[1]) for history in cards.values()]


def replay(scheduler, cards):
    for history in cards:
        card = Card(card_id=1, due=history[0][1])
        for rating, moment in history:
            card, _ = scheduler.review_card(card, rating, moment)


def main():
    cards = load()
    reviews = sum(len(history) for history in cards)
    for fuzz in (False, True):
        scheduler = Scheduler(enable_fuzzing=fuzz)
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            replay(scheduler, cards)
            best = min(best, time.perf_counter() - start)
        print(
            f"py-fsrs replay josh log ({reviews} reviews, fuzz {fuzz}): best of 5 "
            f"{best * 1e3:.1f} ms, {best / reviews * 1e6:.2f} us/review"
        )


if __name__ == "__main__":
    main()
