#!/bin/sh
# A real browser takes a `quiz serve` exam: headless Chromium, driven by
# Selenium, through tools/browser-test.py.
#
# Usage: tools/browser-check.sh [QUIZ_BINARY]
#
# Without QUIZ_BINARY, builds quiz (cargo build) and takes
# ${CARGO_TARGET_DIR:-target}/debug/quiz. Needs Chromium and its chromedriver:
# when missing, installs them with apt-get (as root, or in CI with sudo -n);
# when they still cannot be had, says "skipped: ..." and exits 0. Selenium
# comes from PyPI into a throw-away venv, and uses the system chromedriver
# only (SE_OFFLINE: Selenium Manager downloads nothing). quiz runs with a
# throw-away QUIZ_DATA_DIR.
set -eu

SELENIUM_VERSION=4.51.0

root=$(cd "$(dirname "$0")/.." && pwd)

if ! command -v python3 >/dev/null 2>&1; then
    echo "skipped: no python3"
    exit 0
fi

find_browser() {
    browser=${CHROMIUM:-}
    if [ -z "$browser" ]; then
        for candidate in chromium chromium-browser google-chrome; do
            if command -v "$candidate" >/dev/null 2>&1; then
                browser=$(command -v "$candidate")
                break
            fi
        done
    fi
    driver=${CHROMEDRIVER:-$(command -v chromedriver 2>/dev/null || true)}
    [ -n "$browser" ] && [ -n "$driver" ]
}

# The packages to install: Chromium and its driver if missing, and venv
# support when python3 cannot make one (Debian splits it off).
need_venv() {
    ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1
}

packages=""
find_browser || packages="chromium chromium-driver"
need_venv && packages="$packages python3-venv"
if [ -n "$packages" ]; then
    reason=""
    if ! command -v apt-get >/dev/null 2>&1; then
        reason="no apt-get"
    elif [ "$(id -u)" = 0 ]; then
        sudo=""
    elif [ -n "${CI:-}" ] && command -v sudo >/dev/null 2>&1; then
        sudo="sudo -n"
    else
        reason="not root and not in CI: install chromium and chromium-driver yourself"
    fi
    if [ -z "$reason" ]; then
        echo "installing $packages with apt-get"
        # shellcheck disable=SC2086 # $sudo and $packages are word lists
        if ! ($sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $packages) \
            >"${TMPDIR:-/tmp}/browser-check-apt.log" 2>&1; then
            reason="apt-get install $packages failed: $(tail -n 1 "${TMPDIR:-/tmp}/browser-check-apt.log")"
        fi
    fi
    if ! find_browser; then
        echo "skipped: no Chromium could be installed (${reason:-chromium or chromedriver still missing})"
        exit 0
    fi
    if need_venv; then
        echo "skipped: python3 cannot make a venv (${reason:-install python3-venv})"
        exit 0
    fi
fi
echo "$("$browser" --version 2>/dev/null | head -n 1); $("$driver" --version | head -n 1)"

if [ $# -ge 1 ]; then
    quiz=$1
else
    (cd "$root" && cargo build --locked --quiet)
    target=${CARGO_TARGET_DIR:-target}
    case $target in
        /*) ;;
        *) target=$root/$target ;; # cargo ran in $root
    esac
    quiz=$target/debug/quiz
fi
if [ ! -x "$quiz" ]; then
    echo "browser-check: no quiz binary at $quiz; build it first (cargo build)" >&2
    exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check "selenium==$SELENIUM_VERSION"

export QUIZ_DATA_DIR="$tmp/data"
export SE_OFFLINE=true
export CHROMIUM="$browser"
export CHROMEDRIVER="$driver"
if command -v timeout >/dev/null 2>&1; then
    timeout 150 "$tmp/venv/bin/python" "$root/tools/browser-test.py" "$quiz"
else
    "$tmp/venv/bin/python" "$root/tools/browser-test.py" "$quiz"
fi
