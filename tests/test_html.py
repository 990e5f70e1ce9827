"""The site: every page, every paragraph of the record in order, in Vietnamese."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from bao_cao.data import load_table
from bao_cao.data.record import REPO_ROOT, load, load_record
from bao_cao.site.addresses import toc_files
from bao_cao.site.names import SITE_PDF_NAME
from bao_cao.sphinxext.editorial import footnoted

from conftest import build_html, warm_copy
from textutil import editorial_notes, normalise

RECORD = load_record()
REPORT = load()  # the record, its sections and their pages
PAGES = REPORT.pages  # section id → page


def toc_pages() -> list[str]:
    """Page names in _toc.yml order."""
    return [name.removeprefix("book/") for name in toc_files(REPO_ROOT)]


def toc_page_paths() -> list[str]:
    """The pages' paths in the site ("book/index.html", …), in _toc.yml order."""
    return [f"book/{name}.html" for name in toc_pages()]


def soup(built_book, page: str) -> BeautifulSoup:
    return BeautifulSoup(built_book.page(page).read_text(encoding="utf-8"), "html.parser")


def article(built_book, page: str) -> BeautifulSoup:
    """The page's article with what the edition adds around the text taken out."""
    main = soup(built_book, page).select_one("article.bd-article")
    for added in main.select(
        "a.footnote-reference, aside.footnote-list, section.footnotes, a.headerlink, "
        ".ghi-chu-bien-tap, .toctree-wrapper, p.rubric, hr.footnotes, .so-doan-wrapper"
    ):
        added.decompose()
    return main


# Pages the edition adds after the report, drawn from data/ rather than the report's text.
EDITION_PAGES = [
    "dong-thoi-gian",
    "van-ban-vien-dan",
    "thuat-ngu",
    "phu-luc-boi-canh-dich-benh",
    "du-lieu",
    "ghi-chu-bien-tap",
    "ve-an-ban",
    "trich-dan",
    "lich-su-phien-ban",
    "thay-doi-du-lieu",
]


def test_toc_lists_every_section_page_in_the_reports_order():
    expected = list(dict.fromkeys(PAGES[p.section] for p in RECORD))
    assert toc_pages() == expected + EDITION_PAGES


@pytest.mark.parametrize("page", toc_pages())
def test_page_exists_in_vietnamese(built_book, page):
    html = soup(built_book, page)
    assert html.html["lang"] == "vi"


@pytest.mark.parametrize("page", toc_pages())
def test_every_paragraph_of_the_record_appears_in_order(built_book, page):
    text = normalise(article(built_book, page).get_text(""))
    position = 0
    for paragraph in REPORT.on_page(page):
        if paragraph.section == "TD" and paragraph.kind == "title" and paragraph.id == "TD.1":
            continue  # the page's title, checked below
        found = text.find(paragraph.text, position)
        assert found >= 0, f"{paragraph.id} missing or out of order on {page}: {paragraph.text}"
        position = found + len(paragraph.text)


@pytest.mark.parametrize("page", toc_pages())
def test_each_paragraph_is_its_own_block(built_book, page):
    """A bullet is its own list item, a paragraph its own <p>: never run together."""
    main = article(built_book, page)
    items = {normalise(li.get_text("")) for li in main.find_all("li")}
    blocks = {normalise(p.get_text("")) for p in main.find_all("p")} | {
        normalise(div.get_text(" ")) for div in main.select("div.tieu-de-bao-cao")
    }
    for paragraph in REPORT.on_page(page):
        if paragraph.kind in ("bullet", "recipient"):
            assert paragraph.text in items, paragraph.id
        elif paragraph.kind in ("paragraph", "signature") or paragraph.id == "TD.2":
            assert paragraph.text in blocks, paragraph.id


def test_headings_show_the_reports_own_numbering(built_book):
    """Page titles are the report's headings: no automatic '1.' or 'Chương' before them."""
    for paragraph in (p for p in RECORD if p.kind == "heading" and p.section != "NN"):
        h1 = article(built_book, PAGES[paragraph.section]).find("h1")
        assert normalise(h1.get_text(" ")) == paragraph.text
    assert normalise(article(built_book, "index").find("h1").get_text(" ")) == "BÁO CÁO"


