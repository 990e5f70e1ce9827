"""Rebuilds after data updates: every page shows what the data now say, and only the
chapters that read the changed tables run."""

from __future__ import annotations


def test_unchanged_rebuild_executes_nothing(book):
    assert book.rebuild() == set()
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
    path.write_text(path.read_text(encoding="utf-8") + "2022-01-23,40,0\n", encoding="utf-8")
    assert book.rebuild() == {"phu-luc-boi-canh-dich-benh"}
    assert book.svg("phu-luc-boi-canh-dich-benh", "hinh-dich-benh-theo-tuan") != before
    book.check_pages_show_the_data()


def test_delete_a_row(book):
    """An event removed: the timelines and the list of dated events follow."""
    events = book.source / "data" / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("kiem-soat-duoc-dich,")]
    events.write_text("".join(kept), encoding="utf-8")
    assert book.rebuild() == {"muc-i", "dong-thoi-gian"}
    assert "tháng 5 năm 2022" not in book.text("dong-thoi-gian")
    book.check_pages_show_the_data()
