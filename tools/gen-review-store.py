#!/usr/bin/env python3
"""Writes memory reviews (kind `study`, scheduled) of one deck into a progress
database, for `quiz optimize` and `quiz sync` at scale and their tests by hand
(tools/bench-sync.sh):

    python3 tools/gen-review-store.py DB DECK --josh tests/fixtures/fsrs/review-log-josh.csv
    python3 tools/gen-review-store.py DB DECK --reviews 1000000 [--seed 7] [--years 5] [--retention 0.9]

DB is a progress database `quiz` already created, at schema 7 or later (any
`quiz review` makes one; `quiz sync --status --dir DIR`, an empty one). Only
the review log is written, in one transaction, as `quiz review` writes it:
each review gets a uid (a UUIDv7 at its time: 48-bit big-endian Unix
milliseconds, version 7, 74 random bits, RFC 9562's variant) and this store's
device (`device.this = 1`), so `quiz sync` and `quiz merge` carry it like any
other; `quiz rebuild --deck DECK` then computes the cards' states from it.

--josh copies a real log (card_id,review_rating,review_time,... as in
py-fsrs's tests). --reviews simulates learners until the log holds exactly that
many reviews: cards started over --years years (from 2021-01-01) at random
times of day; a new card is rated with FSRS's average first-rating shares and
goes through a 10-minute learning step; each later review comes at the FSRS-6
interval for --retention (with 5 % fuzz, and one review in five one to five
days late); whether it is recalled is drawn from the card's true recall
probability (FSRS-6 with the default parameters, each card's difficulty
nudged at random), a recall rated Hard/Good/Easy 15/75/10 %; a lapse is
relearned 10 minutes later. Histories end with the span. The defaults give
about 18 reviews per card (56,613 cards for 1,000,000 reviews); --retention
0.97 gives longer histories."""
import argparse
import csv
import math
import random
import sqlite3
from datetime import datetime, timezone

W = [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614,
     0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542]
DECAY = -W[20]
FACTOR = 0.9 ** (1 / DECAY) - 1
DAY_MS = 86_400_000
START_MS = int(datetime(2021, 1, 1, tzinfo=timezone.utc).timestamp() * 1000)


def recall(stability, days):
    return (1 + FACTOR * days / stability) ** DECAY


def interval(stability, retention=0.9):
    return max(1, round(stability / FACTOR * (retention ** (1 / DECAY) - 1)))


def initial_difficulty(rating):
    return W[4] - math.exp(W[5] * (rating - 1)) + 1


def next_difficulty(difficulty, rating):
    damped = difficulty + (10 - difficulty) * (-W[6] * (rating - 3)) / 9
    return min(10.0, max(1.0, W[7] * initial_difficulty(4) + (1 - W[7]) * damped))


def short_term(stability, rating):
    grow = math.exp(W[17] * (rating - 3 + W[18])) * stability ** -W[19]
    return stability * (max(grow, 1.0) if rating >= 2 else grow)


def after_review(stability, difficulty, days, rating):
    r = recall(stability, days)
    if rating == 1:
        lapse = W[11] * difficulty ** -W[12] * ((stability + 1) ** W[13] - 1) * math.exp((1 - r) * W[14])
        stability = min(lapse, stability / math.exp(W[17] * W[18]))
    else:
        bonus = (W[15] if rating == 2 else 1) * (W[16] if rating == 4 else 1)
        stability *= 1 + math.exp(W[8]) * (11 - difficulty) * stability ** -W[9] * (math.exp((1 - r) * W[10]) - 1) * bonus
    return max(stability, 0.001), next_difficulty(difficulty, rating)


def simulate_card(rng, card, span_days, retention):
    """One card's reviews as (time_ms, card, rating)."""
    now = START_MS + rng.randrange(span_days - 30) * DAY_MS + rng.randrange(8 * 3600_000, 22 * 3600_000)
    end = START_MS + span_days * DAY_MS
    rating = rng.choices((1, 2, 3, 4), (0.24, 0.094, 0.495, 0.171))[0]
    nudge = rng.uniform(-2, 2)
    stability, difficulty = W[rating - 1], min(10.0, max(1.0, initial_difficulty(rating) + nudge))
    out = [(now, card, rating)]
    if rating < 4:
        now += 600_000
        stability, difficulty = short_term(stability, 3), next_difficulty(difficulty, 3)
        out.append((now, card, 3))
    last = now
    while True:
        days = interval(stability, retention) * rng.uniform(0.95, 1.05)
        if rng.random() < 0.2:
            days += rng.randint(1, 5)
        now = last + int(days * DAY_MS)
        if now >= end:
            return out
        elapsed = (now - last) // DAY_MS
        recalled = rng.random() < recall(stability, elapsed)
        rating = rng.choices((2, 3, 4), (0.15, 0.75, 0.10))[0] if recalled else 1
        stability, difficulty = after_review(stability, difficulty, elapsed, rating)
        out.append((now, card, rating))
        if rating == 1:
            now += 600_000
            stability, difficulty = short_term(stability, 3), next_difficulty(difficulty, 3)
            out.append((now, card, 3))
        last = now


def uid_at(rng, time_ms):
    """A UUIDv7 at `time_ms` as 16 bytes, its random bits from `rng` (as
    store::write::uid_at lays them out)."""
    time = min(max(time_ms, 0), (1 << 48) - 1)
    value = time << 80 | 0x7 << 76 | rng.getrandbits(12) << 64 | 0b10 << 62 | rng.getrandbits(62)
    return value.to_bytes(16, "big")


def josh(path):
    with open(path, newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            when = datetime.fromisoformat(row["review_time"])
            yield int(when.timestamp() * 1000), row["card_id"], int(row["review_rating"])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db")
    parser.add_argument("deck")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--josh", metavar="CSV")
    source.add_argument("--reviews", type=int)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--retention", type=float, default=0.9)
    args = parser.parse_args()
    if args.josh:
        reviews = list(josh(args.josh))
    else:
        rng = random.Random(args.seed)
        reviews, card = [], 0
        while len(reviews) < args.reviews:
            reviews.extend(simulate_card(rng, f"card-{card}", args.years * 365, args.retention))
            card += 1
        reviews.sort()
        del reviews[args.reviews:]
    reviews.sort()
    db = sqlite3.connect(args.db)
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version < 7:
        raise SystemExit(f"{args.db}: schema {version}; run any quiz command on it first (reviews need uids from schema 7)")
    if db.execute("SELECT count(*) FROM device WHERE this = 1").fetchone()[0] != 1:
        raise SystemExit(f"{args.db}: no device of its own (device.this = 1)")
    uids = random.SystemRandom()  # fresh ids on every run, as quiz makes them
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO review (deck, card, content_hash, time_ms, rating, response, correct, duration_ms, kind, scheduled,"
        " uid, device) VALUES (?, ?, 'x', ?, ?, '', ?, 5000, 'study', 1, ?, (SELECT id FROM device WHERE this = 1))",
        ((args.deck, card, time, rating, int(rating > 1), uid_at(uids, time)) for time, card, rating in reviews),
    )
    db.commit()
    cards = len({card for _, card, _ in reviews})
    print(f"{args.db}: {len(reviews)} reviews of {cards} cards in deck {args.deck}")


if __name__ == "__main__":
    main()
