#!/usr/bin/env bash
# Figures for `quiz sync` and `quiz merge` (issue 17) at a million reviews:
#   a. store A filled by tools/gen-review-store.py (deck asyncio, REVIEWS
#      reviews) and rebuilt; `quiz sync --dir F` on A (export of every entry),
#      then on an empty store B (import of every entry and refold of every
#      card); `quiz merge A/progress.sqlite3` into an empty store C;
#   b. 100 new reviews on A (`quiz review`, on the deck's cards in turn), A
#      syncs them out, then `quiz sync --dir F` on B (100 entries into a
#      million-entry store), and a sync with nothing new on B;
#   c. 100 new reviews from another device D on the generated cards with the
#      longest histories, then `quiz sync --dir F` on B (the costliest refold).
# Each timing is of the release binary; a step that changes a store runs on a
# copy restored before each run. Peak RSS is /usr/bin/time's. Last, the card
# states B and C folded are compared with A's (they must be equal).
# Needs python3 and /usr/bin/time (Debian: time); uses hyperfine for the short
# steps when it is installed, else a loop. Scratch data (about 2 GB at a
# million reviews) lives in a temp dir removed on exit (KEEP=1 keeps it).
#   bash tools/bench-sync.sh
#   REVIEWS=100000 RUNS=1 SMALL_RUNS=10 QUIZ=path/to/quiz bash tools/bench-sync.sh
# QUIZ: the binary (default: cargo build --release, CARGO_TARGET_DIR honoured).
# RUNS: runs of each million-entry step (3); SMALL_RUNS: of each short one (20).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
reviews=${REVIEWS:-1000000}
runs=${RUNS:-3}
small_runs=${SMALL_RUNS:-20}
new_reviews=100
if [[ -z ${QUIZ:-} ]]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
  QUIZ=${CARGO_TARGET_DIR:-$root/target}/release/quiz
