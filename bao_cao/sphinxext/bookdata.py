"""What a build has read from the book's folder, made once per process and shared.

Every extension asks `book_data(app)` for the record, its sections and pages, the tables
and CITATION.cff, instead of reading files itself: one reading per build (per process,
when Sphinx reads in parallel), one answer to "which paragraphs are on page X" and
"which table is page X drawn from".
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml
from sphinx.application import Sphinx

from bao_cao.data import load_table
from bao_cao.data.record import Paragraph, Record, load
from bao_cao.site.citation import BookMetadata, load_metadata

BOOK_FOLDER = "book"
READS_KEY = "data_reads"
FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?\n)---\n", re.DOTALL)


def front_matter(source: str) -> dict:
    """A page's YAML front matter (between its opening "---" lines), {} when it has none:
    read from the source text, before Sphinx parses the page (execution keys on it)."""
    match = FRONT_MATTER.match(source)
    return (yaml.safe_load(match["yaml"]) or {}) if match else {}


def declared_reads(source: str) -> list[str] | None:
    """The tables a page declares it reads (front matter `data_reads`), or None.

    For a chapter with code cells: what its cells read (bao_cao.sphinxext.execution keys
    its cache on them). For a page drawn by a directive: the table it is drawn from. The
    first one listed is the page's CSV download.
    """
    reads = front_matter(source).get(READS_KEY)
    return list(reads) if reads is not None else None


@dataclass
class BookData:
    """The record, the tables and the book's metadata, read from one book folder."""

    srcdir: Path
    record: Record
    metadata: BookMetadata
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    _derived: dict[str, object] = field(default_factory=dict, repr=False)

    @classmethod
    def read(cls, srcdir: Path) -> BookData:
        return cls(srcdir, load(srcdir / "data"), load_metadata(srcdir))

    @property
    def data_dir(self) -> Path:
        return self.srcdir / "data"

    def table(self, name: str) -> pd.DataFrame:
        """A table of the data package, typed (read once; each caller gets a copy)."""
        if name not in self._tables:
            self._tables[name] = load_table(name, self.data_dir)
        return self._tables[name].copy()

    def derived(self, key: str, make):
        """Something an extension computes once from this data (a list of mentions …)."""
        if key not in self._derived:
            self._derived[key] = make()
        return self._derived[key]

    @staticmethod
    def page_name(docname: str) -> str:
        """ "book/muc-ii-6" → "muc-ii-6" (the name readers see in addresses)."""
        return docname.removeprefix(f"{BOOK_FOLDER}/")

    def paragraphs(self, docname: str) -> list[Paragraph]:
        """The record's paragraphs on a page, in order."""
        return self.record.on_page(self.page_name(docname))

    def page_reads(self, docname: str) -> list[str]:
        """The tables a page declares it is drawn from (front matter `data_reads`)."""
        chapter = self.srcdir / f"{docname}.md"
        if not chapter.is_file():
            return []
        return declared_reads(chapter.read_text(encoding="utf-8")) or []


# One per Sphinx application (a test process builds several books).
_BOOKS: weakref.WeakKeyDictionary[Sphinx, BookData] = weakref.WeakKeyDictionary()


def book_data(app: Sphinx) -> BookData:
    """The build's one BookData, read at first use."""
    if app not in _BOOKS:
        _BOOKS[app] = BookData.read(Path(app.srcdir))
    return _BOOKS[app]
