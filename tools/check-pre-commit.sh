#!/bin/sh
# pre-commit users get `quiz check` from .pre-commit-hooks.yaml: test the hook
# with pre-commit itself.
#
# Usage: tools/check-pre-commit.sh [QUIZ_REPO_DIR]
#
# QUIZ_REPO_DIR (default: this repository) is the quiz git repository to test,
# as `pre-commit try-repo` sees it: its HEAD plus uncommitted changes to files
# git tracks, so a new .pre-commit-hooks.yaml must be committed or `git add`ed.
# Makes a throw-away git repository holding a valid deck and its notes under
# decks/ beside a Cargo.toml and a pyproject.toml, and runs
# `pre-commit try-repo QUIZ_REPO_DIR quiz-check --all-files` there: it must pass
# without checking the two other TOML files; then adds a broken deck, and the
# hook must fail naming its errors.
#
# pre-commit (pinned, from PyPI into a throw-away venv) builds quiz with
# `cargo install` in the release profile, and each try-repo builds it afresh;
# the CARGO_PROFILE_RELEASE_* variables below turn off LTO and optimisation
# for that build, and a shared CARGO_TARGET_DIR keeps the dependencies
# between the two runs (measured on 2 cores: 50-65 s, then 11 s; with the
# repository's own release profile, LTO and one codegen unit, one run took
# 2 min 17 s). pre-commit's store and quiz's data, config and cache folders
# are throw-away too. Says "skipped: ..." and exits 0 without python3, git or
# cargo, when python3 cannot make a venv, or when pre-commit cannot be
# installed (no network).
set -eu

PRE_COMMIT_VERSION=4.7.0

root=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "${1:-$root}" && pwd)

for tool in python3 git cargo; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "skipped: no $tool"
        exit 0
    fi
done
if ! git -C "$repo" ls-files --error-unmatch .pre-commit-hooks.yaml >/dev/null 2>&1; then
    echo "check-pre-commit: $repo/.pre-commit-hooks.yaml is not in git;" \
        "pre-commit try-repo only sees tracked files (git add it)" >&2
    exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! python3 -m venv "$tmp/venv" >"$tmp/venv.log" 2>&1; then
    echo "skipped: python3 cannot make a venv (Debian: apt install python3-venv)"
    exit 0
fi
echo "installing pre-commit $PRE_COMMIT_VERSION from PyPI into a throw-away venv"
if ! "$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-cache-dir \
    "pre-commit==$PRE_COMMIT_VERSION" >"$tmp/pip.log" 2>&1; then
    echo "skipped: pre-commit could not be installed from PyPI: $(tail -n 1 "$tmp/pip.log")"
    exit 0
fi

export PRE_COMMIT_HOME="$tmp/pre-commit-home"
export QUIZ_DATA_DIR="$tmp/data"
export XDG_CONFIG_HOME="$tmp/config"
export XDG_CACHE_HOME="$tmp/cache"
# pre-commit passes its environment on to `cargo install`.
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
export CARGO_PROFILE_RELEASE_OPT_LEVEL=0
export CARGO_PROFILE_RELEASE_DEBUG=false
export CARGO_TARGET_DIR="$tmp/target"

decks=$root/tests/fixtures/decks
work=$tmp/decks-repo
mkdir -p "$work/decks"
git -C "$work" init -q
cp "$decks/kinds.toml" "$decks/kinds.md" "$work/decks/"
cp "$root/Cargo.toml" "$work/Cargo.toml"
printf '[project]\nname = "not-a-deck"\n' >"$work/pyproject.toml"
git -C "$work" add -A

# try_repo WANT: run the hook on every file of the repository; WANT is pass or fail.
try_repo() {
    echo "== pre-commit try-repo $repo quiz-check --all-files ($(git -C "$work" ls-files | tr '\n' ' '))"
    start=$(date +%s)
    status=0
    (cd "$work" && "$tmp/venv/bin/pre-commit" try-repo --color never "$repo" quiz-check \
        --all-files --verbose) >"$tmp/out" 2>&1 || status=$?
    sed 's/^/  | /' "$tmp/out"
    echo "exit status $status after $(($(date +%s) - start)) s"
    case $1 in
        pass) [ "$status" -eq 0 ] || fail "the hook failed on valid decks" ;;
        fail) [ "$status" -ne 0 ] || fail "the hook passed a broken deck" ;;
    esac
}

fail() {
    echo "check-pre-commit: FAILED: $*" >&2
    exit 1
}

# expect TEXT: the last run's output holds TEXT.
expect() {
    grep -qF -- "$1" "$tmp/out" || fail "the output does not hold: $1"
}

# expect_not TEXT: the last run's output does not hold TEXT.
expect_not() {
    ! grep -qF -- "$1" "$tmp/out" || fail "the output holds: $1"
}

echo "pre-commit $("$tmp/venv/bin/pre-commit" --version | cut -d' ' -f2); $(cargo --version)"
try_repo pass
expect "decks/kinds.toml: ok"
expect_not "Cargo.toml"
expect_not "pyproject.toml"

cp "$decks/broken.toml" "$work/decks/broken.toml"
git -C "$work" add -A
try_repo fail
expect "decks/broken.toml:10:1: error[unknown-field]: card \`typo-field\`: unknown field \`promt\`"
expect "decks/broken.toml: FAILED"
expect "decks/kinds.toml: ok"
expect_not "Cargo.toml"
echo "check-pre-commit: ok"
