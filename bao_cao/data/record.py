"""The canonical record: the report's cleaned text, one row per paragraph (data/record.csv).

The record is read here and nowhere else, so that tests, data tables and chapters agree
on what "paragraph II.6.2" means. Its rules (ids, kinds, sections, order) are checked by
bao_cao.data.validate with the rest of the data package; this module only reads.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from bao_cao.data.reading import DATA_DIR, read_text

REPO_ROOT = Path(__file__).resolve().parents[2]
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


@dataclass(frozen=True)
class Record:
    """The report: its paragraphs and sections, and which page carries which.

    The one answer to "which paragraphs belong to page X" and "what is a section id", for
    the extensions, the address check, the validator and the tests.
    """

    paragraphs: tuple[Paragraph, ...]
    sections: tuple[Section, ...]

    @property
    def pages(self) -> dict[str, str]:
        """The book page (book/<name>.md) that carries each section; its name is its address."""
        return {section.id: section.page for section in self.sections}

    def on_page(self, page: str) -> list[Paragraph]:
        """The paragraphs page `page` (a name like "muc-ii-6") carries, in order."""
        pages = self.pages
        return [p for p in self.paragraphs if pages.get(p.section) == page]

    def numbered_section(self, page: str) -> Section | None:
        """The numbered section (I, II.6 …) a page carries, if it carries one."""
        return next((s for s in self.sections if s.page == page and s.label == s.id), None)

    def citable_id(self) -> re.Pattern[str]:
        """What a paragraph id looks like: a section id, optionally ".N" (II.6, II.6.2)."""
        ids = "|".join(re.escape(s.id) for s in sorted(self.sections, key=lambda s: -len(s.id)))
        return re.compile(rf"^({ids})(\.[1-9]\d*)?$")


def load(data_dir: Path = DATA_DIR) -> Record:
    """The record and its sections from a data folder.

    Read when asked, never at import: a broken sections.csv must reach the validator's
    message, not fail the import of every module that reads the record.
    """
    return Record(
        tuple(load_record(data_dir / RECORD_CSV.name)),
        tuple(load_sections(data_dir / SECTIONS_CSV.name)),
    )


def word_differences(expected: str, actual: str) -> list[tuple[str, str]]:
    """Where two texts differ, word by word: [("quyết liệt", "quyết tâm"), …].

    Each difference is shown with the word before it (or after it, at the start), so that
    a reader can find it and neither side of a word added or left out is empty.
    """
    old, new = expected.split(), actual.split()
    differences = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i1 > 0 and j1 > 0:
            i1, j1 = i1 - 1, j1 - 1
        else:
            i2, j2 = min(i2 + 1, len(old)), min(j2 + 1, len(new))
        differences.append((" ".join(old[i1:i2]), " ".join(new[j1:j2])))
    return differences


def describe_differences(
    expected: str, actual: str, expected_name: str, actual_name: str, limit: int = 3
) -> str:
    """ "the source says 'quyết liệt', record.csv says 'quyết tâm'; …" for a message."""
    differences = word_differences(expected, actual)
    parts = [
        f"{expected_name} says '{old}', {actual_name} says '{new}'"
        for old, new in differences[:limit]
    ]
    if len(differences) > limit:
        parts.append(f"and {len(differences) - limit} more difference(s)")
    return "; ".join(parts)
