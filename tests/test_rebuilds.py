"""Rebuilds after updates: every page shows what the data now say, and only dependents run."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bao_cao import fmt

from conftest import build_html, tree_digest, warm_copy


class Book:
    """A built copy of the book that a test changes and rebuilds."""

    def __init__(self, source: Path):
        self.source = source

    def rebuild(self) -> set[str]:
        """Rebuild the HTML; return the chapters whose cells were executed."""
        result = build_html(self.source)
        assert result.returncode == 0, result.stderr
        log = (self.source / "_build" / "logs" / "html.log").read_text(encoding="utf-8")
        return set(re.findall(r"book/([\w-]+)\.md: Executing notebook", log))

    def page(self, name: str) -> BeautifulSoup:
        path = self.source / "_build" / "html" / "book" / f"{name}.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def text(self, name: str) -> str:
        return " ".join(self.page(name).get_text(" ").split())

    def svg(self, name: str, figure: str) -> str:
        image = self.page(name).find("figure", id=figure).find("img")
        path = self.source / "_build" / "html" / "book" / image["src"]
        return path.read_text(encoding="utf-8")

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.source / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def rows(self, name: str) -> list[dict[str, str]]:
        text = (self.source / "data" / name).read_text(encoding="utf-8")
        return list(csv.DictReader(io.StringIO(text)))

    def check_pages_show_the_data(self) -> None:
        """The figures in prose on every page equal what the data now say."""
        daily = self.rows("supplementary/ninh-thuan-covid-daily.csv")
        appendix = self.text("phu-luc-boi-canh-dich-benh")
        cases = sum(int(row["new_cases"]) for row in daily)
        assert f"{fmt.number(cases)} ca mắc" in appendix
        last = max(row["date"] for row in daily)
        assert f"đến ngày {last[8:10]}/{last[5:7]}/{last[:4]}" in appendix
        documents = self.rows("documents.csv")
        assert f"Báo cáo viện dẫn {len(documents)} văn bản" in self.text("muc-i")
        booster = next(
            r for r in self.rows("indicators.csv") if r["indicator_id"] == "tiem-nhac-lai"
        )
        assert f"{fmt.percent(float(booster['value']))} được tiêm nhắc lại" in self.text("index")
        glossary = {row["term"] for row in self.rows("glossary.csv")}
        shown = {
            dt.get_text(" ", strip=True) for dt in self.page("thuat-ngu").select("dl.glossary dt")
        }
        assert shown == glossary


@pytest.fixture
def book(built_book, tmp_path) -> Book:
    """A copy of the built book, caches included: each test starts from the same state."""
    return Book(warm_copy(built_book, tmp_path / "src"))


def test_unchanged_rebuild_executes_nothing(book):
    assert book.rebuild() == set()
    book.check_pages_show_the_data()


def test_one_value_in_one_csv(book):
    """A date in documents.csv: the timelines, the appendix and the document list follow."""
    before = book.svg("dong-thoi-gian", "hinh-dong-thoi-gian")
    book.edit("data/documents.csv", "2021-07-01,reference", "2021-07-02,reference")
    assert book.rebuild() == {"muc-i", "dong-thoi-gian", "phu-luc-boi-canh-dich-benh"}
    after = book.svg("dong-thoi-gian", "hinh-dong-thoi-gian")
    assert after != before and "68/NQ-CP (02/07/2021)" in after
    assert "ngày 02/07/2021" in book.page("van-ban-vien-dan").find(id="van-ban-nq-68-cp").get_text()
    book.check_pages_show_the_data()


def test_revert_a_change(book):
    """Back to the old value: the old outputs come from the cache, nothing runs."""
    book.edit("data/documents.csv", "2021-07-01,reference", "2021-07-02,reference")
    assert book.rebuild()
    book.edit("data/documents.csv", "2021-07-02,reference", "2021-07-01,reference")
    assert book.rebuild() == set()
    assert "68/NQ-CP (01/07/2021)" in book.svg("dong-thoi-gian", "hinh-dong-thoi-gian")
    book.check_pages_show_the_data()


def test_change_the_supplementary_series_and_add_a_row(book):
    before = book.svg("phu-luc-boi-canh-dich-benh", "hinh-dich-benh-theo-tuan")
    book.edit("data/supplementary/ninh-thuan-covid-daily.csv", "2021-11-15,", "2021-11-15,1")
    path = book.source / "data" / "supplementary" / "ninh-thuan-covid-daily.csv"
    path.write_text(path.read_text(encoding="utf-8") + "2022-01-23,40,0\n", encoding="utf-8")
    assert book.rebuild() == {"phu-luc-boi-canh-dich-benh"}
    assert book.svg("phu-luc-boi-canh-dich-benh", "hinh-dich-benh-theo-tuan") != before
    book.check_pages_show_the_data()


def test_delete_a_row(book):
    """A milestone removed: the timelines and the list of milestones follow."""
    events = book.source / "data" / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("phat-dong-thi-dua-2022,")]
    events.write_text("".join(kept), encoding="utf-8")
    assert book.rebuild() == {"muc-i", "dong-thoi-gian"}
    assert "14/9/2022" not in book.text("dong-thoi-gian")
    book.check_pages_show_the_data()


def test_change_only_prose(book):
    book.edit(
        "book/muc-v.md",
        "# V. ĐÁNH GIÁ CHUNG\n",
        "# V. ĐÁNH GIÁ CHUNG\n\n{.ghi-chu-bien-tap}\nGhi chú thử của người biên tập.\n",
    )
    assert book.rebuild() == set()
    assert "Ghi chú thử của người biên tập." in book.text("muc-v")


def test_change_only_chart_code(book):
    """The chart code changed: every chapter that draws a chart runs again, no other."""
    book.edit("bao_cao/charts.py", "WIDTH = 5.2", "WIDTH = 5.3")
    assert book.rebuild() == {
        "index", "muc-i", "muc-ii", "muc-ii-6", "muc-iv", "dong-thoi-gian",
        "phu-luc-boi-canh-dich-benh",
    }  # fmt: skip
    book.check_pages_show_the_data()


def test_a_failed_build_leaves_the_site_byte_identical(book):
    site = book.source / "_build" / "html"
    before = tree_digest(site)
    book.edit("book/muc-iv.md", "figures.commendations()", "raise ValueError('ô hỏng')")
    result = build_html(book.source)
    assert result.returncode != 0
    assert "unchanged" in result.stderr and "muc-iv" in result.stderr
    assert "ValueError" in result.stderr or "ô hỏng" in result.stderr
    assert "_build/logs/html.log" in result.stderr
    assert tree_digest(site) == before
    book.edit("book/muc-iv.md", "raise ValueError('ô hỏng')", "figures.commendations()")


def referenced_files(site: Path) -> set[Path]:
    """Every file under _images and _downloads that some page refers to."""
    referenced = set()
    for page in site.rglob("*.html"):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in html.find_all(src=True):
            referenced.add((page.parent / tag["src"]).resolve())
        for tag in html.find_all(href=True):
            referenced.add((page.parent / tag["href"].split("#")[0]).resolve())
    return referenced


def test_no_image_of_an_earlier_or_a_failed_build_is_published(book):
    """jupyter-book keeps every chart it ever drew; the site shows only this build's."""
    book.edit("data/supplementary/ninh-thuan-covid-daily.csv", "2021-11-15,", "2021-11-15,1")
    book.rebuild()  # a chart of other data, now in jupyter-book's folder
    book.edit("book/muc-iv.md", "figures.commendations()", "raise ValueError('ô hỏng')")
    assert build_html(book.source).returncode != 0
    book.edit("book/muc-iv.md", "raise ValueError('ô hỏng')", "figures.commendations()")
    book.edit("data/supplementary/ninh-thuan-covid-daily.csv", "2021-11-15,1", "2021-11-15,")
    book.rebuild()
    site = book.source / "_build" / "html"
    work_images = book.source / "_build" / "work" / "_build" / "html" / "_images"
    published = [p for folder in ("_images", "_downloads") for p in (site / folder).rglob("*")]
    published = [p.resolve() for p in published if p.is_file()]
    assert len(list(work_images.iterdir())) > len([p for p in published if "_images" in str(p)])
    assert set(published) <= referenced_files(site)


