"""Citing the book: its metadata (CITATION.cff), version, data checksum, citations.

Everything a reader copies to cite a page is made here from CITATION.cff, so that one
edit there (the report's number and date once known, the site's address) changes every
citation on the next build. Nothing unknown is invented: a missing number or date is
written as not stated, and an address not yet known is said to be so.

A citation names the edition's release (version and date, CITATION.cff `version` and
`date-released`) and the page's address in that release, which never changes once
released: `<url>/phien-ban/<version>/book/muc-ii-6.html` (bao_cao.site.releases keeps
every release). Two BibTeX entries: the edition's page (@misc: BibTeX's standard styles
and biblatex both know it, and it takes version, date, url and note; @online is
biblatex's alone) and the original report (@misc too: its date is not stated, and every
biblatex type needs one; it gets the open range "not before the latest document the
report cites", with a note saying the date is not stated).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pybtex.database
import pybtex.database.output.bibtex

from bao_cao import fmt, wording
from bao_cao.codehash import files_hash
from bao_cao.data.reading import package_paths
from bao_cao.site import cff as citation_file
from bao_cao.site.names import PUBLIC_URL_VARIABLE, RELEASES_FOLDER, release_pdf_name
from bao_cao.site.stamp import build_day

# A date not stated, in the form biblatex reads (EDTF: the year unspecified).
DATE_NOT_STATED = "XXXX"
# What a citation says while CITATION.cff has no url.
ADDRESS_NOT_KNOWN = "Địa chỉ trên mạng: chưa xác định"


@dataclass(frozen=True)
class BookMetadata:
    """What a citation needs to know about the book and the report."""

    edition_title: str
    report_title: str
    # The report's author (the People's Committee), and who made this edition: the two are
    # never confused (a chart, a note or a page of the edition is not the Committee's).
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
    # The report is no older than the latest document it cites (its date is not stated).
    issued_not_before: dt.date | None = None
    edition_author: str = ""
    licence: str = ""

    @property
    def version_line(self) -> str:
        """“Phiên bản 0.1.0 · dữ liệu sha256:… · xây dựng ngày 28/11/2026” (no checksum for
        a page that shows no data)."""
        data = f" · dữ liệu sha256:{self.data_checksum}" if self.data_checksum else ""
        return f"Phiên bản {self.version}{data} · xây dựng ngày {fmt.date(self.built)}"

    @property
    def release_statement(self) -> str:
        """The edition's one date, as the title page and every citation say it."""
        return f"phát hành ngày {fmt.date(self.released)}" if self.released else "chưa phát hành"

    @property
    def not_stated(self) -> str:
        """What the report does not state of itself, as the citations' notes say it
        ("Văn bản không ghi số văn bản và không ghi ngày ban hành"), "" once both are known."""
        unstated = [
            text
            for value, text in (
                (self.report_number, wording.NUMBER_NOT_STATED),
                (self.report_date, wording.DATE_NOT_STATED),
            )
            if not value
        ]
        return f"Văn bản {' và '.join(unstated)}" if unstated else ""

    @property
    def release_root(self) -> str | None:
        """This release's folder on the site: "<url>/phien-ban/0.2.0/", once url is known."""
        if not self.base_url:
            return None
        return f"{self.base_url.rstrip('/')}/{RELEASES_FOLDER}/{self.version}/"

    def address(self, page_path: str, anchor: str = "") -> str | None:
        """The page's address in this release, which never changes; None while CITATION.cff
        has no url (a relative path would resolve to nothing from a reader's document)."""
        root = self.release_root
        if root is None:
            return None
        return root + page_path + (f"#{anchor}" if anchor else "")

    @property
    def pdf_name(self) -> str:
        """The release's PDF, named with its version (bao-cao-0.2.0.pdf)."""
        return release_pdf_name(self.version)


def data_checksum(data_dir: Path, files: list[Path] | None = None) -> str:
    """A short SHA-256 of the data package's files (names and bytes), to tell editions
    apart; of `files` only, for a page that shows those. A stray file in data/ that the
    package does not declare changes nothing (the validator names it)."""
    chosen = files if files is not None else package_paths(data_dir)
    return files_hash(chosen, data_dir)[:12]


def latest_cited_date(data_dir: Path) -> dt.date | None:
    """The date of the latest document the report cites with a date it states itself."""
    path = data_dir / "documents.csv"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8-sig", newline="") as handle:
        dates = [
            dt.date.fromisoformat(row["date"])
            for row in csv.DictReader(handle)
            if row.get("date") and row.get("date_source") == "record"
        ]
    return max(dates, default=None)


