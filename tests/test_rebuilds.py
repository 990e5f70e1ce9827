"""Rebuilds after data updates: every page shows what the data now say, and only the
chapters that read the changed tables run."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bs4 import BeautifulSoup

from bao_cao import fmt
from bao_cao.data import load_table
from bao_cao.data.record import REPO_ROOT
from bao_cao.site.stamp import NOTHING_TO_DO
from bao_cao.sphinxext.bookdata import declared_reads

from conftest import add_a_day, build_html, tree_digest

DAILY = "data/supplementary/ninh-thuan-covid-daily.csv"


def referenced_files(site: Path) -> set[Path]:
    """Every file under _images and _downloads that some page refers to."""
    referenced = set()
    for page in site.rglob("*.html"):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in html.find_all(src=True):
            referenced.add((page.parent / tag["src"]).resolve())
        for tag in html.find_all(srcset=True):  # a chart's phone drawing, in <picture>
            for candidate in tag["srcset"].split(","):
                referenced.add((page.parent / candidate.split()[0]).resolve())
        for tag in html.find_all(href=True):
            referenced.add((page.parent / tag["href"].split("#")[0]).resolve())
    return referenced


def test_unchanged_rebuild_executes_nothing(book):
    """Nothing changed: the build starts nothing, and says so; the site is as it was."""
    site = book.source / "_build" / "html"
    before = tree_digest(site)
    logs = {p: p.stat().st_mtime_ns for p in (book.source / "_build" / "logs").iterdir()}
    result = build_html(book.source)
    assert result.returncode == 0
    assert NOTHING_TO_DO in result.stderr
    assert tree_digest(site) == before
    assert {p: p.stat().st_mtime_ns for p in logs} == logs  # no step ran, none logged
    book.check_pages_show_the_data()


def test_a_value_changed_a_row_added_both_back_and_a_held_row_deleted(book):
    """A date in documents.csv: the timelines, the appendix and the document list follow.
    The date back and an event added: the chapters that read events run, the appendix's
    old outputs come from the cache. The event deleted again: nothing runs. An event the
    record states deleted: the validator names what it held, nothing is built."""
    before = book.svg("dong-thoi-gian", "hinh-dong-thoi-gian")
    book.edit("data/documents.csv", "2021-07-01,reference", "2021-07-02,reference")
    assert book.rebuild() == {"muc-i", "dong-thoi-gian", "phu-luc-boi-canh-dich-benh"}
    after = book.svg("dong-thoi-gian", "hinh-dong-thoi-gian")
    assert after != before
    assert "68/NQ-CP (02/07/2021)" in after
    assert "ngày 02/07/2021" in book.page("van-ban-vien-dan").find(id="van-ban-nq-68-cp").get_text()
    book.check_pages_show_the_data()

    book.edit("data/documents.csv", "2021-07-02,reference", "2021-07-01,reference")
    events = book.source / "data" / "events.csv"
    original = events.read_text(encoding="utf-8")
    held = next(line for line in original.splitlines() if line.startswith("kiem-soat-duoc-dich,"))
    added = held.replace("kiem-soat-duoc-dich,", "kiem-soat-duoc-dich-lan-hai,", 1)
    added = added.replace("Toàn tỉnh cơ bản", "Lần hai: toàn tỉnh cơ bản", 1)
    events.write_text(original + added + "\n", encoding="utf-8")
    assert book.rebuild() == {"muc-i", "dong-thoi-gian"}  # the appendix: from the cache
    assert "68/NQ-CP (01/07/2021)" in book.svg("dong-thoi-gian", "hinh-dong-thoi-gian")
    assert "Lần hai: toàn tỉnh cơ bản" in book.text("dong-thoi-gian")
    book.check_pages_show_the_data()

    events.write_text(original, encoding="utf-8")
    assert book.rebuild() == set()  # the cached outputs of the old tables
    assert "Lần hai" not in book.text("dong-thoi-gian")
    assert book.svg("dong-thoi-gian", "hinh-dong-thoi-gian") == before
    book.check_pages_show_the_data()

    events.write_text(original.replace(held + "\n", ""), encoding="utf-8")
    refused = build_html(book.source)
    assert refused.returncode == 1
    assert "no row of any table holds it" in refused.stderr


def test_the_build_command_answers_nothing_changed_before_it_looks_for_anything(book):
    """README's command: the inputs' hash is compared before packages are looked for."""
    result = subprocess.run(
        ["bash", str(REPO_ROOT / "scripts" / "build.sh"), "--source", str(book.source)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert NOTHING_TO_DO in result.stdout, result.stderr


def test_a_daily_value_changed_a_day_added_failed_and_back(built_book, book):
    """One value of the daily series changed and a day added, a chapter broken and mended,
    the series put back. Changed: only the chapter that reads the series runs again, its
    prose and chart follow, it (and the whole book's citation) cite the new data's
    checksum, a page that does not show it stays byte for byte as it was. Failed: nothing
    of the failed build is published. Back: every published file is the fresh build's, byte
    for byte, and no image of an earlier or failed build is left in the site.

    (The report's own figures cannot be updated from data: record.csv is the report's
    source text word for word, and every indicator must agree with the words it quotes.
    Data that are not the report's words can change.)"""

    def checksum(html: Path, page: str) -> str:
        text = (html / "book" / f"{page}.html").read_text(encoding="utf-8")
        return text.split("sha256:")[1][:12]

    fresh, site = built_book.html, book.source / "_build" / "html"
    pages = ("phu-luc-boi-canh-dich-benh", "trich-dan")
    series = book.source / DAILY
    original = series.read_text(encoding="utf-8")
    before = load_table("ninh_thuan_covid_daily", book.source / "data")
    chart = book.svg("phu-luc-boi-canh-dich-benh", "hinh-dich-benh-theo-tuan")
    book.edit(DAILY, "2021-11-15,", "2021-11-15,1")  # 39 cases that day become 139
    day = add_a_day(series, 1400, 3)
    readers = {
        chapter.stem
        for chapter in (book.source / "book").glob("*.md")
        if "ninh_thuan_covid_daily" in (declared_reads(chapter.read_text(encoding="utf-8")) or [])
    }
    assert book.rebuild() == readers == {"phu-luc-boi-canh-dich-benh"}
    cases = fmt.number(int(before["new_cases"].sum()) + 100 + 1400)
    deaths = fmt.number(int(before["new_deaths"].sum()) + 3)
    appendix = book.text("phu-luc-boi-canh-dich-benh")
    assert f"{cases} ca mắc và {deaths} ca tử vong" in appendix
    assert f"đến ngày {fmt.date(day)}" in appendix
    assert book.svg("phu-luc-boi-canh-dich-benh", "hinh-dich-benh-theo-tuan") != chart
    book.check_pages_show_the_data()
    assert all(checksum(site, page) != checksum(fresh, page) for page in pages)
    untouched = "book/muc-ii-6.html"
    assert (site / untouched).read_bytes() == (fresh / untouched).read_bytes()

    before = tree_digest(site)
    book.edit("book/muc-iv.md", "figures.commendations()", "raise ValueError('ô hỏng')")
    assert build_html(book.source).returncode != 0
    assert tree_digest(site) == before
    book.edit("book/muc-iv.md", "raise ValueError('ô hỏng')", "figures.commendations()")

    series.write_text(original, encoding="utf-8")
    book.rebuild()
    differing = [
        path.relative_to(fresh).as_posix()
        for path in sorted(fresh.rglob("*"))
        if path.is_file() and path.read_bytes() != (site / path.relative_to(fresh)).read_bytes()
    ]
    assert differing == []
    assert tree_digest(fresh) == tree_digest(site)
    work_images = book.source / "_build" / "work" / "_build" / "html" / "_images"
    published = [p.resolve() for f in ("_images", "_downloads") for p in (site / f).rglob("*")]
    files = [p for p in published if p.is_file()]
    # The precompressed copies (.gz, .br) stand beside a published file, never alone.
    copies = [p for p in files if p.suffix in (".gz", ".br")]
    originals = [p for p in files if p not in copies]
    assert all(copy.with_suffix("") in originals for copy in copies)
    assert len(list(work_images.iterdir())) > len([p for p in originals if "_images" in str(p)])
    assert set(originals) <= referenced_files(site)
