#!/usr/bin/env bash
# Figures for import and export (issue 13): a generated 10,000-note Anki package
# with 100,000 review-log rows imported with its history, and the asyncio deck
# exported in every format. Needs hyperfine, /usr/bin/time and python3 (the
# package is made by the real Anki library in a throw-away venv; set
# ANKI_PYTHON to reuse one that has `anki`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_DIR:-$(mktemp -d)}
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
quiz=$root/target/release/quiz
python=${ANKI_PYTHON:-}
if [ -z "$python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet --disable-pip-version-check anki
  python=$work/venv/bin/python
fi
[ -f "$work/big.apkg" ] || "$python" "$root/tools/gen-big-apkg.py" "$work/big.apkg" --notes 10000 --revlog 100000

echo "== import, 10,000 notes and 100,000 revlog rows"
hyperfine -N --warmup 1 --runs 5 \
  --prepare "rm -rf $work/data" "env QUIZ_DATA_DIR=$work/data $quiz import $work/big.apkg --with-history" \
  --prepare "rm -rf $work/data" "env QUIZ_DATA_DIR=$work/data $quiz import $work/big.apkg"
rm -rf "$work/data"
/usr/bin/time -f "peak memory, import --with-history: %M KB" env QUIZ_DATA_DIR="$work/data" "$quiz" import "$work/big.apkg" --with-history 2>&1 | tail -1

echo "== export of the asyncio deck in every format"
mkdir -p "$work/out"
hyperfine -N --warmup 3 --runs 30 -L format csv,anki-text,apkg,gift,aiken,moodle-xml,kahoot \
  "env QUIZ_DATA_DIR=$work/data $quiz export --deck asyncio --format {format} --out $work/out/asyncio.{format}"
for format in csv anki-text apkg gift aiken moodle-xml kahoot; do
  QUIZ_DATA_DIR="$work/data" "$quiz" export --deck asyncio --format "$format" --out "$work/out/asyncio.$format" --json 2>/dev/null |
    python3 -c "import json, sys; d = json.load(sys.stdin); print(f\"{d['format']:>10}: {d['cards']} of {d['deck_cards']} cards, {len(d['remarks'])} remarks\")"
done
