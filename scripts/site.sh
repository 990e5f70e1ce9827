#!/usr/bin/env bash
# The site to publish, in _build/site: assembled from the kept releases (releases/),
# nothing old rebuilt; before the first release, the current build (with its PDF), also
# in its version's folder, where its citations point.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
if compgen -G "releases/*.tar.gz" >/dev/null; then
  ensure_venv requirements.txt
  exec "$VENV/bin/python" -m bao_cao.site.releases assemble
fi
echo "No release kept yet (releases/): publishing the current build."
bash scripts/build.sh
exec "$VENV/bin/python" -m bao_cao.site.releases current
