#!/usr/bin/env bash
# Run the tests, installing what they need first (the build's needs and the test tools).
# Arguments go to pytest, e.g. `scripts/test.sh -k html -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
# Browser tests drive Debian's Chromium through Playwright (its own browser download fails here).
ensure_debian_packages "${BOOK_DEBIAN_PACKAGES[@]}" chromium
ensure_venv requirements-test.txt
exec "$VENV/bin/python" -m pytest "$@"
