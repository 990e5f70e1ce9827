#!/usr/bin/env bash
# Build the site (_build/html) and the PDF (_build/html/bao-cao.pdf), installing what
# is missing: Debian's TeX and fonts, a virtual environment with the pinned requirements.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_debian_packages "${BOOK_DEBIAN_PACKAGES[@]}"
ensure_venv requirements.txt
exec "$VENV/bin/python" -m bao_cao.site.build "$@"
