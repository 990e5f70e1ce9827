# Shared by scripts/build.sh and scripts/test.sh: install what the book needs, once.
# Sourced, not run. Debian or Ubuntu; apt-get as root, otherwise the exact command to run.

# Debian packages: XeLaTeX with polyglossia and Sphinx's LaTeX packages, latexmk, and
# fonts that cover Vietnamese (Noto Serif/Sans for text, DejaVu Sans Mono for code).
BOOK_DEBIAN_PACKAGES=(
  texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended
  latexmk fonts-noto-core fonts-dejavu-core
)
# The tests also check the BibTeX with biber's data model validator, and read the PDF's
# text as a reader's copy does with poppler's pdftotext (it honours ActualText).
TEST_DEBIAN_PACKAGES=(biber poppler-utils)
VENV=${VENV:-.venv}
# Supported: Python 3.11 to 3.13 (pyproject.toml). The newest one found is used, unless
# PYTHON names another; an existing .venv keeps the Python it was made with.
SUPPORTED_PYTHONS=(python3.13 python3.12 python3.11)

newest_python() {
  local candidate
  for candidate in "${SUPPORTED_PYTHONS[@]}"; do
    if command -v "$candidate" >/dev/null && "$candidate" -c "import ensurepip, venv" 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

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
  if [ -n "${PYTHON:-}" ]; then
    "$PYTHON" -c "import sys, ensurepip, venv; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))" \
      || { echo "PYTHON=$PYTHON is not a Python 3.11 to 3.13 with venv" >&2; return 1; }
    return 0
  fi
  if PYTHON=$(newest_python); then
    return 0
  fi
  # None found with venv: the distribution's own python3 and its venv module (Debian 12
  # packages 3.11, Ubuntu 24.04 3.12, Debian 13 3.13), by their unversioned names.
  ensure_debian_packages python3 python3-venv
  PYTHON=$(newest_python) || { echo "No Python 3.11 to 3.13 with venv found: install one, or name it with PYTHON=" >&2; return 1; }
}

# The file that says `requirements` (a file of pins) is installed as it now reads.
venv_stamp() {
  echo "$VENV/.installed-$(basename "$1" .txt)-$(cat "$1" requirements.txt pyproject.toml | sha256sum | cut -c1-16)"
}

# Create the virtual environment and install pinned requirements; skip when unchanged.
ensure_venv() {
  local requirements=$1 stamp
  # One stamp per requirements file: the build's and the tests' do not undo each other.
  stamp=$(venv_stamp "$requirements")
  # Installed and unchanged: nothing to look for (finding a Python alone takes 0.3 s).
  [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && return 0
  ensure_python
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  # Wheels only (requirements.txt says why each pin has one): no compiler, no headers,
  # whatever Python made the venv.
  # PyICU, pinned before icukit-pyicu, installs the same module (icu): a venv made
  # before the change drops it first.
  "$VENV/bin/python" -m pip uninstall --quiet --yes PyICU 2>/dev/null || true
  "$VENV/bin/python" -m pip install --quiet --only-binary=:all: --requirement "$requirements"
  "$VENV/bin/python" -m pip install --quiet --no-deps --editable .
  # Earlier stamps of this file (a hex digest follows the name: not the other file's).
  rm -f "$VENV/.installed-$(basename "$requirements" .txt)"-[0-9a-f]*
  touch "$stamp"
  # The test requirements include the build's (-r requirements.txt): those are in too.
  if [ "$requirements" != requirements.txt ]; then
    rm -f "$VENV"/.installed-requirements-[0-9a-f]*
    touch "$(venv_stamp requirements.txt)"
  fi
}

# Ask the package index whether every pin of `requirements` has a wheel for each supported
# CPython, from its first release (Debian 12 ships 3.11.2: a pin that needs 3.11.5 fails
# there), on x86-64 Linux with glibc 2.35 (Ubuntu 22.04; Debian 12 and the newer have
# more): resolves without installing or building anything. Needs the network (CI, installs).
check_wheels_for_every_python() {
  local requirements=$1 version report
  for version in 3.11.0 3.12.0 3.13.0; do
    report=$(mktemp)
    "$VENV/bin/python" -m pip install --quiet --dry-run --ignore-installed --report "$report" \
      --only-binary=:all: --implementation cp --python-version "$version" \
      --platform manylinux_2_35_x86_64 --platform manylinux_2_34_x86_64 \
      --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 \
      --platform manylinux2014_x86_64 --target "$(mktemp -d)" --requirement "$requirements" \
      || { echo "Not every pin of $requirements has a wheel for CPython $version" >&2; return 1; }
    "$VENV/bin/python" -c 'import json, sys
items = json.load(open(sys.argv[1]))["install"]
bad = [i["download_info"]["url"] for i in items if not i["download_info"]["url"].endswith(".whl")]
print(f"CPython {sys.argv[2]}: {len(items)} pins, all wheels" if not bad else bad)
sys.exit(bool(bad))' "$report" "$version"
    rm -f "$report"
  done
}

# Each supported Python on this machine, the distribution's own and the others (pyenv's,
# uv's, deadsnakes', a python.org build): README's commands must work with any of them.
other_pythons() {
  local version candidate
  for version in 3.13 3.12 3.11; do
    for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$version".*/bin/python"$version" \
                     /usr/local/bin/python"$version" /opt/python*/bin/python"$version" \
                     /usr/bin/python"$version"; do
      [ -x "$candidate" ] && "$candidate" -c "import ensurepip, venv" 2>/dev/null && echo "$candidate"
    done
  done
}
