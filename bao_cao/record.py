"""The canonical record: the report's cleaned text, one row per paragraph (data/record.csv).

The record is read here and nowhere else, so that tests, data tables and chapters agree
on what "paragraph II.6.2" means. Its rules (ids, kinds, sections, order) are checked by
bao_cao.validate with the rest of the data package; this module only reads.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from bao_cao.data import DATA_DIR, read_text

REPO_ROOT = Path(__file__).resolve().parent.parent
RECORD_CSV = DATA_DIR / "record.csv"
SECTIONS_CSV = DATA_DIR / "sections.csv"
COLUMNS = ("id", "section", "kind", "text", "seed_lines")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph (or heading, recipient, signature line) of the record."""

    id: str
    section: str
    kind: str
    text: str
    seed_lines: str


@dataclass(frozen=True)
class Section:
    """A section of the report: its id, the label readers see, and its book page."""

    id: str
    label: str
    page: str


def _csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(read_text(path))))


def load_record(path: Path = RECORD_CSV) -> list[Paragraph]:
    """The record's rows in the report's order."""
    return [Paragraph(**{column: row[column] for column in COLUMNS}) for row in _csv_rows(path)]


def load_sections(path: Path = SECTIONS_CSV) -> list[Section]:
    """The report's sections in its order."""
    return [Section(row["section_id"], row["label"], row["page"]) for row in _csv_rows(path)]


SECTIONS = {section.id: section for section in load_sections()}
# The book page (book/<name>.md) that carries each section; its name is its address.
SECTION_PAGES = {section.id: section.page for section in SECTIONS.values()}
