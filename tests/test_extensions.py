"""The Sphinx extensions on a tiny book (tests/books/nho), built in-process with
sphinx.testing, as MyST-NB tests its own: quick, and each behaviour on its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytest_plugins = ["sphinx.testing.fixtures"]
TINY_BOOK = Path(__file__).resolve().parent / "books" / "nho"


@pytest.fixture
def tiny_book(tmp_path) -> Path:
    return Path(shutil.copytree(TINY_BOOK, tmp_path / "nho"))


# What Sphinx and docutils say of any Vietnamese book with the default theme, not ours.
OTHERS_WARNINGS = (
    'rST localisation for language "vi"',
    'Language "vi" not supported',
)


def build(make_app, srcdir: Path):
    """Build the tiny book; return the app, its page and the extensions' own warnings."""
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    warnings = [
        line
        for line in app.warning.getvalue().splitlines()
        if "WARNING" in line and not any(other in line for other in OTHERS_WARNINGS)
    ]
    return app, BeautifulSoup(html, "html.parser"), "\n".join(warnings)


def test_paragraphs_get_their_ids_numbers_and_links(make_app, tiny_book):
    _, html, warnings = build(make_app, tiny_book)
    assert warnings == ""
    paragraph = html.find(id="I.1")
    assert paragraph is not None
    assert paragraph.name == "p"
    assert paragraph.select_one("a.so-doan").get_text() == "I.1"
    document = paragraph.find("a", href="#van-ban-qd-1497-ttg")
    assert document is not None
    assert document.get_text() == "1497/QĐ-TTg"
    term = paragraph.find("a", href=lambda href: href and "thuat-ngu-ubnd" in href)
    assert term is not None  # the first use of UBND on the page …
    assert html.find(id="I.2").find("a", href=lambda h: h and "thuat-ngu" in h) is None  # only


def test_a_paragraph_that_differs_from_the_record_is_named_word_by_word(make_app, tiny_book):
    page = tiny_book / "index.rst"
    page.write_text(
        page.read_text(encoding="utf-8").replace("chỉ đạo quyết liệt", "chỉ đạo quyết tâm"),
        encoding="utf-8",
    )
    _, html, warnings = build(make_app, tiny_book)
    assert "paragraph I.1 of the record is not on page index word for word" in warnings
    assert "record.csv says 'quyết liệt.', index.rst says 'quyết tâm.'" in warnings
    assert html.find(id="I.1") is None
    assert html.find(id="I.2") is not None


def test_milestones_from_data_are_text_never_markup(make_app, tiny_book):
    _, html, _ = build(make_app, tiny_book)
    item = html.select_one("ol.cac-moc li")
    text = " ".join(item.get_text(" ").split())
    assert text == "10/9/2021: **đậm** [liên kết](https://example.com/x) <b>thẻ</b> $\\alpha$"
    assert item.find("a") is None
    assert item.find("b") is None
    assert item.find("strong") is None


def test_every_page_ends_with_its_citation(make_app, tiny_book):
    app, html, _ = build(make_app, tiny_book)
    block = html.select("div.trich-dan")[-1]
    reference, bibtex = [pre.get_text() for pre in block.select("pre")]
    assert "không ghi số văn bản" in reference
    assert reference.strip().endswith("Địa chỉ trên mạng: chưa xác định.")
    assert bibtex.startswith("@misc{ubnd-ninh-thuan-covid19-sach,")
    assert (Path(app.outdir) / "van-ban-vien-dan.bib").is_file()


def test_the_editions_name_changed_at_home_reaches_every_output(make_app, tiny_book, monkeypatch):
    """Changing the footer's "Ấn bản điện tử" meant 9 literals in 7 files in 3 syntaxes:
    now one (bao_cao.wording), read by the web page's footer, the citation (text and
    BibTeX), the PDF's title page and properties, and the charts' source lines."""
    from bao_cao import charts, figures, wording
    from bao_cao.data.record import REPO_ROOT, load
    from bao_cao.site import citation
    from bao_cao.site.cited_work import cited_work, csl_item, work_bibtex
    from bao_cao.sphinxext.vietnamese import pdf_metadata_latex, title_page_latex

    monkeypatch.setattr(wording, "EDITION", "Bản số hoá")
    _, html, _ = build(make_app, tiny_book)
    assert "Bản số hoá (biểu đồ, bảng dữ liệu" in html.select_one(".tac-gia").get_text()
    meta = citation.load_metadata(REPO_ROOT)
    text = citation.citation_text(meta, "book/muc-ii-6.html", "Mục II.6")
    assert "Bản số hoá của" in text
    work = cited_work(meta, "k", "book/muc-ii-6.html", "Mục II.6", "6. Triển khai")
    assert "Bản số hoá của" in work_bibtex(work, meta)
    assert "Bản số hoá của" in csl_item(work)["note"]
    assert "Bản số hoá do" in title_page_latex(load(), meta)
    assert "bản số hoá:" in pdf_metadata_latex(meta)
    svg = charts.Chart.render(figures.commendations().wide, "svg").decode("utf-8")
    assert "biểu đồ: bản số hoá" in svg
