"""One citation model, every format a reviewer's tool reads.

What a page cites is a CitedWork, made from the book's metadata (CITATION.cff) and the
page. Every machine-readable form is written from it, so that all say what the page's
Vietnamese citation says (bao_cao.site.citation.citation_text):

- a part of the report (a page of its text, a paragraph) is the Committee's: the part
  ("Mục II.6. Triển khai …") in the report, edited and published by the edition's maker,
  in this version, at its versioned address; the report states no date or number, so
  none is given (a note says so);
- the whole book is the report itself, in the edition;
- a page the edition wrote (the timeline, the glossary, the notes…) is its maker's, in
  the edition, dated by the release.

Formats: BibTeX (@misc, which BibTeX's standard styles and biblatex both print without
a year: @incollection demands one the report does not carry; the container is said in
`howpublished`, the edition's maker in `editor` and in the note, which every style
prints), CSL-JSON (Zotero, Mendeley, citeproc, pandoc: a chapter in a report), RIS
(EndNote, Zotero: CHAP) and the page's citation_* tags.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from bao_cao import wording
from bao_cao.site.citation import (
    ADDRESS_NOT_KNOWN,
    DATE_NOT_STATED,
    BibEntry,
    BookMetadata,
    bibtex,
    report_entry,
)

# "6. Triển khai…", "II. KẾT QUẢ…": a heading's own number, which the part already says.
OWN_NUMBER = re.compile(r"^(?:[IVX]+|\d+)\.\s+")


@dataclass(frozen=True)
class CitedWork:
    """What one citation cites."""

    key: str
    # "part": a part of the report; "report": the whole report; "page": the edition's own.
    kind: str
    author: str
    title: str
    container: str | None
    editor: str
    version: str
    released: dt.date | None
    address: str | None
    # What the report does not state, the edition's release and data, as a note.
    note: str
    # The report's own number and date, once CITATION.cff knows them.
    report_number: str | None = None
    report_date: dt.date | None = None

    @property
    def date(self) -> dt.date | None:
        """The date the work carries: the report's own (none stated), the edition's release
        for its own pages."""
        return self.released if self.kind == "page" else self.report_date


def cited_work(
    meta: BookMetadata,
    key: str,
    page_path: str,
    part: str | None,
    heading: str,
    edition_page: bool = False,
    anchor: str = "",
) -> CitedWork:
    """The work a page (or one of its paragraphs, `anchor`) of this release cites. `part`:
    how the page's citation names it ("Mục II.6", None for the whole book); `heading`:
    the page's title."""
    released = meta.release_statement if meta.released else None
    data = f"dữ liệu sha256:{meta.data_checksum}" if meta.data_checksum else None
    address = meta.address(page_path, anchor)
    edition = "; ".join(filter(None, (f"phiên bản {meta.version}", released, data)))
    known = None if address else ADDRESS_NOT_KNOWN

    def made(kind: str, author: str, title: str, container: str | None, note: str) -> CitedWork:
        return CitedWork(
            key=key, kind=kind, author=author, title=title, container=container,
            editor=meta.edition_author, version=meta.version, released=meta.released,
            address=address, note=" ".join(filter(None, (note, known))),
            report_number=None if kind == "page" else meta.report_number,
            report_date=None if kind == "page" else meta.report_date,
        )  # fmt: skip

    if edition_page:
        note = f"Trang của ấn bản, không thuộc văn bản báo cáo; {edition}."
        return made("page", meta.edition_author, heading, meta.edition_title, note)
    said = f"{meta.not_stated}. " if meta.not_stated else ""
    note = f"{said}{wording.edition()} của {meta.edition_author}, {edition}."
    if part is None:
        title, container, kind = meta.report_title, None, "report"
    else:
        own = OWN_NUMBER.sub("", heading) if part.startswith("Mục ") else ""
        title = f"{part}. {own}" if own and own != part else part
        container, kind = meta.report_title, "part"
    return made(kind, meta.author, title, container, note)


def csl_item(work: CitedWork) -> dict:
    """The work as CSL-JSON (citeproc's item)."""
    item: dict = {
        "id": work.key,
        "type": "report" if work.kind == "report" else "chapter",
        "language": "vi",
        "author": [{"literal": work.author}],
        "title": work.title,
        "publisher": work.editor,
        "version": work.version,
        "note": work.note,
    }
    if work.container:
        item["container-title"] = work.container
    if work.kind != "page":
        item["editor"] = [{"literal": work.editor}]
    if work.report_number and work.kind != "page":
        item["number"] = work.report_number
    if work.date:
        item["issued"] = {"date-parts": [[work.date.year, work.date.month, work.date.day]]}
    if work.address:
        item["URL"] = work.address
    return item


def csl_json(work: CitedWork) -> str:
    return json.dumps([csl_item(work)], ensure_ascii=False, indent=2) + "\n"


def ris(work: CitedWork) -> str:
    """The work as RIS (one record; lines "TAG  - value"; a value is one line)."""
    lines = [("TY", "RPRT" if work.kind == "report" else "CHAP"), ("AU", work.author)]
    lines.append(("TI", work.title))
    if work.container:
        lines.append(("T2", work.container))
    if work.kind != "page":
        lines.append(("A2", work.editor))
    lines += [("PB", work.editor), ("ET", work.version), ("LA", "vi")]
    if work.report_number and work.kind == "report":
        lines.append(("SN", work.report_number))  # on a CHAP record, SN is read as an ISBN
    if work.date:
        lines += [("PY", str(work.date.year)), ("DA", work.date.strftime("%Y/%m/%d"))]
    if work.address:
        lines.append(("UR", work.address))
    lines.append(("N1", work.note))
    # The end tag keeps its space after the dash ("ER  - "): some importers match it exactly.
    kept = [(tag, " ".join(value.split())) for tag, value in lines if value.strip()]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in [*kept, ("ER", "")])


def bibtex_entries(work: CitedWork, meta: BookMetadata) -> list[BibEntry]:
    """The work as BibTeX @misc (see the module's docstring), and for a part of the report
    the report itself after it."""
    fields = {"title": work.title}
    if work.container:
        fields["howpublished"] = f"Trong: {work.container}"
    fields |= {"version": work.version, "language": "vietnamese"}
    date = work.date
    # biblatex asks every entry for a date: where the report states none, EDTF's
    # "year unspecified", which prints as no year (BibTeX's styles ignore `date`).
    fields["date"] = date.isoformat() if date else DATE_NOT_STATED
    if date:
        fields["year"] = str(date.year)
    if work.address:
        fields["url"] = work.address
    fields["note"] = work.note
    editors = () if work.kind == "page" else (work.editor,)
    entry = BibEntry("misc", work.key, work.author, fields, editors)
    return [entry] if work.kind == "page" else [entry, report_entry(meta)]


def work_bibtex(work: CitedWork, meta: BookMetadata) -> str:
    return bibtex(bibtex_entries(work, meta))


def citation_tags(work: CitedWork, pdf_address: str | None) -> list[tuple[str, str]]:
    """Highwire Press citation_* tags (Google Scholar, Zotero's Embedded Metadata)."""
    tags = [("citation_title", work.title), ("citation_author", work.author)]
    if work.container:
        tags.append(("citation_inbook_title", work.container))
    tags += [
        ("citation_publisher", work.editor),
        ("citation_language", "vi"),
        ("citation_version", work.version),
    ]
    if work.date:
        tags.append(("citation_publication_date", work.date.strftime("%Y/%m/%d")))
    if work.address:
        tags.append(("citation_public_url", work.address))
    if pdf_address:
        tags.append(("citation_pdf_url", pdf_address))
    return tags
