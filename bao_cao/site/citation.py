"""Citing the book: its metadata (CITATION.cff), version, data checksum, citations.

Everything a reader copies to cite a page is made here from CITATION.cff, so that one
edit there (the report's number and date once known, the site's address) changes every
citation on the next build. Nothing unknown is invented: a missing number or date is
written as not stated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pybtex.database
import pybtex.database.output.bibtex
import yaml

from bao_cao import fmt

# The name under which the whole-book PDF is published in the site (linked from every page).
SITE_PDF_NAME = "bao-cao.pdf"


@dataclass(frozen=True)
class BookMetadata:
    """What a citation needs to know about the book and the report."""

    edition_title: str
    report_title: str
    author: str
    version: str
    released: dt.date | None
    report_number: str | None
    report_date: dt.date | None
    base_url: str | None
    data_checksum: str
    built: dt.date
    abstract: str = ""
    keywords: tuple[str, ...] = ()

    @property
    def version_line(self) -> str:
        """“Phiên bản 0.1.0 · dữ liệu sha256:… · xây dựng ngày 28/11/2026”."""
        return (
            f"Phiên bản {self.version} · dữ liệu sha256:{self.data_checksum} · "
            f"xây dựng ngày {fmt.date(self.built)}"
        )

    def address(self, page_path: str) -> str:
        """The page's permanent address: absolute once CITATION.cff has the site's url."""
        if self.base_url:
            return self.base_url.rstrip("/") + "/" + page_path
        return page_path


def data_checksum(data_dir: Path) -> str:
    """A short SHA-256 of every file in data/ (names and bytes), to tell editions apart."""
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(data_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def load_metadata(book_dir: Path, built: dt.date | None = None) -> BookMetadata:
    """The book's metadata from CITATION.cff, and its data checksum."""
    cff = yaml.safe_load((book_dir / "CITATION.cff").read_text(encoding="utf-8"))
    report = cff.get("preferred-citation", {})
    return BookMetadata(
        edition_title=cff["title"],
        report_title=report.get("title", cff["title"]),
        author=cff["authors"][0]["name"],
        version=str(cff.get("version", "")),
        released=cff.get("date-released"),
        report_number=report.get("number"),
        report_date=report.get("date-published"),
        base_url=cff.get("url"),
        data_checksum=data_checksum(book_dir / "data"),
        built=built or dt.date.today(),
        abstract=cff.get("abstract", ""),
        keywords=tuple(cff.get("keywords", ())),
    )


def citation_text(meta: BookMetadata, page_path: str, part: str | None = None) -> str:
    """A Vietnamese reference (author (date), title, number, part, edition, address)."""
    date = fmt.date(meta.report_date) if meta.report_date else "không ghi ngày ban hành"
    number = f"số {meta.report_number}" if meta.report_number else "không ghi số văn bản"
    where = f" {part}." if part else ""
    return (
        f"{meta.author} ({date}), {meta.report_title}, {number}.{where} "
        f"Ấn bản điện tử, phiên bản {meta.version} (dữ liệu sha256:{meta.data_checksum}), "
        f"xây dựng ngày {fmt.date(meta.built)}. {meta.address(page_path)}"
    )


# BibTeX is written by pybtex, which escapes % & # _ itself (latexcodec). The other
# characters LaTeX would read as commands are written here as commands that print them;
# braces as commands too, never as "\{": BibTeX counts braces without regard to backslashes.
LATEX_COMMAND_CHARACTERS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
LATEX_COMMAND_CHARACTER = re.compile("|".join(re.escape(char) for char in LATEX_COMMAND_CHARACTERS))


def bibtex_text(value: str) -> str:
    """Text that pybtex will write literally: "\\input{x}" → "\\textbackslash{}input…"."""
    value = " ".join(str(value).split())  # a line break inside a field is only a space
    return LATEX_COMMAND_CHARACTER.sub(lambda m: LATEX_COMMAND_CHARACTERS[m.group()], value)


class _Writer(pybtex.database.output.bibtex.Writer):
    """pybtex's BibTeX writer, with addresses written verbatim (biblatex reads url so)."""

    VERBATIM = frozenset({"url"})

    def _write_field(self, stream, type, value):
        if type in self.VERBATIM:
            stream.write(f",\n    {type} = {self.quote(value)}")
        else:
            super()._write_field(stream, type, value)


@dataclass(frozen=True)
class BibEntry:
    """One BibTeX entry: its type, key, an organisation as author, and its fields."""

    entry_type: str
    key: str
    author: str
    fields: dict[str, str]


def bibtex(entries: list[BibEntry]) -> str:
    """The entries as BibTeX, every value written as the literal text it holds."""
    data = pybtex.database.BibliographyData()
    for entry in entries:
        fields = [
            (name, value if name in _Writer.VERBATIM else bibtex_text(value))
            for name, value in entry.fields.items()
        ]
        # An organisation, braced: "{Ủy ban nhân dân tỉnh Ninh Thuận}" is not a person's
        # first and last name.
        author = pybtex.database.Person("{" + bibtex_text(entry.author) + "}")
        data.add_entry(
            entry.key,
            pybtex.database.Entry(entry.entry_type, fields=fields, persons={"author": [author]}),
        )
    stream = io.StringIO()
    _Writer(encoding="UTF-8").write_stream(data, stream)
    return stream.getvalue().strip()


def citation_bibtex(meta: BookMetadata, key: str, page_path: str, part: str | None) -> str:
    """A BibTeX entry for a page or the whole book (@techreport; unknown fields left out)."""
    fields = {
        "title": meta.report_title,
        "institution": meta.author,
        "type": "Báo cáo",
        "note": "; ".join(
            part
            for part in (
                None if meta.report_number else "Số văn bản không ghi trong văn bản",
                None if meta.report_date else "ngày ban hành không ghi trong văn bản",
                part,
                f"ấn bản điện tử, phiên bản {meta.version}, dữ liệu sha256:{meta.data_checksum}",
            )
            if part
        ),
        "url": meta.address(page_path),
        "urldate": meta.built.isoformat(),
        "language": "vietnamese",
    }
    if meta.report_number:
        fields["number"] = meta.report_number
    if meta.report_date:
        fields["year"] = str(meta.report_date.year)
        fields["date"] = meta.report_date.isoformat()
    return bibtex([BibEntry("techreport", key, meta.author, fields)])
