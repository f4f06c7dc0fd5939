#!/usr/bin/env bash
# How every command scales with the deck and the review log: realistic cards
# (tools/gen-scale-deck.py: the asyncio deck's shapes, Korean translations,
# cited quotes) at 100, 1 k, 10 k and 100 k cards, each with a store of ten
# reviews per card (1,000,000 at 100 k; tools/fill-scale-store.py, then
# `quiz rebuild`). Prints one Markdown table: the median time at each size, the
# ratio of the largest to 100 cards, and the peak RSS at the largest.
# Needs hyperfine and /usr/bin/time (Debian: hyperfine, time) and python3.
#   bash tools/bench-scale.sh [SIZES...]      # default: 100 1000 10000 100000
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
quiz=$PWD/target/release/quiz
work=${BENCH_DIR:-$(mktemp -d)}
sizes=("${@:-100 1000 10000 100000}")
read -r -a sizes <<<"${sizes[*]}"
mkdir -p "$work"
results=$work/results.tsv
: >"$results"

# One row of figures: NAME SIZE median-ms peak-kB. The command runs under
# hyperfine (a prepare step, when given, runs before each timing), then once
# more under /usr/bin/time for its peak memory.
measure() {
  local name=$1 size=$2 prepare=$3; shift 3
  local json=$work/hyperfine.json
  local args=(-N --warmup 1 --min-runs 3 --max-runs 20 -i --export-json "$json" --output=null)
  if [[ -n $prepare ]]; then args+=(--prepare "$prepare"); fi
  hyperfine "${args[@]}" "$*" >/dev/null 2>&1
  local ms
  ms=$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["results"][0]["median"]*1000, 2))' "$json")
  if [[ -n $prepare ]]; then bash -c "$prepare" >/dev/null 2>&1 || true; fi
  local kb
  /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>&1 || true
  kb=$(tail -1 "$work/rss")
  printf '%s\t%s\t%s\t%s\n' "$name" "$size" "$ms" "$kb" >>"$results"
  echo "  $name at $size: $ms ms, ${kb} kB" >&2
}

now_ms=$(($(date +%s) * 1000))
for size in "${sizes[@]}"; do
  dir=$work/$size
  echo "== $size cards" >&2
  python3 tools/gen-scale-deck.py "$size" "$dir" >&2
  python3 tools/gen-scale-deck.py "$size" "$dir/own-tags" --own-tags >/dev/null
  deck=$dir/scale.toml
  export QUIZ_DATA_DIR=$dir/data
  rm -rf "$QUIZ_DATA_DIR"
  card=asyncore-first-module-0
  "$quiz" check "$deck" >/dev/null
  "$quiz" review --deck "$deck" --card "$card" --rating good >/dev/null
  "$quiz" cards --deck "$deck" --json >"$dir/cards.json"
  python3 tools/fill-scale-store.py "$QUIZ_DATA_DIR/progress.sqlite3" "$dir/cards.json" $((size * 10)) "$now_ms" >&2
  "$quiz" rebuild --deck "$deck" >/dev/null
  python3 - "$dir/cards.json" >"$dir/sheet.toml" <<'PY'
import json, sys
cards = json.load(open(sys.argv[1]))
print("[answers]")
for card in cards[:20]:
    print(f'"{card["id"]}" = "x"')
PY
  measure "check" "$size" "" "$quiz" check "$deck"
  measure "review" "$size" "" "$quiz" review --deck "$deck" --card "$card" --rating good
  measure "undo" "$size" "$quiz review --deck $deck --card $card --rating good" "$quiz" undo --deck "$deck"
  measure "suspend" "$size" "$quiz unsuspend --deck $deck --card $card" "$quiz" suspend --deck "$deck" --card "$card"
  "$quiz" unsuspend --deck "$deck" --card "$card" >/dev/null 2>&1 || true
  measure "stats" "$size" "" "$quiz" stats --deck "$deck"
  measure "cards --json" "$size" "" "$quiz" cards --deck "$deck" --json
  measure "export --reviews -" "$size" "" "$quiz" export --deck "$deck" --reviews -
  measure "exam --count 20 --print" "$size" "" "$quiz" exam --deck "$deck" --count 20 --seed 1 --print
  measure "exam --count 20 --print, a tag per card" "$size" "" "$quiz" exam --deck "$dir/own-tags/scale.toml" --count 20 --seed 1 --print
  measure "exam --answers (20 answers)" "$size" "" "$quiz" exam --deck "$deck" --answers "$dir/sheet.toml"
  measure "rebuild" "$size" "" "$quiz" rebuild --deck "$deck"
  # The session on a real pseudo-terminal (one process per run, median of 10).
  scratch=$dir/session-data
  rm -rf "$scratch" && cp -r "$QUIZ_DATA_DIR" "$scratch"
  QUIZ_DATA_DIR=$scratch python3 tools/pty-time.py 10 "$quiz" --deck "$deck" --lang en --auto >"$dir/pty.txt"
  printf '%s\t%s\t%s\t%s\n' "study: first question" "$size" "$(sed -n 's/^first //p' "$dir/pty.txt")" "" >>"$results"
  printf '%s\t%s\t%s\t%s\n' "study: one answer" "$size" "$(sed -n 's/^answer //p' "$dir/pty.txt")" "" >>"$results"
done

python3 - "$results" "${sizes[@]}" <<'PY'
import sys
from collections import OrderedDict
path, sizes = sys.argv[1], sys.argv[2:]
rows = OrderedDict()
for line in open(path):
    name, size, ms, kb = line.rstrip("\n").split("\t")
    rows.setdefault(name, {})[size] = (float(ms) if ms else None, int(kb) if kb else None)
label = lambda size: f"{int(size) // 1000} k" if int(size) >= 1000 else size
print("| command | " + " | ".join(f"{label(s)} cards" for s in sizes) + f" | {label(sizes[-1])} ÷ {label(sizes[0])} | peak RSS at {label(sizes[-1])} |")
print("|---|" + "---:|" * (len(sizes) + 2))
for name, by_size in rows.items():
    cells = []
    for size in sizes:
        ms = by_size.get(size, (None, None))[0]
        cells.append("—" if ms is None else (f"{ms:.1f} ms" if ms < 1000 else f"{ms / 1000:.2f} s"))
    first, last = by_size.get(sizes[0], (None,))[0], by_size.get(sizes[-1], (None, None))
    ratio = f"{last[0] / first:.2f}×" if first and last[0] else "—"
    rss = f"{last[1] / 1024:.0f} MB" if last[1] else "—"
    print(f"| `{name}` | " + " | ".join(cells) + f" | {ratio} | {rss} |")
PY
