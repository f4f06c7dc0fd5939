#!/bin/sh
# Check Anki packages with Anki's own importer (tools/verify-apkg.py).
#
# Usage: tools/check-fixtures.sh [PACKAGE EXPECT.json]...
#
# Always verifies the self-test pair (tests/fixtures/import/apkg/modern.apkg against
# verify-selftest.json), then every PACKAGE EXPECT.json pair given; CI passes the
# package `quiz export` wrote and the expectation for it, for example
#     tools/check-fixtures.sh "$tmp/exported.apkg" "$tmp/exported-expect.json"
# (see verify_package below and the schema at the top of tools/verify-apkg.py).
#
# Makes a throw-away venv with the pinned anki from PyPI, unless ANKI_PYTHON names a
# python that already has anki $ANKI_VERSION installed. Exits 0 with
# "skipped: no python3" when python3 is missing; 1 when a package does not match.
set -eu

ANKI_VERSION=26.9.3
root=$(cd "$(dirname "$0")/.." && pwd)
fixtures=$root/tests/fixtures/import/apkg

if [ $(($# % 2)) -ne 0 ]; then
    echo "usage: $0 [PACKAGE EXPECT.json]..." >&2
    exit 2
fi

if [ -n "${ANKI_PYTHON:-}" ]; then
    python=$ANKI_PYTHON
else
    if ! command -v python3 >/dev/null 2>&1; then
        echo "skipped: no python3"
        exit 0
    fi
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    if ! python3 -m venv "$tmp/venv"; then
        echo "check-fixtures: python3 cannot create a venv;" \
            "install its venv module (Debian: apt install python3-venv)" >&2
        exit 2
    fi
    "$tmp/venv/bin/pip" install --quiet --disable-pip-version-check "anki==$ANKI_VERSION"
    python=$tmp/venv/bin/python
fi

# Import PACKAGE into a fresh Anki collection and compare it with EXPECT.json.
verify_package() {
    "$python" "$root/tools/verify-apkg.py" "$1" "$2"
}

status=0
verify_package "$fixtures/modern.apkg" "$fixtures/verify-selftest.json" || status=1
while [ $# -gt 0 ]; do
    verify_package "$1" "$2" || status=1
    shift 2
done
exit $status
