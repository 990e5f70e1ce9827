"""Citable and permanent: addresses, paragraph anchors, citations, bibliography, versions."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pybtex.database import parse_string
from pypdf import PdfReader

from bao_cao.data import load_table
from bao_cao.data.record import REPO_ROOT, load, load_record
from bao_cao.site import cff as citation_file
from bao_cao.site import citation
from bao_cao.site.addresses import read_manifest, site_addresses
from bao_cao.site.citation import REPORT_KEY
from bao_cao.site.cited_work import cited_work, csl_item, ris, work_bibtex

from conftest import PUBLIC_URL, build_html, validate_command, warm_copy
from test_html import toc_pages
from textutil import squeeze

RECORD = load_record()
REPORT = load()  # the record, its sections and their pages
PAGES = REPORT.pages  # section id → page
MANIFEST = set(read_manifest())


def entries(bibtex: str) -> dict:
    """The entries of a BibTeX text, as BibTeX readers see them (pybtex parses it): the
    page of the edition, then the original report (not for a page the edition wrote)."""
    parsed = parse_string(bibtex, "bibtex").entries
    assert len(parsed) == 1 or (list(parsed)[-1] == REPORT_KEY and len(parsed) == 2)
    return dict(parsed)


REPORT_AUTHOR = "Ủy ban nhân dân tỉnh Ninh Thuận"
EDITION_AUTHOR = "Nhóm biên tập ấn bản điện tử"


def page_title(html: BeautifulSoup) -> str:
    return html.select_one("article h1").get_text().rstrip("#").strip()


def page(built_book, name: str) -> BeautifulSoup:
    return BeautifulSoup(built_book.page(name).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("name", toc_pages())
def test_every_page_has_its_address_anchors_and_citation(built_book, name):
    html = page(built_book, name)
    address = f"book/{name}.html"
    assert address in MANIFEST
    for paragraph in REPORT.on_page(name):
        assert f"{address}#{paragraph.id}" in MANIFEST
        assert html.find(id=paragraph.id) is not None, paragraph.id
    block = html.select("div.trich-dan")[-1]  # the Trích dẫn page also cites the book
    reference, bibtex = [pre.get_text().strip() for pre in block.select("pre")]
    # The session's book has its public address (PUBLIC_URL): each page cites its own
    # address in its release, never a relative path.
    version = citation_file.read(built_book.source)["version"]
    address = f"{PUBLIC_URL}/phien-ban/{version}/book/{name}.html"
    assert reference.endswith(f". {address}")
    cited_data = re.search(
        r"phiên bản \d+\.\d+\.\d+ \(phát hành ngày \d\d/\d\d/\d{4}"
        r"(; dữ liệu sha256:(?P<sum>[0-9a-f]{12}))?\)",
        reference,
    )
    assert cited_data
    cited = list(entries(bibtex).values())
    edition = cited[0]
    assert edition.type == "misc"
    assert edition.fields["url"] == address
    assert "urldate" not in edition.fields
    assert edition.fields["version"]
    assert edition.fields["date"]
    carries_report = bool(REPORT.on_page(name))
    # A part of the report is the Committee's, edited by the edition's maker; a page the
    # edition wrote is its maker's. Only the edition's own pages carry a date (the
    # release's); the report states none, so its parts carry none (EDTF "XXXX").
    author = str(edition.persons["author"][0]).strip("{}")
    assert author == (REPORT_AUTHOR if carries_report else EDITION_AUTHOR)
    if carries_report:
        assert str(edition.persons["editor"][0]).strip("{}") == EDITION_AUTHOR
        assert edition.fields["date"] == "XXXX"
        assert "year" not in edition.fields
    else:
        assert edition.fields["year"]
    if carries_report:
        # The report's words: its author first, with what it does not state.
        assert reference.startswith(REPORT_AUTHOR)
        assert "không ghi số văn bản" in reference
        assert "không ghi ngày ban hành" in reference
        assert f"Ấn bản điện tử của {EDITION_AUTHOR}" in reference
        report = cited[1]
        assert report.type == "misc"
        assert "không ghi ngày ban hành" in report.fields["note"]
        assert report.fields["date"] == "XXXX"  # not stated: the inference is in the note
        assert "không sớm hơn ngày 13/10/2023" in report.fields["note"]
        assert str(report.persons["author"][0]).strip("{}") == REPORT_AUTHOR
    else:
        # A page the edition wrote (timeline, glossary, appendix…) is not the report.
        assert reference.startswith(EDITION_AUTHOR)
        assert "Trang của ấn bản, không thuộc văn bản báo cáo" in reference
        assert len(cited) == 1
        assert REPORT_AUTHOR not in bibtex
    footer = html.select_one(".phien-ban").get_text()
    shown = re.match(
        r"Phiên bản \d+\.\d+\.\d+( · dữ liệu sha256:(?P<sum>[0-9a-f]{12}))? · xây dựng ngày",
        footer,
    )
    # The checksum of the data the page shows, the same in its footer and its citation;
    # every page shows data but the versions page.
    assert shown
    assert shown["sum"] == cited_data["sum"]
    assert shown["sum"] or name == "lich-su-phien-ban"
    metas = {m["name"]: m["content"] for m in html.find_all("meta", attrs={"name": True})}
    assert metas["citation_author"] == (REPORT_AUTHOR if carries_report else EDITION_AUTHOR)
    # Highwire Press: the title, author and date the other formats give (the release's
    # date only on the edition's own pages), the page's absolute address.
    # A numbered section by its number and heading ("Mục II.6. Triển khai…"); the front
    # page is the report itself, the closing part by its name (tests/test_citation_formats).
    own_title = re.sub(r"^(?:[IVX]+|\d+)\.\s+", "", page_title(html))
    if metas["citation_title"].startswith("Mục "):
        assert metas["citation_title"].endswith(own_title)
    if carries_report:
        assert "citation_publication_date" not in metas
        # A part is in the report; the front page cites the report itself.
        container = metas.get("citation_inbook_title", "")
        assert container.startswith("Báo cáo tổng kết") or name == "index"
    else:
        assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", metas["citation_publication_date"])
    assert metas["citation_public_url"] == address
    assert re.fullmatch(
        rf"{re.escape(address.rsplit('book/', 1)[0])}[\w.-]+\.pdf", metas["citation_pdf_url"]
    )
    assert html.find("link", rel="canonical")["href"] == address
    # What Zotero's Embedded Metadata translator files the page as: a document of the
    # edition, as the BibTeX says (@misc), not the report itself.
    assert not [name for name in metas if name.startswith("citation_technical_report")]
    assert metas["citation_publisher"] == EDITION_AUTHOR
    # Every page's footer says who wrote the report and who made the edition.
    makers = html.select_one(".tac-gia").get_text(" ")
    assert f"Văn bản báo cáo: {REPORT_AUTHOR}" in makers
    assert EDITION_AUTHOR in makers
    assert not html.select(".component-author")  # not the theme's “Bởi <author>”


def test_the_site_serves_every_frozen_address_and_the_manifest_is_complete(built_book):
    served = site_addresses(built_book.html, load().citable_id())
    assert served <= MANIFEST  # new anchors must be frozen
    assert served >= MANIFEST  # none dropped


def test_paragraph_numbers_are_visible_links(built_book):
    html = page(built_book, "muc-ii-6")
    marker = html.find(id="II.6.2").select_one("a.so-doan")
    assert marker.get_text() == "II.6.2"
    assert marker["href"] == "#II.6.2"


def test_renaming_a_page_without_a_redirect_fails_and_a_redirect_mends_it(built_book, tmp_path):
    source = warm_copy(built_book, tmp_path / "src")
    (source / "book" / "muc-iv.md").rename(source / "book" / "khen-thuong.md")
    toc = source / "_toc.yml"
    toc.write_text(toc.read_text(encoding="utf-8").replace("book/muc-iv", "book/khen-thuong"))
    sections = source / "data" / "sections.csv"  # where section IV is printed
    sections.write_text(
        sections.read_text(encoding="utf-8").replace("IV,IV,muc-iv", "IV,IV,khen-thuong")
    )
    html_log = source / "_build" / "logs" / "html.log"
    written = html_log.stat().st_mtime_ns
    failed = build_html(source)
    assert failed.returncode != 0
    assert "book/muc-iv.html#IV.1" in failed.stderr
    assert "redirect" in failed.stderr
    assert html_log.stat().st_mtime_ns == written  # said from _toc.yml, before any building
    config = source / "_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "redirects: {}", 'redirects: {"book/muc-iv": "khen-thuong.html"}'
        )
    )
    mended = build_html(source)
    assert mended.returncode == 0, mended.stderr
    redirect = (source / "_build" / "html" / "book" / "muc-iv.html").read_text(encoding="utf-8")
    assert "khen-thuong.html" in redirect
    assert "window.location.hash" in redirect


def test_bibliography_lists_every_document_and_mentions_link_to_it(built_book):
    documents = load_table("documents")
    html = page(built_book, "van-ban-vien-dan")
    for document_id in documents["document_id"]:
        assert html.find(id=f"van-ban-{document_id}") is not None, document_id
    entry = html.find(id="van-ban-nq-68-cp").get_text(" ")
    assert "không có trong báo cáo" in entry
    assert "tài liệu tham khảo" in entry
    chapter = page(built_book, "muc-ii-2")
    link = chapter.find("a", href="van-ban-vien-dan.html#van-ban-nq-86-cp")
    assert link.get_text() == "86/NQ-CP"
    bib = (built_book.html / "van-ban-vien-dan.bib").read_text(encoding="utf-8")
    parsed = parse_string(bib, "bibtex").entries
    assert set(parsed) == set(documents["document_id"])
    dated = documents["date"].notna()
    assert {key for key, entry in parsed.items() if entry.type == "techreport"} == set(
        documents.loc[dated, "document_id"]
    )  # an undated document is a @misc: BibTeX asks no year of it
    assert all(parsed[key].fields["date"] == "XXXX" for key in documents.loc[~dated, "document_id"])


def test_glossary_lists_every_term_and_first_uses_link_to_it(built_book):
    glossary = load_table("glossary")
    html = page(built_book, "thuat-ngu")
    terms = [
        dt_.get_text(" ", strip=True).rstrip("¶").strip() for dt_ in html.select("dl.glossary dt")
    ]
    assert sorted(terms) == sorted(glossary["term"])
    chapter = page(built_book, "muc-ii-2")
    links = chapter.find_all("a", href="thuat-ngu.html#thuat-ngu-4-tai-cho")
    assert len(links) == 1  # the first use on the page only


def test_citation_cff_is_valid_and_matches_the_changelog():
    cff, problems = citation_file.check(REPO_ROOT)
    assert [str(problem) for problem in problems] == []
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    latest = re.search(r"^## (\d+\.\d+\.\d+)", changelog, re.MULTILINE)[1]
    assert latest == cff["version"]


def test_filling_in_the_reports_number_and_date_updates_citations(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(REPO_ROOT / "data", book / "data")
    cff = yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    cff["preferred-citation"]["number"] = "999/BC-UBND"
    cff["preferred-citation"]["date-published"] = dt.date(2023, 11, 2)
    cff["url"] = "https://example.invalid/bao-cao"
    (book / "CITATION.cff").write_text(yaml.safe_dump(cff, allow_unicode=True), "utf-8")
    meta = citation.load_metadata(book, built=dt.date(2026, 11, 28))
    text = citation.citation_text(meta, "book/muc-ii-6.html", "Mục II.6", anchor="II.6.2")
    assert text.startswith("Ủy ban nhân dân tỉnh Ninh Thuận (02/11/2023), Báo cáo tổng kết")
    assert "số 999/BC-UBND" in text
    assert "không ghi" not in text
    version = cff["version"]
    address = f"https://example.invalid/bao-cao/phien-ban/{version}/book/muc-ii-6.html"
    assert text.endswith(f"{address}#II.6.2")
    work = cited_work(meta, "k", "book/muc-ii-6.html", "Mục II.6", "6. Triển khai")
    edition, report = entries(work_bibtex(work, meta)).values()
    assert edition.fields["url"] == address
    # The report's date, now known, is the part's date too, in every format.
    assert edition.fields["date"] == "2023-11-02"
    assert csl_item(work)["issued"] == {"date-parts": [[2023, 11, 2]]}
    assert "PY  - 2023" in ris(work)
    assert report.fields["number"] == "999/BC-UBND"
    assert report.fields["year"] == "2023"
    assert report.fields["date"] == "2023-11-02"
    assert "note" not in report.fields


def test_the_hosts_address_is_cited_when_citation_cff_has_none(tmp_path, monkeypatch):
    """The Pages workflow gives the build the address Pages publishes at; CITATION.cff's
    url wins; a new address makes a new build (the stamp names it)."""
    from bao_cao.site import stamp
    from bao_cao.site.names import PUBLIC_URL_VARIABLE

    book = tmp_path / "book"
    shutil.copytree(REPO_ROOT / "data", book / "data")
    cff = yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    cff.pop("url", None)
    (book / "CITATION.cff").write_text(yaml.safe_dump(cff, allow_unicode=True), "utf-8")
    unset = stamp.combined_hash({})
    monkeypatch.setenv(PUBLIC_URL_VARIABLE, "https://owner.github.io/bao-cao/")
    assert stamp.combined_hash({}) != unset
    meta = citation.load_metadata(book, built=dt.date(2026, 11, 28))
    address = f"https://owner.github.io/bao-cao/phien-ban/{cff['version']}/book/muc-ii-6.html"
    assert citation.citation_text(meta, "book/muc-ii-6.html", "Mục II.6").endswith(address)
    cff["url"] = "https://example.invalid/bao-cao"
    (book / "CITATION.cff").write_text(yaml.safe_dump(cff, allow_unicode=True), "utf-8")
    meta = citation.load_metadata(book, built=dt.date(2026, 11, 28))
    assert meta.base_url == "https://example.invalid/bao-cao"


def test_data_checksum_changes_with_the_data(tmp_path):
    data = Path(shutil.copytree(REPO_ROOT / "data", tmp_path / "data"))
    before = citation.data_checksum(data)
    indicators = data / "indicators.csv"
    indicators.write_text(indicators.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert citation.data_checksum(data) != before


@pytest.mark.tex
def test_pdf_has_margin_ids_glossary_bibliography_and_version(built_book):
    reader = PdfReader(built_book.pdf)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "II.6.2" in text
    assert "IV.1" in text
    assert "Văn bản được viện dẫn" in text
    assert "Thuật ngữ và chữ viết tắt" in text
    title_page = reader.pages[0].extract_text()
    # Whitespace dropped: extraction guesses spaces from the fonts' glyph widths.
    assert re.search(r"Phiênbản\d+\.\d+\.\d+·dữliệusha256:[0-9a-f]{12}", squeeze(title_page))


@pytest.mark.tex
def test_the_pdf_cites_the_book_and_links_only_to_addresses_that_work_from_a_saved_copy(
    built_book,
):
    """Its "Trích dẫn" page prints the whole book's citation (Vietnamese and BibTeX); every
    link is absolute (the session's book has its public address): a relative link to a
    data file is dead once the PDF is saved."""
    reader = PdfReader(built_book.pdf)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    version = citation_file.read(built_book.source)["version"]
    assert "Trích dẫn cả ấn bản" in text
    assert "@misc{ubnd-ninh-thuan-covid19-sach," in text
    assert f"{PUBLIC_URL}/phien-ban/{version}/book/index.html" in text.replace(" ", "")
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    ]
    data = [link for link in links if "/_static/du-lieu/" in link]
    assert len(data) >= 19
    assert all(link.startswith(("https://", "http://", "mailto:")) for link in links), [
        link for link in links if not link.startswith(("https://", "http://", "mailto:"))
    ]
    assert f"{PUBLIC_URL}/phien-ban/{version}/_static/du-lieu/du-lieu.zip" in data


CITATION_MISTAKES = {
    "broken YAML": (
        lambda text: text.replace('title: "Báo', "title: Báo: ", 1),
        r"CITATION\.cff, line \d+: not valid YAML \(.*\): check the indentation",
    ),
    "an unquoted version that YAML reads as a number": (
        lambda text: re.sub(r"(?m)^version: .*$", "version: 0.10", text),
        r"CITATION\.cff, line \d+, key 'version', value '0\.10': YAML reads this unquoted version "
        r"as the number 0\.1",
    ),
    "a version that is not three numbers": (
        lambda text: re.sub(r"(?m)^version: .*$", 'version: "v0.2 (bản sửa)"', text),
        r"key 'version', value 'v0\.2 \(bản sửa\)': a version is three numbers",
    ),
    "a release date written day first": (
        lambda text: re.sub(r"(?m)^date-released: .*$", "date-released: 14/12/2026", text),
        r"key 'date-released', value '14/12/2026': dates are written YYYY-MM-DD: write 2026-12-14",
    ),
    "a date that does not exist": (
        lambda text: re.sub(r"(?m)^date-released: .*$", "date-released: 2026-02-30", text),
        r"key 'date-released', value '2026-02-30': not a real date",
    ),
    "a mistyped key": (
        lambda text: re.sub(r"(?m)^version:", "versoin:", text),
        r"key 'versoin': not a key of the Citation File Format 1\.2\.0 "
        r"\(did you mean 'version'\?\)",
    ),
}


@pytest.mark.parametrize("case", list(CITATION_MISTAKES))
def test_a_mistake_in_citation_cff_is_said_as_the_validator_says_it(tmp_path, case):
    change, expected = CITATION_MISTAKES[case]
    shutil.copytree(REPO_ROOT / "data", tmp_path / "data")
    cff = (REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8")
    (tmp_path / "CITATION.cff").write_text(change(cff), encoding="utf-8")
    result = validate_command(str(tmp_path / "data"))
    assert result.returncode == 1
    assert re.search(expected, result.stderr), result.stderr


def test_a_later_review_built_with_sphinx_cross_references_a_paragraph_and_a_term(
    built_book, tmp_path
):
    """A review written as another Sphinx or Jupyter Book project, with this release in
    its intersphinx_mapping (README, "How to cite"), links a paragraph and a glossary term
    to this release's versioned addresses, from the inventory alone."""
    from sphinx.application import Sphinx

    version = citation_file.read(built_book.source)["version"]
    base = f"{PUBLIC_URL}/phien-ban/{version}/"
    review = tmp_path / "review"
    review.mkdir()
    inventory = built_book.html / "objects.inv"
    (review / "conf.py").write_text(
        'extensions = ["sphinx.ext.intersphinx"]\n'
        f"intersphinx_mapping = {{'bao-cao': ({base!r}, {str(inventory)!r})}}\n",
        encoding="utf-8",
    )
    (review / "index.rst").write_text(
        "Review\n======\n\nAs :ref:`bao-cao:II.6.2` says, :term:`bao-cao:UBND` led.\n",
        encoding="utf-8",
    )
    app = Sphinx(
        str(review), str(review), str(review / "_build"), str(review / "_doctrees"), "html",
        status=None, warning=None, freshenv=True, warningiserror=True,
    )  # fmt: skip
    app.build()
    html = BeautifulSoup((review / "_build" / "index.html").read_text("utf-8"), "html.parser")
    links = {a.get_text(): a["href"] for a in html.select("a.reference.external")}
    assert links["Đoạn II.6.2"] == f"{base}book/muc-ii-6.html#II.6.2"
    assert links["UBND"] == f"{base}book/thuat-ngu.html#thuat-ngu-ubnd"
