"""The canonical record: the report's cleaned text, one row per paragraph, in data/record.csv.

The record is read here and nowhere else, so that tests, data tables and chapters agree
on what "paragraph II.6.2" means.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
RECORD_CSV = REPO_ROOT / "data" / "record.csv"

COLUMNS = ("id", "section", "kind", "text", "seed_lines")
KINDS = ("title", "heading", "paragraph", "bullet", "recipient", "signature")

# Section ids in the report's order. The report's own numbering for I–VI and II.1–II.7;
# short ASCII codes for the parts it leaves unnumbered.
SECTIONS = {
    "TD": "Tiêu đề",
    "MD": "Mở đầu",
    "I": "I",
    "II": "II",
    **{f"II.{n}": f"II.{n}" for n in range(1, 8)},
    "III": "III",
    "IV": "IV",
    "V": "V",
    "VI": "VI",
    "KL": "Kết thúc",
    "NN": "Nơi nhận",
    "CK": "Chữ ký",
}

# "II.6" is the heading of II.6, "II.6.2" its second paragraph, "I.3" the third of I.
# The book page (book/<name>.md) that carries each section; its name is its address.
SECTION_PAGES = {
    "TD": "index",
    "MD": "index",
    "I": "muc-i",
    "II": "muc-ii",
    **{f"II.{n}": f"muc-ii-{n}" for n in range(1, 8)},
    "III": "muc-iii",
    "IV": "muc-iv",
    "V": "muc-v",
    "VI": "muc-vi",
    "KL": "ket-thuc",
    "NN": "ket-thuc",
    "CK": "ket-thuc",
}

_ID_PATTERN = re.compile(r"^(?P<section>II\.[1-7]|[A-Z]+)(?:\.(?P<number>[1-9][0-9]*))?$")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph (or heading, recipient, signature line) of the record."""

    id: str
    section: str
    kind: str
    text: str
    seed_lines: str


class RecordError(ValueError):
    """The record file breaks one of its rules; the message names file, row, column, rule."""


def _check_row(path: Path, row_number: int, row: dict[str, str]) -> Paragraph:
    def fail(column: str, rule: str) -> RecordError:
        return RecordError(f"{path}: row {row_number}, column '{column}': {rule}")

    for column in COLUMNS:
        if row.get(column) is None:
            raise fail(column, "missing value (row is shorter than the header)")
    if row["section"] not in SECTIONS:
        raise fail("section", f"unknown section {row['section']!r}; known: {', '.join(SECTIONS)}")
    match = _ID_PATTERN.match(row["id"])
    if not match or match["section"] != row["section"]:
        raise fail("id", f"{row['id']!r} must be the section id, or the section id and '.N'")
    if row["kind"] not in KINDS:
        raise fail("kind", f"{row['kind']!r} is not one of {', '.join(KINDS)}")
    if (row["kind"] == "heading") != (match["number"] is None):
        raise fail("id", "a heading's id is its section id; every other row's is 'section.N'")
    text = row["text"]
    if not text or text != text.strip() or re.search(r"\s{2,}|\n", text):
        raise fail("text", "must be non-empty, without leading, trailing or repeated spaces")
    if not re.fullmatch(r"[1-9][0-9]*(-[1-9][0-9]*)?", row["seed_lines"]):
        raise fail("seed_lines", f"{row['seed_lines']!r} must be a line number or a range 'a-b'")
    return Paragraph(**{column: row[column] for column in COLUMNS})


def load_record(path: Path = RECORD_CSV) -> list[Paragraph]:
    """Read and check the canonical record, in the report's order."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != COLUMNS:
                raise RecordError(
                    f"{path}: header {reader.fieldnames} must be exactly {list(COLUMNS)}"
                )
            paragraphs = [_check_row(path, n, row) for n, row in enumerate(reader, start=2)]
    except UnicodeDecodeError as error:
        raise RecordError(f"{path}: not UTF-8 ({error})") from error
    seen: set[str] = set()
    for row_number, paragraph in enumerate(paragraphs, start=2):
        if paragraph.id in seen:
            raise RecordError(f"{path}: row {row_number}, column 'id': duplicate {paragraph.id!r}")
        seen.add(paragraph.id)
    order = list(SECTIONS)
    positions = [order.index(p.section) for p in paragraphs]
    if positions != sorted(positions):
        raise RecordError(f"{path}: sections are out of the report's order")
    return paragraphs


def section_paragraphs(section: str, path: Path = RECORD_CSV) -> list[Paragraph]:
    """The rows of one section, heading first."""
    return [p for p in load_record(path) if p.section == section]