def test_navigation_shows_the_reports_numbering(built_book):
    nav = soup(built_book, "muc-ii-6").select_one("nav.bd-docs-nav")
    links = [normalise(a.get_text(" ")) for a in nav.select("a.reference")]
    headings = [p.text for p in RECORD if p.kind == "heading" and p.section != "NN"]
    assert [link for link in links if link in headings] == headings
    assert not any(re.match(r"^(Chương|Chapter)\b", link) for link in links)


def test_each_error_of_the_report_is_marked_with_an_editorial_note(built_book):
    """The policy: a slip of the meaning has its note in the text (a footnote after its
    words, a box under a heading); the others are only listed; every one is on the page
    of editorial notes, linked to its paragraph. The report's words are never changed."""
    section_of = {p.id: p.section for p in RECORD}
    listing = soup(built_book, "ghi-chu-bien-tap").select("table.danh-sach-ghi-chu tbody tr")
    notes = editorial_notes()
    assert len(listing) == len(notes)
    for note, row in zip(notes, listing, strict=True):
        page = PAGES[section_of[note["paragraph_id"]]]
        html = soup(built_book, page).select_one("article.bd-article")
        text = normalise(html.get_text(" "))
        assert note["original"] in text or note["original"] in normalise(html.get_text())
        cells = [normalise(cell.get_text(" ")) for cell in row.select("td")]
        assert cells[:3] == [note["paragraph_id"], f"“{note['original']}”", note["kind"]]
        assert cells[-1] == note["note"]
        assert row.select_one("a")["href"] == f"{page}.html#{note['paragraph_id']}"
        notes_in_text = [
            normalise(n.get_text(" ")) for n in html.select(".footnote, .ghi-chu-tieu-de")
        ]
        shown = any(note["note"] in n and "Ấn bản:" in n for n in notes_in_text)
        assert shown == footnoted(note["kind"]), note
        if footnoted(note["kind"]) and note["paragraph_id"] != section_of[note["paragraph_id"]]:
            paragraph = html.find(id=note["paragraph_id"])
            assert paragraph.select("a.footnote-reference"), note


def test_front_page_says_what_the_record_does_not_state(built_book):
    text = normalise(soup(built_book, "index").get_text(" "))
    assert "Số văn bản: không ghi trong văn bản" in text
    assert "Ngày ban hành: không ghi trong văn bản" in text
    assert "3079/BTĐKT-P.II" in text


def test_theme_labels_are_vietnamese(built_book):
    html = soup(built_book, "muc-ii-6")
    chrome = " ".join(
        [normalise(html.get_text(" "))]
        + [el.get(attr, "") for el in html.find_all(True) for attr in ("title", "aria-label")]
    )
    for english in ("Search", "Contents", "Toggle", "Skip to main", "Back to top", "By "):
        assert english not in chrome
    for wrong in ("Phóng", "Tìm Kiếm", "Chủ đề sách nhân sư"):
        assert wrong not in chrome


@pytest.mark.parametrize("page", toc_pages())
def test_every_page_links_to_the_pdf(built_book, page):
    link = soup(built_book, page).select_one("a.tai-pdf")
    target = (built_book.page(page).parent / link["href"]).resolve()
    assert target == (built_book.html / SITE_PDF_NAME).resolve()
    assert target.read_bytes().startswith(b"%PDF")


def test_only_toc_files_are_built(built_book):
    built = {path.stem for path in (built_book.html / "book").glob("*.html")}
    assert built == set(toc_pages())
    assert not list(built_book.html.rglob("README.html"))


def test_a_warning_fails_the_build(built_book, tmp_path):
    """Strict builds: a broken cross-reference stops the build with a non-zero exit."""
    source = warm_copy(built_book, tmp_path / "src")
    chapter = source / "book" / "muc-iv.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + "\nXem {ref}`khong-co-nhan-nay`.\n",
        encoding="utf-8",
    )
    result = build_html(source)
    assert result.returncode != 0
    assert "jupyter-book html failed" in result.stderr


def test_stray_markdown_files_do_not_break_or_join_the_build(built_book, tmp_path):
    """Tool caches and notes beside the book (.pytest_cache/README.md, notes.md) are no pages."""
    source = warm_copy(built_book, tmp_path / "src")
    (source / ".pytest_cache").mkdir()
    (source / ".pytest_cache" / "README.md").write_text("# Cache\n", encoding="utf-8")
    (source / "notes.md").write_text("# Ghi chép\n", encoding="utf-8")
    result = build_html(source)
    assert result.returncode == 0, result.stderr
    assert not (source / "_build" / "html" / "notes.html").exists()


