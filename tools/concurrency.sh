#!/usr/bin/env bash
# Concurrent writers on the same cards: N processes × M `quiz review` each,
# alternating two cards. Prints the reviews logged, the reviews the cached
# states count, and how many cards differ from a replay of the log (rebuild).
#   bash tools/concurrency.sh [QUIZ_BINARY] [N] [M]
set -euo pipefail
cd "$(dirname "$0")/.."
quiz=${1:-target/release/quiz}
processes=${2:-4}
reviews=${3:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QUIZ_DATA_DIR=$work/data XDG_CACHE_HOME=$work/cache
deck=tests/fixtures/decks/kinds.toml
"$quiz" review --deck "$deck" --card gevent-year --rating good >/dev/null
"$quiz" undo --deck "$deck" 2>/dev/null
for worker in $(seq 1 "$processes"); do
  (
    for index in $(seq 1 "$reviews"); do
      if (( (worker + index) % 2 )); then card=stdlib-version; else card=gevent-year; fi
      "$quiz" review --deck "$deck" --card "$card" --rating good >/dev/null
    done
  ) &
done
wait
logged=$("$quiz" export --deck "$deck" --reviews - | tail -n +2 | wc -l)
reps=$("$quiz" cards --deck "$deck" --json | python3 -c 'import json,sys; print(sum(card["reps"] for card in json.load(sys.stdin)))')
before=$("$quiz" cards --deck "$deck" --json)
"$quiz" rebuild --deck "$deck" 2>/dev/null
after=$("$quiz" cards --deck "$deck" --json)
differ=$(python3 -c 'import json,sys; a=json.loads(sys.argv[1]); b=json.loads(sys.argv[2]); print(sum(1 for x,y in zip(a,b) if x!=y))' "$before" "$after")
echo "writers=$processes reviews_each=$reviews logged=$logged reps_in_states=$reps cards_differing_from_replay=$differ"
