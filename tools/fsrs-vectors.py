#!/usr/bin/env python3
"""Generate FSRS-6 test vectors for `src/schedule.rs` from py-fsrs (the reference).

Usage: python3 tools/fsrs-vectors.py  (needs `pip install fsrs==6.3.2`)

Writes, with fuzzing disabled:
  tests/fixtures/fsrs/random.json  random rating sequences with random gaps,
                                   under the default and several other configs;
  tests/fixtures/fsrs/fuzz.json    py-fsrs's fuzz on chosen intervals and chosen
                                   uniform draws (its `random()` patched), as
                                   [interval_days, maximum_interval, draw, fuzzed_days];
  tests/fixtures/fsrs/josh.json    real review histories of ~100 cards from
                                   tests/fixtures/fsrs/review-log-josh.csv
                                   (or the path given as the first argument).

Every review is recorded as the compact array
  [rating, time_us, phase, step, stability, difficulty, due_us, raw_interval]
where times are microseconds since the Unix epoch, `phase` is
"learning" | "review" | "relearning", `step` is 0 outside (re)learning, and
`raw_interval` is py-fsrs's unrounded interval in days (before `round`) when
the card ends in Review, else null; the Rust test uses it to recognise .5
rounding ties.
"""

import csv
import importlib.metadata
import json
import random
import sys
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

import fsrs
from fsrs import Card, Rating, Scheduler, State

PY_FSRS = importlib.metadata.version("fsrs")
assert PY_FSRS == "6.3.2", f"expected py-fsrs 6.3.2, found {PY_FSRS}"

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "fsrs"
JOSH = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/fsrs/review-log-josh.csv")
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
US = timedelta(microseconds=1)
PHASES = {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}


def micros(moment: datetime) -> int:
    return (moment - EPOCH) // US


def config_json(scheduler: Scheduler) -> dict:
    data = scheduler.to_dict()
    del data["enable_fuzzing"]
    return data


def record(scheduler: Scheduler, card: Card, rating: Rating, now: datetime) -> list:
    raw = None
    if card.state == State.Review:
        raw = (card.stability / scheduler._FACTOR) * (
            scheduler.desired_retention ** (1 / scheduler._DECAY) - 1
        )
    return [
        int(rating),
        micros(now),
        PHASES[card.state],
        card.step or 0,
        card.stability,
        card.difficulty,
        micros(card.due),
        raw,
    ]


def replay(scheduler: Scheduler, events) -> list:
    card = Card(card_id=1, due=events[0][1])
    out = []
    for rating, now in events:
        card, _ = scheduler.review_card(card, rating, now)
        out.append(record(scheduler, card, rating, now))
    return out


def random_sequence(rng: random.Random, scheduler: Scheduler) -> list:
    """Reviews a fresh card at random moments; gaps depend on the current due."""
    now = datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(
        seconds=rng.randrange(365 * 86400), microseconds=rng.randrange(1000) * 1000
    )
    card = Card(card_id=1, due=now)
    out = []
    for index in range(rng.randint(1, 30)):
        if index > 0:
            kind = rng.random()
            if kind < 0.15:
                gap = timedelta(minutes=rng.randint(1, 59))
            elif kind < 0.25:
                gap = timedelta(hours=rng.randint(1, 23), seconds=rng.randrange(3600))
            elif kind < 0.50:
                gap = card.due - now  # exactly on the due date
            elif kind < 0.60:
                gap = card.due - now + timedelta(seconds=rng.randint(-86400, 86400))
            elif kind < 0.85:
                gap = timedelta(days=rng.randint(1, 60), seconds=rng.randrange(86400))
            elif kind < 0.95:
                gap = timedelta(days=rng.randint(60, 400), seconds=rng.randrange(86400))
            else:
                gap = timedelta(days=1) + timedelta(seconds=rng.choice([-1, 0, 1]))
            now += max(gap, timedelta(seconds=1))
        rating = rng.choices(
            [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy], weights=[15, 15, 55, 15]
        )[0]
        card, _ = scheduler.review_card(card, rating, now)
        out.append(record(scheduler, card, rating, now))
    return out