def test_bad_data_stops_the_build_and_leaves_the_site_untouched(built_book, tmp_path):
    source = warm_copy(built_book, tmp_path / "src")
    page = source / "_build" / "html" / "book" / "muc-ii-6.html"
    before = page.read_bytes(), page.stat().st_mtime_ns
    indicators = source / "data" / "indicators.csv"
    indicators.write_text(
        indicators.read_text(encoding="utf-8").replace(",62.31,", ',"62,31",'), encoding="utf-8"
    )
    result = build_html(source)
    assert result.returncode != 0
    assert "data/indicators.csv, row 3, column 'value', value '62,31'" in result.stderr
    assert (page.read_bytes(), page.stat().st_mtime_ns) == before


def test_the_data_page_describes_every_table_and_field_of_the_package(built_book):
    """Generated from datapackage.json: a table or field added there appears here."""
    descriptor = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text("utf-8"))
    html = soup(built_book, "du-lieu")
    for resource in descriptor["resources"]:
        section = html.find(id=f"bang-{resource['name'].replace('_', '-')}")
        assert section is not None, resource["name"]
        fields = resource["schema"]["fields"]
        assert " ".join(section.h2.get_text().split()).rstrip("#").strip() == resource["title"]
        assert f"Tên bảng: {resource['name']}." in section.get_text()
        # A table with a licence or a source of its own says it (the series from outside
        # the report is under no licence of the edition's; the documents cite the notes).
        for licence in resource.get("licenses", []):
            assert f"Giấy phép: {licence['title']}" in section.get_text()
        for source in resource.get("sources", []):
            if "tai-lieu-tham-khao" in source.get("path", ""):
                assert source["title"] in section.get_text()
        terms = section.select("dl.cot-du-lieu > dt")
        assert [term.code.get_text(strip=True) for term in terms] == [f["name"] for f in fields]
        assert [term.strong.get_text() for term in terms] == [f["title"] for f in fields]
        described = [d.p.get_text() for d in section.select("dl.cot-du-lieu > dd")]
        assert described == [f["description"] for f in fields]
        # The English kept for reuse elsewhere is never shown here.
        for english in [resource.get("x-en", {})] + [f.get("x-en", {}) for f in fields]:
            for text in english.values():
                assert text not in section.get_text(), text
        rows = len(load_table(resource["name"]))
        assert f"Số dòng: {rows}" in section.get_text()
        link = section.find("a", href=re.compile(re.escape(resource["path"]) + "$"))
        assert (built_book.html / "book" / link["href"]).is_file()


def test_the_whole_data_package_downloads_as_one_zip(built_book):
    import zipfile

    from bao_cao.data import package_paths

    data = REPO_ROOT / "data"
    archive = zipfile.ZipFile(built_book.html / "_static" / "du-lieu" / "du-lieu.zip")
    names = set(archive.namelist())
    # The whole package: its tables, its README, the report's text and the reference notes.
    assert names == {f"du-lieu/{p.relative_to(data).as_posix()}" for p in package_paths(data)}
    assert {"du-lieu/README.md", "du-lieu/source/tai-lieu-tham-khao.md"} <= names
    assert (
        archive.read("du-lieu/indicators.csv")
        == (REPO_ROOT / "data" / "indicators.csv").read_bytes()
    )


def test_every_page_links_the_workbook_and_the_data_page_says_which_file_is_for_excel(built_book):
    from bao_cao.site.workbook import WORKBOOK_NAME, workbook_bytes

    workbook = built_book.html / "_static" / "du-lieu" / WORKBOOK_NAME
    assert workbook.read_bytes() == workbook_bytes(REPO_ROOT / "data")
    for page in toc_pages():
        link = soup(built_book, page).select_one(".du-lieu-cua-an-ban a[download]")
        assert link is not None, page
        assert (built_book.page(page).parent / link["href"]).resolve() == workbook.resolve()
    # The package's CSVs stay as machines read them (no BOM, the data's own bytes); the
    # page says so beside the workbook, the Excel route. A page's own CSV has a BOM.
    descriptor = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text("utf-8"))
    for resource in descriptor["resources"]:
        copy = built_book.html / "_static" / "du-lieu" / resource["path"]
        assert copy.read_bytes() == (REPO_ROOT / "data" / resource["path"]).read_bytes()
        assert not copy.read_bytes().startswith(b"\xef\xbb\xbf")
    excel = soup(built_book, "du-lieu").find("a", href=re.compile(re.escape(WORKBOOK_NAME) + "$"))
    said = excel.parent.get_text(" ")
    assert "không có BOM" in said
    assert "Excel" in said
    for csv_file in (built_book.html / "_static" / "tai-ve").glob("*.csv"):
        assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf"), csv_file.name


