"""Citing the book: its metadata (CITATION.cff), version, data checksum, citations.

Everything a reader copies to cite a page is made here from CITATION.cff, so that one
edit there (the report's number and date once known, the site's address) changes every
citation on the next build. Nothing unknown is invented: a missing number or date is
written as not stated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

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


# LaTeX's special characters as BibTeX reads them inside a braced field. Braces are
# written as commands, never as "\{": BibTeX counts braces without regard to backslashes.
BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
BIBTEX_SPECIAL = re.compile("|".join(re.escape(char) for char in BIBTEX_SPECIALS))


def bibtex_text(value: str) -> str:
    """Text as a BibTeX field shows it, literally: "50% & {x}" → "50\\% \\& \\textbraceleft{}x…"."""
    value = " ".join(str(value).split())  # a line break inside a field is only a space
    return BIBTEX_SPECIAL.sub(lambda match: BIBTEX_SPECIALS[match.group()], value)


def bibtex_entry(entry_type: str, key: str, fields: dict[str, str], protect: tuple = ()) -> str:
    """One BibTeX entry, every value escaped; `protect` fields get a second pair of braces
    (an organisation as author: "{Ủy ban nhân dân tỉnh Ninh Thuận}", not a person's name)."""
    lines = []
    for name, value in fields.items():
        text = bibtex_text(value)
        if name in protect:
            text = "{" + text + "}"
        lines.append(f"  {name} = {{{text}}}")
    return f"@{entry_type}{{{key},\n" + ",\n".join(lines) + "\n}"


def citation_bibtex(meta: BookMetadata, key: str, page_path: str, part: str | None) -> str:
    """A BibTeX entry for a page or the whole book (@techreport; unknown fields left out)."""
    fields = {
        "author": meta.author,
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
    return bibtex_entry("techreport", key, fields, protect=("author",))
