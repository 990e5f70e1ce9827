"""What the outputs of a build depend on, as one hash, and the last good build's.

Everything in the book's folder shapes the site and the PDF (data, chapters, config,
CITATION.cff, the package's code and templates, the pinned requirements, the released
versions) except what only tests, measures or holds outputs. Before anything starts, the
build compares the hash of all that with the one recorded by the last build that
succeeded: equal, and that build made what is asked (the PDF too, if asked), there is
nothing to do. Standard library only: `python -m bao_cao.site.stamp` answers in a tenth
of a second, before the build script looks for packages or Python imports pandas.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path

from bao_cao.site.names import PUBLIC_URL_VARIABLE, SITE_PDF_NAME

# Folders that shape no output: outputs, caches, and the code that only tests or measures
# the book. Hidden files and folders (.git, .venv, .ci, the tools' caches such as the
# tests' .hypothesis) never do either: Sphinx itself leaves them out (exclude_patterns).
NOT_INPUTS = {"_build", "tests", "benchmarks", "__pycache__"}
STAMP = Path("_build") / "last-build.json"
SITE = Path("_build") / "html"


def input_files(source: Path) -> list[Path]:
    files = []
    for folder, subfolders, names in os.walk(source):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if name not in NOT_INPUTS
            and not name.startswith(".")
            and not name.endswith(".egg-info")
        )
        # A .mo is compiled from its .po (an input) by the build itself, into the sources;
        # Excel's "~$name" lock files and editors' backups ("name~", "#name#") are no input.
        files += [
            Path(folder, name)
            for name in names
            if not name.startswith((".", "~$", "#")) and not name.endswith((".mo", "~", "#"))
        ]
    return sorted(files)


def input_digests(source: Path) -> dict[str, str]:
    """Each input's path (relative, POSIX) and the SHA-256 of its bytes: what a build
    starts from, compared again before it publishes (a file saved meanwhile is named)."""
    digests = {}
    for path in input_files(source):
        try:
            digests[path.relative_to(source).as_posix()] = _file_digest(path)
        except FileNotFoundError:
            continue  # removed since the folder was listed (a temporary file): no input
    return digests


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class BadSourceDate(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a whole number of seconds."""


def epoch_of(day: dt.date) -> int:
    """The start of `day` in UTC: what every reader of SOURCE_DATE_EPOCH (Sphinx, TeX,
    matplotlib) turns back into that same day, whatever the machine's time zone."""
    return calendar.timegm(day.timetuple())


def source_date_epoch() -> int:
    """The day the edition is built, as reproducible builds name it: SOURCE_DATE_EPOCH if
    set (a release sets it to its release date, so that it can be made again byte for
    byte), else the start of today (the machine's calendar day, at 00:00 UTC). Pages show
    this day; the PDF and the charts carry it as their date, never the second they were
    written."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return epoch_of(dt.date.today())
    try:
        return int(value)
    except ValueError:
        raise BadSourceDate(
            f"SOURCE_DATE_EPOCH={value!r} is not a date as reproducible builds write it (whole "
            "seconds since 1970-01-01 UTC, e.g. 1796256000); unset it to build with today's date"
        ) from None


def build_day() -> dt.date:
    """The date of source_date_epoch(), as the footers and citations show it."""
    return dt.datetime.fromtimestamp(source_date_epoch(), tz=dt.UTC).date()


def combined_hash(digests: dict[str, str]) -> str:
    """One hash of all the inputs' digests, the build day, the public address given by
    the host (every citation carries it) and the Python that builds."""
    address = os.environ.get(PUBLIC_URL_VARIABLE, "")
    digest = hashlib.sha256(f"{sys.version}\0{source_date_epoch()}\0{address}\0".encode())
    for name, file_digest in sorted(digests.items()):
        digest.update(f"{name}\0{file_digest}\0".encode())
    return digest.hexdigest()


def inputs_hash(source: Path) -> str:
    """A hash of every input's path and bytes, and of the Python that builds."""
    return combined_hash(input_digests(source))


def changed_since(source: Path, snapshot: dict[str, str]) -> list[str]:
    """Inputs added, removed or changed since `snapshot` was taken, by name."""
    now = input_digests(source)
    return sorted(
        name for name in snapshot.keys() | now.keys() if snapshot.get(name) != now.get(name)
    )


def up_to_date(source: Path, pdf: bool, digest: str | None = None) -> bool:
    """The last build succeeded with these very inputs and made what is asked now."""
    try:
        last = json.loads((source / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not (source / SITE / "index.html").is_file():
        return False
    if pdf and not (last.get("pdf") and (source / SITE / SITE_PDF_NAME).is_file()):
        return False
    return last.get("inputs") == (digest or inputs_hash(source))


def record(source: Path, pdf: bool, digest: str) -> None:
    """Say that a build of these inputs succeeded (the PDF too, if `pdf`)."""
    path = source / STAMP
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"inputs": digest, "pdf": pdf}) + "\n", encoding="utf-8")


NOTHING_TO_DO = "Nothing changed since the last build: the site in _build/html is current."


def main(argv: list[str] | None = None) -> int:
    """Exit 0 (and say so) if the last build is current; 1 if a build is needed."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--source", type=Path, default=Path.cwd())
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args(argv)
    if up_to_date(args.source.resolve(), pdf=not args.no_pdf):
        print(NOTHING_TO_DO)
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