def test_a_page_with_a_chart_offers_its_chart_table_as_csv(built_book):
    """II.6's CSV button gives the vaccination figures its chart draws, under Vietnamese
    column titles, not the page's paragraphs."""
    import csv
    import io

    from bao_cao.data import field_titles
    from bao_cao.data.needs import VACCINATION

    titles = field_titles(("indicators",))
    html = soup(built_book, "muc-ii-6")
    href = html.select_one("a.tai-csv")["href"]
    text = (built_book.page("muc-ii-6").parent / href).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(titles.values())
    assert [row[0] for row in rows[1:]] == list(VACCINATION)
    written = {
        r["indicator_id"]: r for r in load_table("indicators", as_written=True).to_dict("records")
    }
    for row in rows[1:]:
        assert row == list(written[row[0]].values())


def test_a_pages_csv_is_its_data_under_vietnamese_titles_and_only_where_it_shows_data(
    built_book,
):
    """The timeline's CSV holds its documents and its numbered events; the appendix's the
    weeks it draws; a page that shows no data offers no CSV."""
    import csv
    import io

    from bao_cao.data import field_titles
    from bao_cao.figures import TABLE_COLUMN, WEEK_CASES, WEEK_FROM, WEEK_TO

    descriptor = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text("utf-8"))
    fields = [f for resource in descriptor["resources"] for f in resource["schema"]["fields"]]
    english = {f["name"] for f in fields} - {f["title"] for f in fields}
    offered = {}
    for page in toc_pages():
        link = soup(built_book, page).select_one("a.tai-csv")
        if link is None:
            continue
        text = (built_book.page(page).parent / link["href"]).read_text(encoding="utf-8-sig")
        offered[page] = list(csv.DictReader(io.StringIO(text)))
    assert "ve-an-ban" not in offered
    assert "trich-dan" not in offered
    assert {"muc-ii-6", "muc-i", "dong-thoi-gian", "phu-luc-boi-canh-dich-benh"} <= set(offered)
    for page, rows in offered.items():
        assert rows, page
        assert not set(rows[0]) & english, page  # no field name as a header
    timeline = offered["dong-thoi-gian"]
    assert len({row[TABLE_COLUMN] for row in timeline}) == 2  # documents, then events
    events = set(load_table("events", as_written=True)["event_id"])
    event_id = field_titles(("events",))["event_id"]
    assert events <= {row[event_id] for row in timeline}
    weeks = [row for row in offered["phu-luc-boi-canh-dich-benh"] if row[WEEK_CASES]]
    assert weeks
    assert all(row[WEEK_FROM] < row[WEEK_TO] for row in weeks)


def test_every_page_links_to_the_data_page(built_book):
    for page in toc_pages():
        link = soup(built_book, page).select_one(".du-lieu-cua-an-ban a")
        assert link is not None, page
        assert link["href"] in ("du-lieu.html", "#"), page


def test_the_book_title_links_to_the_front_page_from_every_page(built_book):
    """On the front page itself the title's link was href="#"."""
    front = built_book.page("index").resolve()
    links = {}
    for name in toc_pages():
        href = soup(built_book, name).select_one("a.navbar-brand")["href"]
        links[name] = href, (built_book.page(name).parent / href.split("#")[0]).resolve()
    assert all(href and not href.startswith("#") for href, _ in links.values()), links
    assert {target for _, target in links.values()} == {front}, links


def test_no_english_is_left_for_screen_readers(built_book):
    """Every aria-label as written in the pages (what a reader without JavaScript gets)."""
    labels = set()
    for name in [*toc_pages(), "../search"]:
        labels |= {tag["aria-label"] for tag in soup(built_book, name).select("[aria-label]")}
    english = {"Page", "Search", "Breadcrumb", "Section Navigation", "Site navigation"}
    assert labels
    assert labels & english == set(), labels
