#!/usr/bin/env bash
# N processes create the same new store at once, T times over. Prints how
# many of the N×T `quiz review` runs failed (each should succeed).
#   bash tools/fresh-store-race.sh [QUIZ_BINARY] [N] [T]
set -uo pipefail
cd "$(dirname "$0")/.."
quiz=${1:-target/release/quiz}
processes=${2:-8}
trials=${3:-40}
deck=$PWD/tests/fixtures/decks/kinds.toml
failed=0
for _ in $(seq 1 "$trials"); do
  work=$(mktemp -d)
  for _ in $(seq 1 "$processes"); do
    (
      QUIZ_DATA_DIR=$work/data XDG_CACHE_HOME=$work/cache \
        "$quiz" review --deck "$deck" --card gevent-year --rating good >/dev/null 2>>"$work/errors" ||
        echo failed >>"$work/failed"
    ) &
  done
  wait
  if [[ -s $work/failed ]]; then
    failed=$((failed + $(wc -l <"$work/failed")))
    sort -u "$work/errors" >&2
  fi
  rm -rf "$work"
done
echo "$failed of $((processes * trials)) runs failed"