def load_metadata(book_dir: Path, built: dt.date | None = None) -> BookMetadata:
    """The book's metadata from CITATION.cff, and its data checksum."""
    cff = citation_file.read(book_dir)
    report = cff.get("preferred-citation", {})
    return BookMetadata(
        issued_not_before=latest_cited_date(book_dir / "data"),
        edition_title=cff["title"],
        report_title=report.get("title", cff["title"]),
        author=(report.get("authors") or cff["authors"])[0]["name"],
        edition_author=cff["authors"][0]["name"],
        licence=str(cff.get("license", "")),
        version=str(cff.get("version", "")),
        released=cff.get("date-released"),
        report_number=report.get("number"),
        report_date=report.get("date-published"),
        # CITATION.cff's url, else the one the host gives (names.PUBLIC_URL_VARIABLE).
        base_url=cff.get("url") or os.environ.get(PUBLIC_URL_VARIABLE) or None,
        data_checksum=data_checksum(book_dir / "data"),
        built=built or build_day(),
        abstract=cff.get("abstract", ""),
        keywords=tuple(cff.get("keywords", ())),
    )


def citation_text(
    meta: BookMetadata,
    page_path: str,
    part: str | None = None,
    anchor: str = "",
    edition_page: bool = False,
) -> str:
    """A Vietnamese reference. A page of the report's text: the report's author (date),
    title, number, part, then the edition and its maker. A page the edition wrote (the
    timeline, the glossary, the appendix…): the edition's maker, the edition, the page."""
    where = f" {part}." if part else ""
    released = f"{meta.release_statement}; " if meta.released else ""
    address = meta.address(page_path, anchor) or f"{ADDRESS_NOT_KNOWN}."
    data = f"dữ liệu sha256:{meta.data_checksum}" if meta.data_checksum else ""
    about = f"{released}{data}".strip("; ")
    edition = f"phiên bản {meta.version}" + (f" ({about})" if about else "") + f". {address}"
    if edition_page:
        year = f"{meta.released.year}" if meta.released else "chưa phát hành"
        return (
            f"{meta.edition_author} ({year}), {meta.edition_title}.{where} Trang của ấn bản, "
            f"không thuộc văn bản báo cáo; {edition}"
        )
    date = fmt.date(meta.report_date) if meta.report_date else wording.DATE_NOT_STATED
    number = f"số {meta.report_number}" if meta.report_number else wording.NUMBER_NOT_STATED
    return (
        f"{meta.author} ({date}), {meta.report_title}, {number}.{where} "
        f"{wording.edition()} của {meta.edition_author}, {edition}"
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
    """pybtex's BibTeX writer, with addresses written verbatim (biblatex reads url so) and
    titles braced whole: BibTeX's styles would lower-case "COVID-19" and "Ninh Thuận"."""

    VERBATIM = frozenset({"url"})
    CASE_KEPT = frozenset({"title"})

    def _write_field(self, stream, type, value):
        if type in self.VERBATIM:
            stream.write(f",\n    {type} = {self.quote(value)}")
        elif type in self.CASE_KEPT:
            stream.write(f",\n    {type} = {self.quote('{' + self._encode(value) + '}')}")
        else:
            super()._write_field(stream, type, value)


@dataclass(frozen=True)
class BibEntry:
    """One BibTeX entry: its type, key, an organisation as author, its fields, and the
    organisations that edited it."""

    entry_type: str
    key: str
    author: str
    fields: dict[str, str]
    editors: tuple[str, ...] = ()


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
        persons = {"author": [pybtex.database.Person("{" + bibtex_text(entry.author) + "}")]}
        if entry.editors:
            persons["editor"] = [
                pybtex.database.Person("{" + bibtex_text(editor) + "}") for editor in entry.editors
            ]
        data.add_entry(
            entry.key, pybtex.database.Entry(entry.entry_type, fields=fields, persons=persons)
        )
    stream = io.StringIO()
    _Writer(encoding="UTF-8").write_stream(data, stream)
    return stream.getvalue().strip()


REPORT_KEY = "ubnd-ninh-thuan-bao-cao-covid19"


def report_entry(meta: BookMetadata) -> BibEntry:
    """The original report: its number and date when known; else said to be not stated
    (the date field, which biblatex asks of every entry, "year unspecified"; what the
    edition infers of it, "not before" the documents it cites, only in the note)."""
    fields = {
        "title": meta.report_title,
        "type": "Báo cáo",
        "organization": meta.author,
        "language": "vietnamese",
    }
    if meta.report_number:
        fields["number"] = meta.report_number
    if meta.report_date:
        fields["date"] = meta.report_date.isoformat()
        fields["year"] = str(meta.report_date.year)
    if meta.not_stated:
        note = meta.not_stated
        if not meta.report_date:
            fields["date"] = DATE_NOT_STATED
        if not meta.report_date and meta.issued_not_before:
            note += (
                f"; ban hành không sớm hơn ngày {fmt.date(meta.issued_not_before)}, ngày của "
                "văn bản mới nhất mà báo cáo viện dẫn"
            )
        fields["note"] = note + "."
    return BibEntry("misc", REPORT_KEY, meta.author, fields)
