#!/usr/bin/env bash
# Build the site (_build/html) and the PDF (_build/html/bao-cao.pdf), installing what
# is missing: Debian's TeX and fonts, a virtual environment with the pinned requirements.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
# Nothing changed since the last good build (bao_cao.site.stamp): done, before looking for
# packages or starting the build.
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -m bao_cao.site.stamp "$@" 2>/dev/null; then
  exit 0
fi
ensure_debian_packages "${BOOK_DEBIAN_PACKAGES[@]}"
ensure_venv requirements.txt
exec "$VENV/bin/python" -m bao_cao.site.build "$@"
