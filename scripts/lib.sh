# Shared by scripts/build.sh and scripts/test.sh: install what the book needs, once.
# Sourced, not run. Debian or Ubuntu; apt-get as root, otherwise the exact command to run.

# Debian packages: XeLaTeX with polyglossia and Sphinx's LaTeX packages, latexmk, and
# fonts that cover Vietnamese (Noto Serif/Sans for text, DejaVu Sans Mono for code).
BOOK_DEBIAN_PACKAGES=(
  texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended
  latexmk fonts-noto-core fonts-dejavu-core
)
PYTHON=${PYTHON:-python3.11}
VENV=${VENV:-.venv}

missing_debian_packages() {
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q "install ok installed" \
      || echo "$package"
  done
}

ensure_debian_packages() {
  local missing
  missing=$(missing_debian_packages "$@" | tr '\n' ' ')
  [ -z "${missing// /}" ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "Missing system packages ($missing) and no apt-get: install their equivalents." >&2
    return 1
  fi
  local command="apt-get update && apt-get install -y --no-install-recommends $missing"
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages. Run, then try again:" >&2
    echo "  sudo sh -c '$command'" >&2
    return 1
  fi
  echo "Installing Debian packages: $missing"
  DEBIAN_FRONTEND=noninteractive sh -c "$command"
}

ensure_python() {
  if ! command -v "$PYTHON" >/dev/null || ! "$PYTHON" -c "import ensurepip, venv" 2>/dev/null; then
    ensure_debian_packages python3.11 python3.11-venv
  fi
}

# Create the virtual environment and install pinned requirements; skip when unchanged.
ensure_venv() {
  local requirements=$1 stamp
  ensure_python
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  stamp="$VENV/.installed-$(cat "$requirements" requirements.txt pyproject.toml | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    "$VENV/bin/python" -m pip install --quiet --requirement "$requirements"
    "$VENV/bin/python" -m pip install --quiet --no-deps --editable .
    rm -f "$VENV"/.installed-*
    touch "$stamp"
  fi
}