def test_a_chapter_that_differs_from_the_record_is_named_word_by_word(book):
    book.edit(
        "book/muc-ii-6.md", "chỉ đạo quyết liệt các giải pháp", "chỉ đạo quyết tâm các giải pháp"
    )
    result = build_html(book.source)
    book.edit(
        "book/muc-ii-6.md", "chỉ đạo quyết tâm các giải pháp", "chỉ đạo quyết liệt các giải pháp"
    )
    assert result.returncode != 0
    assert "paragraph II.6.1 of the record is not on page book/muc-ii-6 word for word" in (
        result.stderr
    )
    assert "record.csv says 'quyết liệt', book/muc-ii-6.md says 'quyết tâm'" in result.stderr
    assert "correct the chapter" in result.stderr


def test_editing_build_only_code_executes_and_rereads_nothing(book):
    """The publisher and the build script shape no page: no chapter runs, no page is read."""
    book.rebuild()  # a copy in another folder: Sphinx reads every page once
    for module in ("bao_cao/site/publish.py", "bao_cao/site/build.py"):
        path = book.source / module
        path.write_text(path.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert book.rebuild() == set()
    log = (book.source / "_build" / "logs" / "html.log").read_text(encoding="utf-8")
    assert "0 added, 0 changed, 0 removed" in log
