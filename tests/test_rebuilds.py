"""Rebuilds after data updates: every page shows what the data now say, and only the
chapters that read the changed tables run."""

from __future__ import annotations

import subprocess

import pytest

from bao_cao.data.record import REPO_ROOT
from bao_cao.site.build import build
from bao_cao.site.stamp import NOTHING_TO_DO, STAMP

from conftest import add_a_day, build_html, tree_digest


def test_unchanged_rebuild_executes_nothing(book):
    """Nothing changed: the build starts nothing, and says so; the site is as it was."""
    site = book.source / "_build" / "html"
    before = tree_digest(site)
    logs = {p: p.stat().st_mtime_ns for p in (book.source / "_build" / "logs").iterdir()}
    result = build_html(book.source)
    assert result.returncode == 0 and NOTHING_TO_DO in result.stderr
    assert tree_digest(site) == before
    assert {p: p.stat().st_mtime_ns for p in logs} == logs  # no step ran, none logged
    book.check_pages_show_the_data()


def test_one_value_in_one_csv_and_back(book):
    """A date in documents.csv: the timelines, the appendix and the document list follow.
    Back to the old value: the old outputs come from the cache, nothing runs."""
    before = book.svg("dong-thoi-gian", "hinh-dong-thoi-gian")
    book.edit("data/documents.csv", "2021-07-01,reference", "2021-07-02,reference")
    assert book.rebuild() == {"muc-i", "dong-thoi-gian", "phu-luc-boi-canh-dich-benh"}
    after = book.svg("dong-thoi-gian", "hinh-dong-thoi-gian")
    assert after != before and "68/NQ-CP (02/07/2021)" in after
    assert "ngày 02/07/2021" in book.page("van-ban-vien-dan").find(id="van-ban-nq-68-cp").get_text()
    book.check_pages_show_the_data()
    book.edit("data/documents.csv", "2021-07-02,reference", "2021-07-01,reference")
    assert book.rebuild() == set()
    assert "68/NQ-CP (01/07/2021)" in book.svg("dong-thoi-gian", "hinh-dong-thoi-gian")
    book.check_pages_show_the_data()


def test_change_the_supplementary_series_and_add_a_row(book):
    before = book.svg("phu-luc-boi-canh-dich-benh", "hinh-dich-benh-theo-tuan")
    book.edit("data/supplementary/ninh-thuan-covid-daily.csv", "2021-11-15,", "2021-11-15,1")
    path = book.source / "data" / "supplementary" / "ninh-thuan-covid-daily.csv"
    add_a_day(path, 40, 0)
    assert book.rebuild() == {"phu-luc-boi-canh-dich-benh"}
    assert book.svg("phu-luc-boi-canh-dich-benh", "hinh-dich-benh-theo-tuan") != before
    book.check_pages_show_the_data()


def test_delete_a_row(book):
    """An event added and deleted again: the timelines and the list of dated events follow.
    (An event the record states cannot be deleted: the validator names what it held.)"""
    events = book.source / "data" / "events.csv"
    original = events.read_text(encoding="utf-8")
    held = next(line for line in original.splitlines() if line.startswith("kiem-soat-duoc-dich,"))
    added = held.replace("kiem-soat-duoc-dich,", "kiem-soat-duoc-dich-lan-hai,", 1)
    added = added.replace("Toàn tỉnh cơ bản", "Lần hai: toàn tỉnh cơ bản", 1)
    events.write_text(original + added + "\n", encoding="utf-8")
    assert book.rebuild() == {"muc-i", "dong-thoi-gian"}
    assert "Lần hai: toàn tỉnh cơ bản" in book.text("dong-thoi-gian")
    events.write_text(original, encoding="utf-8")
    assert book.rebuild() == set()  # the cached outputs of the old table
    assert "Lần hai" not in book.text("dong-thoi-gian")
    book.check_pages_show_the_data()
    events.write_text(original.replace(held + "\n", ""), encoding="utf-8")
    refused = build_html(book.source)
    assert refused.returncode == 1 and "no row of any table holds it" in refused.stderr


def test_the_build_command_answers_nothing_changed_before_it_looks_for_anything(book):
    """README's command: the inputs' hash is compared before packages are looked for."""
    result = subprocess.run(
        ["bash", str(REPO_ROOT / "scripts" / "build.sh"), "--source", str(book.source)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0 and NOTHING_TO_DO in result.stdout, result.stderr


@pytest.mark.tex
def test_the_pdf_is_typeset_again_only_when_its_latex_changed(book):
    """A stylesheet shapes the web pages only: the PDF stays as it was, XeLaTeX does not
    run. A data value reaches the LaTeX: the PDF is typeset again."""
    pdf = book.source / "_build" / "html" / "bao-cao.pdf"
    xelatex_log = book.source / "_build" / "logs" / "xelatex.log"
    build(book.source, pdf=True)  # a copy in another folder: its LaTeX is written once
    typeset = pdf.read_bytes(), xelatex_log.stat().st_mtime_ns
    stylesheet = book.source / "book" / "_static" / "bao-cao.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n/* thử */\n", "utf-8")
    build(book.source, pdf=True)
    assert (pdf.read_bytes(), xelatex_log.stat().st_mtime_ns) == typeset
    timings = (book.source / "_build" / "logs" / "timings.txt").read_text(encoding="utf-8")
    assert "XeLaTeX" in timings and "whole build" in timings
    book.edit("data/supplementary/ninh-thuan-covid-daily.csv", "2021-11-15,", "2021-11-15,1")
    build(book.source, pdf=True)
    assert pdf.read_bytes() != typeset[0]
    assert xelatex_log.stat().st_mtime_ns != typeset[1]


def test_a_data_change_rewrites_only_the_pages_that_show_that_data(book):
    """Each page cites the checksum of the data it shows: the appendix's changes with the
    daily series, the whole book's citation too; a page that does not show it is not
    written again (cost follows the change, not the book)."""

    def checksum(page: str) -> str:
        return book.page(page).select_one(".phien-ban").get_text().split("sha256:")[1][:12]

    site = book.source / "_build" / "html" / "book"
    # A copy in another folder: Sphinx writes every page once (the stamp forgotten, else
    # nothing would start).
    (book.source / STAMP).unlink()
    build_html(book.source)
    before = {page: checksum(page) for page in ("phu-luc-boi-canh-dich-benh", "trich-dan")}
    untouched = (site / "muc-ii-6.html").read_bytes()
    book.edit("data/supplementary/ninh-thuan-covid-daily.csv", "2021-11-15,", "2021-11-15,1")
    assert book.rebuild() == {"phu-luc-boi-canh-dich-benh"}
    assert {page: checksum(page) for page in before} != before
    assert all(checksum(page) != old for page, old in before.items())
    assert (site / "muc-ii-6.html").read_bytes() == untouched
