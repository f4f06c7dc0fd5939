#!/usr/bin/env bash
# Wall-time and memory figures for the closing notes. Needs hyperfine
# (apt-get install hyperfine) and python3. Run from the repository root:
#   bash tools/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
quiz=$PWD/target/release/quiz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== an empty Rust binary, for scale"
printf 'fn main() {}\n' > "$work/empty.rs"
rustc -O -o "$work/empty" "$work/empty.rs"

echo "== quiz stats --deck asyncio (with a few reviews) beside the empty binary"
export QUIZ_DATA_DIR=$work/data
for card in asyncio-stdlib-version gevent-first-release libuv-in-cpython; do
  "$quiz" review --deck asyncio --card "$card" --rating good >/dev/null
done
hyperfine -N --warmup 3 "$work/empty" "$quiz stats --deck asyncio" "$quiz check --deck asyncio --strict"

echo "== check a generated 100,000-card deck"
python3 tools/gen-big-deck.py 100000 > "$work/big.toml"
ls -l "$work/big.toml" | awk '{print "deck size:", $5, "bytes"}'
hyperfine -N --warmup 1 --runs 5 "$quiz check $work/big.toml"
/usr/bin/time -v "$quiz" check "$work/big.toml" 2>&1 | grep -E "Maximum resident"

echo "== check a deck with 120,000-character choices (linear: once 31 s)"
python3 tools/gen-long-choices.py 120000 > "$work/long.toml"
hyperfine -N --warmup 1 --runs 10 -i "$quiz check $work/long.toml"

echo "== one committed review: a 100-card store vs 100,000 cards with 1,000,000 logged reviews"
# The same small deck file both times, so the figure is the store's: parsing a
# 100,000-card deck file takes ~0.7 s of its own (see above).
python3 tools/gen-big-deck.py 100 > "$work/small.toml"
small=$work/small-data big=$work/big-data
QUIZ_DATA_DIR=$small "$quiz" review --deck "$work/small.toml" --card card-1 --rating good >/dev/null
QUIZ_DATA_DIR=$big "$quiz" review --deck "$work/small.toml" --card card-1 --rating good >/dev/null
python3 tools/fill-store.py "$big/progress.sqlite3" 100000 1000000
hyperfine -N --warmup 5 --runs 100 \
  "env QUIZ_DATA_DIR=$small $quiz review --deck $work/small.toml --card card-2 --rating good" \
  "env QUIZ_DATA_DIR=$big $quiz review --deck $work/small.toml --card card-2 --rating good"

echo "== start to the first question on a pty"
python3 tools/first-question.py "$quiz" "$work/empty"
