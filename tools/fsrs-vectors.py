#!/usr/bin/env python3
"""Generates the scheduler test vectors in tests/fixtures/fsrs/ with py-fsrs, the
reference implementation (pip install 'fsrs>=6.3.2'). Fuzz is off, so every
value is deterministic. Run from the repository root:

    python3 tools/fsrs-vectors.py ../shared/data/fsrs-review-log-josh.csv

Each case is a card's review history; after every review the expected state is
recorded: phase, step, stability, difficulty and due time (epoch milliseconds).
"""
import csv
import json
import random
import sys
from collections import defaultdict
from datetime import datetime, timedelta, timezone

import fsrs
from fsrs import Card, Rating, Scheduler, State

PHASES = {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}


def millis(moment):
    return int(round(moment.timestamp() * 1000))


def replay(name, events):
    """events: list of (datetime, rating number). Returns one fixture case."""
    scheduler = Scheduler(enable_fuzzing=False)
    card = Card()
    steps = []
    for moment, rating in events:
        card, _ = scheduler.review_card(card, Rating(rating), review_datetime=moment)
        if card.stability > 30_000:
            # The fsrs crate caps stability at 36,500 days (py-fsrs does not): a
            # century-long memory is outside what a due date can show, so stop here.
            break
        steps.append(
            {
                "time": millis(moment),
                "rating": rating,
                "phase": PHASES[card.state],
                "step": card.step if card.step is not None else 0,
                "stability": card.stability,
                "difficulty": card.difficulty,
                "due": millis(card.due),
            }
        )
    return {"name": name, "reviews": steps}


def random_cases(count, seed):
    rng = random.Random(seed)
    cases = []
    for number in range(count):
        scheduler = Scheduler(enable_fuzzing=False)
        card = Card()
        moment = datetime(2024, 1, 1, 9, 0, tzinfo=timezone.utc) + timedelta(minutes=rng.randrange(0, 60 * 24 * 30))
        events = []
        for _ in range(rng.randint(5, 25)):
            rating = rng.choices([1, 2, 3, 4], weights=[15, 15, 55, 15])[0]
            events.append((moment, rating))
            card, _ = scheduler.review_card(card, Rating(rating), review_datetime=moment)
            if card.stability > 20_000:
                # The fsrs crate caps stability at 36,500 days; stay well inside it.
                break
            kind = rng.random()
            if kind < 0.45:
                moment = card.due  # exactly when it falls due
            elif kind < 0.6:
                moment = moment + timedelta(minutes=rng.randint(1, 600))  # same day
            elif kind < 0.85:
                moment = card.due + timedelta(days=rng.randint(0, 40), minutes=rng.randint(0, 1440))  # late
            else:
                moment = moment + timedelta(days=rng.randint(1, 400), seconds=rng.randint(0, 86399))  # anything
        cases.append(replay(f"random-{number}", events))
    return cases


def josh_cases(path, count):
    histories = defaultdict(list)
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            moment = datetime.fromisoformat(row["review_time"]).astimezone(timezone.utc)
            histories[row["card_id"]].append((moment, int(row["review_rating"])))
    chosen = [card for card, events in histories.items() if len(events) >= 5][:count]
    return [replay(f"josh-{card}", sorted(histories[card])) for card in chosen]


def main():
    josh = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/fsrs-review-log-josh.csv"
    fixtures = {
        "generator": f"py-fsrs {fsrs.__version__ if hasattr(fsrs, '__version__') else '6.3.2+'}, enable_fuzzing=False, default parameters",
        "random": random_cases(200, seed=20261124),
        "josh": josh_cases(josh, 100),
    }
    with open("tests/fixtures/fsrs/vectors.json", "w") as handle:
        json.dump(fixtures, handle, separators=(",", ":"))
    total = sum(len(case["reviews"]) for key in ("random", "josh") for case in fixtures[key])
    print(f"wrote {len(fixtures['random'])} random and {len(fixtures['josh'])} josh cases, {total} reviews")


if __name__ == "__main__":
    main()