fi
quiz=$(realpath "$QUIZ")
have_hyperfine=$(command -v hyperfine >/dev/null && echo 1 || echo 0)

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-sync.XXXXXX")
cleanup() {
  if [[ ${KEEP:-0} == 1 ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
# Never the user's configuration or data; merge's snapshot of A goes to TMPDIR.
export XDG_CONFIG_HOME=$work/config TMPDIR=$work/tmp
unset QUIZ_DATA_DIR
mkdir -p "$XDG_CONFIG_HOME" "$TMPDIR"
folder=$work/folder
results=$work/results.tsv
: >"$results"
: >"$work/sizes.tsv"

# q STORE ARGS...: quiz on the store in $work/STORE.
q() {
  local store=$1; shift
  QUIZ_DATA_DIR=$work/$store "$quiz" "$@"
}
# The command line `q STORE ARGS...` stands for, for hyperfine and time.
qcmd() {
  local store=$1; shift
  echo env "QUIZ_DATA_DIR=$work/$store" "$quiz" "$@"
}
# save STORE COPY: keeps a copy of $work/STORE as $work/COPY; restore_cmd
# STORE COPY: the command that puts it back, flushed to disk (else the timed
# sync's fsync would write out the whole copy: 60 ms at a million reviews).
save() { rm -rf "${work:?}/$2"; cp -a "$work/$1" "$work/$2"; }
restore_cmd() { echo "rm -rf $work/$1 && cp -a $work/$2 $work/$1 && sync $work/$1/progress.sqlite3"; }
# A prepare step as a script file (hyperfine runs it without a shell).
prepare_script() {
  local name=$1; shift
  printf '%s\n' 'set -e' "$@" >"$work/prepare-$name.sh"
  echo "$work/prepare-$name.sh"
}
size() { stat -c %s "$1"; }
human() { numfmt --to=iec --suffix=B --format='%.1f' "$1"; }

# row STEP RUNS MEDIAN_MS MIN_MS MAX_MS PEAK_KB
row() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"
  printf '  %-58s %3s run(s): median %9s ms (%s–%s), peak %s kB\n' "$@" >&2
}

note_size() { printf '%s\t%s\n' "$1" "$(size "$2")" >>"$work/sizes.tsv"; }

# same_states STORE OTHER REVIEWS: both hold REVIEWS reviews and the same card
# states (OTHER's folded by sync or merge, STORE's by rebuild and review).
same_states() {
  python3 - "$work/$1/progress.sqlite3" "$work/$2/progress.sqlite3" "$3" <<'PY' >&2
import sqlite3, sys
def read(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    count = db.execute("SELECT count(*) FROM review").fetchone()[0]
    states = db.execute("SELECT deck, card, phase, step, stability, difficulty, due_ms, last_review_ms, reps, lapses,"
                        " first_review_ms, suspended, buried_until_ms, leech_ms FROM card_state ORDER BY deck, card")
    return count, states.fetchall()
(count, states), (other_count, other_states) = read(sys.argv[1]), read(sys.argv[2])
assert count == other_count == int(sys.argv[3]), f"reviews: {count}, {other_count}, wanted {sys.argv[3]}"
assert states == other_states, f"card states differ: {sys.argv[1]}, {sys.argv[2]}"
print(f"  check: {sys.argv[2]} holds the same {count} reviews and {len(states)} card states")
PY
}

stats() { # ms values on stdin -> "median min max"
  python3 -c 'import statistics, sys; v = [float(x) for x in sys.stdin.read().split()]
print(f"{statistics.median(v):.1f} {min(v):.1f} {max(v):.1f}")'
}

# slow STEP RUNS PREPARE CMD...: RUNS times (PREPARE, untimed; then CMD under
# /usr/bin/time: wall time and peak RSS). The last run's result stays.
slow() {
  local step=$1 n=$2 prepare=$3; shift 3
  local times=() peak=0 i start end kb
  for ((i = 0; i < n; i++)); do
    [[ -z $prepare ]] || bash "$prepare"
    start=$(date +%s%N)
    /usr/bin/time -f %M -o "$work/rss" "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
    end=$(date +%s%N)
    kb=$(tail -1 "$work/rss")
    ((kb > peak)) && peak=$kb
    times+=("$(((end - start) / 1000))e-3")
  done
  read -r median min max < <(printf '%s\n' "${times[@]}" | stats)
  row "$step" "$n" "$median" "$min" "$max" "$peak"
  tail -2 "$work/out" | sed 's/^/    /' >&2
}

# fast STEP RUNS PREPARE CMD...: like slow, with hyperfine when installed
# (then one more prepared run under /usr/bin/time for the peak RSS).
fast() {
  local step=$1 n=$2 prepare=$3; shift 3
  if [[ $have_hyperfine == 0 ]]; then
    slow "$step" "$n" "$prepare" "$@"
    return
  fi
  local args=(-N --runs "$n" --export-json "$work/hyperfine.json" --output=pipe --style=none)
  [[ -z $prepare ]] && args+=(--warmup 2) || args+=(--prepare "bash $prepare")
  hyperfine "${args[@]}" "$*" >/dev/null
  local median min max
  read -r median min max < <(python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["results"][0]
print(" ".join(format(r[key] * 1000, ".1f") for key in ("median", "min", "max")))' "$work/hyperfine.json")
  [[ -z $prepare ]] || bash "$prepare"
  /usr/bin/time -f %M -o "$work/rss" "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
  row "$step" "$n" "$median" "$min" "$max" "$(tail -1 "$work/rss")"
  tail -2 "$work/out" | sed 's/^/    /' >&2
}

echo "== quiz: $quiz ($("$quiz" --version | tr "\n" " ")); hyperfine: $([[ $have_hyperfine == 1 ]] && hyperfine --version || echo no)" >&2
echo "== scratch: $work" >&2

# ---- a. a full sync of $reviews entries
echo "== store A: $reviews generated reviews" >&2
q a sync --status --dir "$folder" >/dev/null # creates the store (schema 7, its device)
rmdir "$folder" 2>/dev/null || true
slow "generate A (gen-review-store.py, SQL)" 1 "" python3 "$root/tools/gen-review-store.py" \
  "$work/a/progress.sqlite3" asyncio --reviews "$reviews"
slow "quiz rebuild --deck asyncio (A)" 1 "" $(qcmd a rebuild --deck asyncio)
save a a.rebuilt
a_device=$(q a sync --status --dir "$work" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["device"])')
a_file=$folder/$a_device.jsonl

echo "== a. full sync" >&2
slow "A: sync --dir F, export of $reviews entries" "$runs" \
  "$(prepare_script export "rm -rf $folder" "$(restore_cmd a a.rebuilt)")" $(qcmd a sync --dir "$folder")
# B starts empty each run (its own store and device); the files earlier runs of
# B left in F go too.
slow "B (empty): sync --dir F, import of $reviews + refold" "$runs" \
  "$(prepare_script import "rm -rf $work/b" "find $folder -name '*.jsonl' ! -name $a_device.jsonl -delete")" \
  $(qcmd b sync --dir "$folder")
slow "C (empty): merge A/progress.sqlite3 ($reviews)" "$runs" \
  "$(prepare_script merge "rm -rf $work/c")" $(qcmd c merge "$work/a/progress.sqlite3")
same_states a b "$reviews"
same_states a c "$reviews"
note_size "A store ($reviews reviews)" "$work/a/progress.sqlite3"
note_size "A's sync file ($reviews entries)" "$a_file"
note_size "B store after the import" "$work/b/progress.sqlite3"
note_size "C store after the merge" "$work/c/progress.sqlite3"
rm -rf "${work:?}/c" "$work/a.rebuilt" # room on the disk

# ---- b. incremental sync
echo "== b. $new_reviews new reviews on A, then incremental sync" >&2
mapfile -t cards < <(q a cards --deck asyncio --json | python3 -c 'import json, sys
for card in json.load(sys.stdin): print(card["id"])')
start=$(date +%s%N)
for ((i = 0; i < new_reviews; i++)); do
  q a review --deck asyncio --card "${cards[i % ${#cards[@]}]}" --rating good >/dev/null
done
end=$(date +%s%N)
per=$(python3 -c "print(f'{($end - $start) / 1e6 / $new_reviews:.1f}')")
row "A: quiz review, $new_reviews times (per review)" "$new_reviews" "$per" - - -
save a a.reviewed
file_length=$(size "$a_file")
fast "A: sync --dir F, sends $new_reviews" "$runs" \
  "$(prepare_script send "$(restore_cmd a a.reviewed)" "truncate -s $file_length $a_file" "sync $a_file")" $(qcmd a sync --dir "$folder")
save b b.imported
fast "B: sync --dir F, $new_reviews new into $reviews" "$small_runs" \
  "$(prepare_script incremental "$(restore_cmd b b.imported)")" $(qcmd b sync --dir "$folder")
fast "B: sync --dir F, nothing new (no-op)" "$small_runs" "" $(qcmd b sync --dir "$folder")
fast "A: sync --dir F, nothing new (no-op)" "$small_runs" "" $(qcmd a sync --dir "$folder")

same_states a b $((reviews + new_reviews))
note_size "A's sync file after the new reviews" "$a_file"
note_size "B store after the new reviews" "$work/b/progress.sqlite3"
for other in "$folder"/*.jsonl; do
  [[ $other == "$a_file" ]] || note_size "B's sync file (header only)" "$other"
done

# ---- c. incremental sync onto long histories: step b's reviews touch the
# bundled deck's real cards, which have a review or two here; these come from
# another device D and land on generated cards with their whole histories.
echo "== c. $new_reviews new reviews from device D on cards with long histories" >&2
q d sync --status --dir "$work" >/dev/null # creates D's store
python3 - "$work/d/progress.sqlite3" "$work/a/progress.sqlite3" "$new_reviews" <<'PY'
import os, sqlite3, sys
d, a, count = sqlite3.connect(sys.argv[1]), sqlite3.connect(f"file:{sys.argv[2]}?mode=ro", uri=True), int(sys.argv[3])
newest = a.execute("SELECT max(time_ms) FROM review").fetchone()[0]
cards = [row[0] for row in a.execute(
    "SELECT card FROM review WHERE card LIKE 'card-%' GROUP BY card ORDER BY count(*) DESC LIMIT ?", (count,))]
def uid(ms):
    random = bytearray(os.urandom(10))
    random[0] = 0x70 | (random[0] & 0x0F)
    random[2] = 0x80 | (random[2] & 0x3F)
    return ms.to_bytes(6, "big") + bytes(random)
with d:
    for index, card in enumerate(cards):
        ms = newest + 86_400_000 + index * 60_000
        d.execute("INSERT INTO review (deck, card, content_hash, time_ms, rating, response, correct, duration_ms,"
                  " kind, scheduled, uid, device) VALUES ('asyncio', ?, 'h', ?, 3, '', 1, 1000, 'study', 1, ?,"
                  " (SELECT id FROM device WHERE this = 1))", (card, ms, uid(ms)))
histories = a.execute(f"SELECT avg(n) FROM (SELECT count(*) AS n FROM review WHERE card IN ({','.join('?' * len(cards))})"
                      " GROUP BY card)", cards).fetchone()[0]
print(f"  D: {len(cards)} reviews of cards with {histories:.0f} reviews each on A", file=sys.stderr)
PY
q d sync --dir "$folder" >/dev/null
save b b.before-d
fast "B: sync --dir F, $new_reviews new onto long histories" "$small_runs" \
  "$(prepare_script long "$(restore_cmd b b.before-d)")" $(qcmd b sync --dir "$folder")

echo
echo "quiz sync / merge, $reviews reviews ($(nproc) cores; hyperfine: $([[ $have_hyperfine == 1 ]] && echo yes || echo no))"
echo
echo "| step | runs | median ms | min–max ms | peak RSS |"
echo "|---|---:|---:|---:|---:|"
while IFS=$'\t' read -r step n median min max kb; do
  rss=-
  [[ $kb == - ]] || rss="$(human $((kb * 1024)))"
  echo "| $step | $n | $median | $min–$max | $rss |"
done <"$results"
echo
echo "| file | size |"
echo "|---|---:|"
while IFS=$'\t' read -r what bytes; do
  echo "| $what | $(human "$bytes") ($bytes bytes) |"
done <"$work/sizes.tsv"