def random_fixtures() -> dict:
    rng = random.Random(20240601)
    minutes = lambda *values: [timedelta(minutes=value) for value in values]  # noqa: E731
    custom = list(fsrs.scheduler.DEFAULT_PARAMETERS)
    for index in (0, 1, 2, 3, 8, 9, 10, 11, 14, 15, 16, 17, 18, 19, 20):
        custom[index] = round(custom[index] * rng.uniform(0.7, 1.3), 4)
    custom[7] = 0.05
    groups = [
        ("default", 120, {}),
        ("no-learning-steps", 10, {"learning_steps": []}),
        ("one-learning-step", 10, {"learning_steps": minutes(10)}),
        ("three-learning-steps", 10, {"learning_steps": minutes(1, 10, 60)}),
        ("no-relearning-steps", 10, {"relearning_steps": []}),
        ("two-relearning-steps", 10, {"relearning_steps": minutes(10, 60)}),
        ("retention-0.8", 10, {"desired_retention": 0.8}),
        ("retention-0.95-max-30", 10, {"desired_retention": 0.95, "maximum_interval": 30}),
        ("custom-parameters", 10, {"parameters": custom}),
    ]
    out = []
    for name, count, options in groups:
        scheduler = Scheduler(enable_fuzzing=False, **options)
        sequences = [random_sequence(rng, scheduler) for _ in range(count)]
        out.append({"name": name, "config": config_json(scheduler), "sequences": sequences})
    return {"generator": "tools/fsrs-vectors.py", "py_fsrs": PY_FSRS, "groups": out}


def josh_fixtures() -> dict:
    histories = defaultdict(list)
    with JOSH.open(newline="") as file:
        for row in csv.DictReader(file):
            moment = datetime.fromisoformat(row["review_time"]).astimezone(timezone.utc)
            histories[row["card_id"]].append((Rating(int(row["review_rating"])), moment))
    rng = random.Random(7)
    by_length = sorted(histories, key=lambda card: (-len(histories[card]), card))
    chosen = by_length[:30] + rng.sample(sorted(by_length[30:]), 70)
    scheduler = Scheduler(enable_fuzzing=False)
    sequences = []
    for card_id in chosen:
        events = sorted(histories[card_id], key=lambda event: event[1])
        sequences.append(replay(scheduler, events))
    return {
        "generator": "tools/fsrs-vectors.py",
        "py_fsrs": PY_FSRS,
        "source": "py-fsrs fsrs-review-log-josh.csv (MIT)",
        "groups": [{"name": "josh", "config": config_json(scheduler), "sequences": sequences}],
    }


def fuzz_fixtures() -> dict:
    draws = [0.0, 0.03, 0.25, 0.4999, 0.5, 0.7, 0.96, 0.999999]
    intervals = [1, 2, 3, 4, 5, 7, 8, 12, 19, 20, 21, 33, 50, 100, 365, 1000, 36500]
    cases = []
    for maximum in (36500, 50):
        scheduler = Scheduler(maximum_interval=maximum)
        for days in intervals:
            if days > maximum:
                continue
            for draw in draws:
                fsrs.scheduler.random = lambda: draw  # noqa: B023
                fuzzed = scheduler._get_fuzzed_interval(interval=timedelta(days=days))
                cases.append([days, maximum, draw, fuzzed.days])
    return {"generator": "tools/fsrs-vectors.py", "py_fsrs": PY_FSRS, "cases": cases}


def write(name: str, data: dict) -> None:
    path = OUT / name
    path.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    write("random.json", random_fixtures())
    write("josh.json", josh_fixtures())
    write("fuzz.json", fuzz_fixtures())
