#!/usr/bin/env bash
# Run the tests, installing what they need first (the build's needs and the test tools).
# Arguments go to pytest, e.g. `scripts/test.sh -k html -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
# Browser tests drive Chromium through Playwright: Debian's where it is packaged (Playwright's
# own download is not reachable on every network); on Ubuntu, where chromium is only a snap,
# Playwright's own build.
if grep -qi '^ID=ubuntu' /etc/os-release 2>/dev/null; then
  ensure_debian_packages "${BOOK_DEBIAN_PACKAGES[@]}" "${TEST_DEBIAN_PACKAGES[@]}"
  ensure_venv requirements-test.txt
  "$VENV/bin/python" -m playwright install --with-deps chromium
  export BAO_CAO_CHROMIUM=playwright
else
  ensure_debian_packages "${BOOK_DEBIAN_PACKAGES[@]}" "${TEST_DEBIAN_PACKAGES[@]}" chromium
  ensure_venv requirements-test.txt
fi
exec "$VENV/bin/python" -m pytest "$@"
