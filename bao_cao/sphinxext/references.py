"""Sphinx extension: the list of documents the report cites and the glossary, from data.

`{danh-muc-van-ban}` renders data/documents.csv as the book's bibliography, one entry per
document with a stable anchor (van-ban-<document_id>) that the record's mentions link to;
each entry says where a date or title comes from outside the report. The build also
writes the same list as BibTeX (van-ban-vien-dan.bib at the site's root) for reference
managers. `{bang-thuat-ngu}` renders data/glossary.csv as a Sphinx glossary; `{cac-moc}` lists the
milestones of data/events.csv as the timeline numbers them. Every value is a text node.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from docutils import nodes
from slugify import slugify
from sphinx.application import Sphinx
from sphinx.domains.std import make_glossary_term
from sphinx.util.docutils import SphinxDirective

from bao_cao import fmt
from bao_cao.data import is_missing, numbered_events, plain
from bao_cao.site.citation import DATE_NOT_STATED, BibEntry
from bao_cao.site.citation import bibtex as write_bibtex_entries
from bao_cao.sphinxext import env_version
from bao_cao.sphinxext.bookdata import book_data
from bao_cao.sphinxext.paragraphs import document_target
from bao_cao.wording import REFERENCE_SOURCE

BIBTEX_FILE = "van-ban-vien-dan.bib"
MEANING_SOURCES = {
    "record": "nghĩa theo báo cáo",
    "both_forms": (
        "báo cáo dùng cả chữ viết tắt và tên đầy đủ, không tự nói chữ này viết tắt chữ kia"
    ),
    "reference": "nghĩa theo tài liệu tham khảo",
    "reading": (
        "cách hiểu của ấn bản theo lối viết tắt thông dụng trong văn bản hành chính, không có "
        "nguồn dẫn; báo cáo không giải thích"
    ),
    "not_stated": "báo cáo không giải thích",
}


def present(value) -> bool:
    return not is_missing(value)


def document_heading(row) -> str:
    """ "Quyết định số 1497/QĐ-TTg"; without a number, the kind alone ("Công điện")."""
    if present(row.number):
        return f"{row.kind} số {row.number}"
    return row.kind


ISSUER_REMARKS = {
    "record": "",
    "reading": " (cơ quan ban hành là cách hiểu của ấn bản)",
    "reference": " (cơ quan ban hành theo tài liệu tham khảo)",
}


def document_entry_text(row) -> list[str]:
    """The parts of a document's entry after its heading: in the order Vietnamese cites a
    numbered document (date, issuer, subject), or as the report names one without a number
    (subject, date, issuer: “Lời kêu gọi phòng, chống … ngày 29/7/2021 của Tổng Bí thư”)."""
    date = None
    if present(row.date_as_written):
        date = f"ngày {row.date_as_written}"
    elif present(row.date):
        date = f"ngày {fmt.date(row.date)}"
    issuer = f"của {row.issuer}{ISSUER_REMARKS[row.issuer_source]}"
    subject = row.subject if present(row.subject) else None
    parts = [date, issuer, subject] if present(row.number) else [subject, date, issuer]
    notes = []
    if present(row.reference_title):
        notes.append(f"Trích yếu theo {REFERENCE_SOURCE}: “{row.reference_title}”.")
    if row.date_source == "reference":
        notes.append(f"Ngày ban hành không có trong báo cáo; lấy theo {REFERENCE_SOURCE}.")
    if present(row.note):
        notes.append(row.note)
    cited = ", ".join(row.cited_in.split(";"))
    notes.append(f"Báo cáo viện dẫn ở mục {cited}.")
    return [" ".join(part for part in parts if part) + ".", *notes]


def glossary_anchor(term: str) -> str:
    """A stable ASCII anchor for a term: "LĐ" → "thuat-ngu-ld" (published: never change)."""
    return "thuat-ngu-" + slugify(term)


def _documents_in_order(documents: pd.DataFrame) -> pd.DataFrame:
    ordered = documents.sort_values(["date", "document_id"], na_position="last", kind="stable")
    return plain(ordered)


class DocumentList(SphinxDirective):
    """The documents the report cites, dated ones by date, then the undated."""

    def run(self) -> list[nodes.Node]:
        book = book_data(self.env.app)
        self.env.note_dependency(str(book.data_dir / "documents.csv"))
        entries = nodes.enumerated_list(classes=["danh-muc-van-ban"])
        for row in _documents_in_order(book.table("documents")).itertuples():
            anchor = document_target(row.document_id)
            item = nodes.list_item(ids=[anchor], names=[anchor])
            self.state.document.note_explicit_target(item)
            paragraph = nodes.paragraph()
            paragraph += nodes.strong(text=document_heading(row))
            first, *notes = document_entry_text(row)
            paragraph += nodes.Text(" " + first)
            item += paragraph
            for note in notes:
                item += nodes.paragraph(text=note, classes=["ghi-chu-van-ban"])
            entries += item
        return [entries]


class Milestones(SphinxDirective):
    """The dated events, numbered as on the timeline chart: "1. 04 và 05/8/2021: …".

    Built as text nodes from data/events.csv: what staff typed is shown as typed, never
    read as markup.
    """

    def run(self) -> list[nodes.Node]:
        book = book_data(self.env.app)
        self.env.note_dependency(str(book.data_dir / "events.csv"))
        events = book.table("events")
        # The edition's own list, set apart from the report's words like its other notes.
        listing = nodes.enumerated_list(classes=["cac-moc", "ghi-chu-bien-tap"])
        for _number, event in numbered_events(events):
            item = nodes.list_item()
            text = f"{event.date_as_written}: {event.event}"
            if present(event.note):
                text += f" ({event.note})"
            item += nodes.paragraph(text=text)
            listing += item
        return [listing]


class Glossary(SphinxDirective):
    """The abbreviations and slogans of the report, as a Sphinx glossary."""

    def run(self) -> list[nodes.Node]:
        book = book_data(self.env.app)
        self.env.note_dependency(str(book.data_dir / "glossary.csv"))
        glossary = plain(
            book.table("glossary").sort_values(
                "term", key=lambda terms: terms.map(fmt.alphabetical), kind="stable"
            )
        )
        definitions = nodes.definition_list(classes=["glossary"])
        for row in glossary.itertuples():
            item = nodes.definition_list_item()
            term = make_glossary_term(
                self.env,
                [nodes.Text(row.term)],
                None,
                self.env.docname,
                self.lineno,
                node_id=glossary_anchor(row.term),
                document=self.state.document,
            )
            definition = nodes.definition()
            meaning = row.meaning if present(row.meaning) else ""
            text = f"{meaning} " if meaning else ""
            source = MEANING_SOURCES[row.meaning_source]
            definition += nodes.paragraph(text=f"{text}({row.kind}; {source}; mục {row.section}.)")
            item += [term, definition]
            definitions += item
        wrapper = nodes.container(classes=["glossary"])
        wrapper += definitions
        return [wrapper]


def bibtex(documents: pd.DataFrame) -> str:
    """The documents as BibTeX (UTF-8), read without complaint by BibTeX and biblatex.

    A dated document is a @techreport (its kind as type, its number, its issuer as the
    institution). A document whose date neither the report nor a reference gives is a
    @misc, the one type BibTeX does not ask a year of; biblatex asks every type for a
    date, which is written as not stated (EDTF "XXXX"), and the note says so.
    """
    entries = []
    for row in _documents_in_order(documents).itertuples():
        _first, *notes = document_entry_text(row)
        # A numbered document by its kind, number and subject; one the report names only
        # in passing by the report's own words ("quy định … áp dụng riêng", not "Quy định").
        title = (
            " ".join(part for part in (document_heading(row), row.subject) if present(part))
            if present(row.number)
            else row.mention
        )
        fields = {
            "title": title,
            "note": " ".join(notes),
        }
        if present(row.date):
            fields["type"] = row.kind
            fields["institution"] = row.issuer
            fields["year"] = str(row.date.year)
            fields["date"] = row.date.strftime("%Y-%m-%d")
            if present(row.number):
                fields["number"] = row.number
            entries.append(BibEntry("techreport", row.document_id, row.issuer, fields))
        else:
            fields["date"] = DATE_NOT_STATED
            if "không ghi ngày" not in fields["note"].lower():
                fields["note"] = (fields["note"] + " Không ghi ngày ban hành.").strip()
            entries.append(BibEntry("misc", row.document_id, row.issuer, fields))
    return (
        "% Văn bản báo cáo viện dẫn; sinh từ data/documents.csv.\n\n"
        + write_bibtex_entries(entries)
        + "\n"
    )


def write_bibtex(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        target = Path(app.outdir, BIBTEX_FILE)
        target.write_text(bibtex(book_data(app).table("documents")), encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.add_directive("danh-muc-van-ban", DocumentList)
    app.add_directive("bang-thuat-ngu", Glossary)
    app.add_directive("cac-moc", Milestones)
    app.connect("build-finished", write_bibtex)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": env_version()}
