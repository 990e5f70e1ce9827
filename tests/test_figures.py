"""Figures and figures-in-prose: executed from data, numbered, captioned, described, sourced."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from bao_cao import charts, data, fmt
from bao_cao.data import load_table
from bao_cao.data.record import REPO_ROOT
from bao_cao.sphinxext.bookdata import declared_reads
from bao_cao.sphinxext.execution import CODE_CELL

from textutil import squeeze

# Every figure of the book: its name (the address readers cite) and its page.
FIGURES = {
    "hinh-cac-so-lieu-chinh": "index",
    "hinh-van-ban-theo-thoi-gian": "muc-i",
    "hinh-co-quan-theo-muc": "muc-ii",
    "hinh-tiem-chung": "muc-ii-6",
    "hinh-khen-thuong": "muc-iv",
    "hinh-dong-thoi-gian": "dong-thoi-gian",
    "hinh-dich-benh-theo-tuan": "phu-luc-boi-canh-dich-benh",
}
CHAPTERS = sorted((REPO_ROOT / "book").glob("*.md"))


def page(built_book, name: str) -> BeautifulSoup:
    return BeautifulSoup(built_book.page(name).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize(("name", "page_name"), FIGURES.items())
def test_figure_is_numbered_captioned_described_and_vector(built_book, name, page_name):
    html = page(built_book, page_name)
    figure = html.find("figure", id=name)
    assert figure is not None, name
    image = figure.find("img")
    assert len(image["alt"]) > 60  # says what the chart shows, not "figure"
    assert image["src"].endswith(".svg")
    svg = (built_book.page(page_name).parent / image["src"]).read_text(encoding="utf-8")
    # Text stays text; the source line is there, and says the drawing is the edition's.
    shown = " ".join(re.sub(r"<[^>]+>", " ", svg).split())
    assert "<text" in svg
    assert "biểu đồ: ấn bản điện tử" in shown
    caption = figure.find("figcaption").get_text(" ", strip=True)
    assert re.match(r"Hình \d+ \S", caption), caption


def test_figures_are_numbered_once_across_the_book(built_book):
    numbers = []
    for name, page_name in FIGURES.items():
        caption = page(built_book, page_name).find("figure", id=name).find("figcaption")
        numbers.append(int(re.search(r"Hình (\d+)", caption.get_text())[1]))
    assert numbers == list(range(1, len(FIGURES) + 1))


@pytest.mark.parametrize("page_name", sorted(set(FIGURES.values())))
def test_each_chart_offers_the_data_it_was_drawn_from(built_book, page_name):
    html = page(built_book, page_name)
    links = [a for a in html.select("a.download") if a["href"].endswith(".csv")]
    assert links, page_name
    for link in links:
        target = built_book.page(page_name).parent / link["href"]
        assert target.read_text(encoding="utf-8").count("\n") > 1


def words(html: BeautifulSoup) -> str:
    return " ".join(html.get_text(" ").split())


def test_prose_figures_come_from_data_in_vietnamese_format(built_book):
    front = words(page(built_book, "index"))
    # The booster rate keeps its own (unstated) base, not the 100%'s.
    assert "tỷ lệ người được tiêm nhắc lại đạt 62,31% (báo cáo không nêu tính trên" in front
    assert "vốn vay 16 tỷ (báo cáo không ghi đơn vị)" in front
    assert "trên 240 văn bản" in front
    assert "hàng trăm cuộc họp" in front
    appendix = words(page(built_book, "phu-luc-boi-canh-dich-benh"))
    daily = load_table("ninh_thuan_covid_daily", built_book.source / "data")
    cases, deaths = int(daily["new_cases"].sum()), int(daily["new_deaths"].sum())
    assert f"{fmt.number(cases)} ca mắc và {fmt.number(deaths)} ca tử vong" in appendix
    peak = int(charts.whole_weeks(daily)["new_cases"].max())
    assert peak >= 1000
    assert f"với {fmt.number(peak)} ca" in appendix
    timeline = words(page(built_book, "dong-thoi-gian"))
    assert "04 và 05/8/2021" in timeline
    assert "tháng 5 năm 2022" in timeline
    assert "13/10/2023" in words(page(built_book, "van-ban-vien-dan"))
    commendations = words(page(built_book, "muc-iv"))
    assert "Tổng cộng" not in commendations  # the report adds none of its counts
    assert "báo cáo không cộng các nhóm này" in commendations


def test_no_cell_output_shows_code_or_an_error(built_book):
    for name in set(FIGURES.values()):
        html = page(built_book, name)
        assert not html.select("div.cell_input"), name  # code hidden from readers
        assert not html.select(".output.traceback, .output.stderr"), name


@pytest.mark.tex
def test_every_figure_is_in_the_pdf(built_book):
    # Whitespace dropped: extraction guesses spaces from the fonts' glyph widths.
    text = squeeze("".join(p.extract_text() for p in PdfReader(built_book.pdf).pages))
    for number in range(1, len(FIGURES) + 1):
        assert f"Hình{number}:" in text
    # The charts' own text (vector PDF, fonts embedded) is in the PDF, not a picture of it.
    assert text.count("biểuđồ:ấnbảnđiệntử") >= len(FIGURES)
    assert "HaitỷlệtiêmvắcxinphòngCOVID-19" in text


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_each_chapter_declares_exactly_the_data_it_reads(chapter):
    """Run the chapter's cells here, recording what they read, and compare with data_reads."""
    source = chapter.read_text(encoding="utf-8")
    cells = re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```", source, re.DOTALL | re.MULTILINE)
    if not CODE_CELL.search(source):
        # A page drawn by a directive names the one table it is drawn from (its download).
        assert declared_reads(source) is None or len(declared_reads(source)) == 1
        return
    data.READ_LOG.clear()
    for cell in cells:
        code = "\n".join(line for line in cell.splitlines() if not line.startswith(":"))
        exec(compile(code, str(chapter), "exec"), {})
    assert set(data.READ_LOG) == set(declared_reads(source))


def test_the_record_and_the_data_package_description_can_be_downloaded(built_book):
    """Pages name record.csv and datapackage.json: both are links to the files."""
    offered = {}
    for page_name in ("trich-dan", "phu-luc-boi-canh-dich-benh"):
        html = page(built_book, page_name)
        for link in html.select("a.download"):
            offered[link.get_text()] = built_book.page(page_name).parent / link["href"]
    assert offered["record.csv"].read_bytes().startswith(b"id,section,kind,text")
    assert b'"resources"' in offered["datapackage.json"].read_bytes()


def test_every_figure_a_chapter_calls_declares_the_rows_it_needs():
    """bao_cao.data.needs is the validator's list: a figure missing from it would lose a
    row without a word before the build; an entry without its function checks nothing."""
    from bao_cao import figures
    from bao_cao.data.needs import FIGURES as NEEDS
    from bao_cao.sphinxext.execution import cell_code

    called = {
        name
        for chapter in CHAPTERS
        for name in re.findall(r"\bfigures\.(\w+)\(", cell_code(chapter.read_text("utf-8")))
    }
    assert called
    assert called <= set(NEEDS), called - set(NEEDS)
    assert all(callable(getattr(figures, name, None)) for name in NEEDS)


def test_the_data_layer_stands_alone():
    """Validating and reading data/ imports no charts, figures, matplotlib, Sphinx or
    docutils: staff's `validate` is quick, and the data layer has no loop into the book."""
    import subprocess
    import sys

    probe = (
        "import sys, bao_cao.data.validate, bao_cao.data;"
        "bao_cao.data.validate.validate();"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'matplotlib', 'sphinx', 'docutils', 'myst_nb'} or m in "
        "{'bao_cao.charts', 'bao_cao.figures'})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO_ROOT, check=True
    )
    assert result.stdout.split() == []
