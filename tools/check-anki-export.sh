#!/bin/sh
# Anki's own importer reads what `quiz export --format apkg` writes.
#
# Usage: tools/check-anki-export.sh [QUIZ_BINARY]
#
# Reviews a few cards of the bundled asyncio deck in a throw-away data folder,
# exports the deck with its history, writes what Anki must then hold (every card
# a note whose guid is the card's id, its fields and tags as written, its review
# log row by row) with tools/expect-from-apkg.py, and has tools/check-fixtures.sh
# import the package into a fresh Anki collection and compare. Needs python3
# (skipped without it) and PyPI for the `anki` wheel.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
quiz=${1:-$root/target/debug/quiz}
if ! command -v python3 >/dev/null 2>&1; then
    echo "skipped: no python3"
    exit 0
fi
if [ ! -x "$quiz" ]; then
    echo "check-anki-export: no quiz binary at $quiz; build it first (cargo build)" >&2
    exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export QUIZ_DATA_DIR="$tmp/data"

ids=$("$quiz" cards --deck asyncio --json | python3 -c 'import json,sys; print(" ".join(c["id"] for c in json.load(sys.stdin)[:5]))')
day=1
for id in $ids; do
    "$quiz" review --deck asyncio --card "$id" --rating good --now "2026-03-0${day}T10:00:00Z" >/dev/null
    "$quiz" review --deck asyncio --card "$id" --rating again --now "2026-03-0$((day + 1))T10:00:00Z" >/dev/null
    "$quiz" review --deck asyncio --card "$id" --rating good --now "2026-03-0$((day + 1))T10:10:00Z" >/dev/null
    day=$((day + 1))
done
"$quiz" export --deck asyncio --format apkg --out "$tmp/asyncio.apkg" --with-history 2>/dev/null
"$quiz" cards --deck asyncio --json >"$tmp/cards.json"
python3 "$root/tools/expect-from-apkg.py" "$tmp/asyncio.apkg" "$tmp/cards.json" >"$tmp/expect.json"
"$root/tools/check-fixtures.sh" "$tmp/asyncio.apkg" "$tmp/expect.json"
