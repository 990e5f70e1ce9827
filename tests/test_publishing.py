"""Publishing and page weight: an atomic switch of the served site, and light pages."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from bao_cao.site.publish import PublishError, publish

from bench import report
from phone import PagePaint


def test_publish_switches_the_served_site_in_one_rename(built_book, tmp_path):
    destination = tmp_path / "www" / "bao-cao"
    destination.parent.mkdir()
    first = publish(built_book.html, destination)
    assert destination.is_symlink()
    assert (destination / "bao-cao.pdf").is_file()
    # While the next version is copied, readers keep the first, whole. What the reader
    # thread sees is collected and checked here: an assert inside a thread fails nothing.
    seen: list[tuple[str, bool]] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            page = destination / "book" / "muc-ii-6.html"
            seen.append((os.path.realpath(destination), page.is_file()))
            time.sleep(0.001)

    thread = threading.Thread(target=reader)
    thread.start()
    second = publish(built_book.html, destination)
    stop.set()
    thread.join()
    assert seen
    assert all(whole for _, whole in seen)
    assert {version for version, _ in seen} <= {str(first), str(second)}
    assert Path(os.path.realpath(destination)) == second
    assert first.exists()  # the one before stays, to roll back by hand
    third = publish(built_book.html, destination)
    assert not first.exists()
    assert second.exists()
    assert third.exists()


def test_publish_refuses_an_unfinished_site(tmp_path):
    with pytest.raises(PublishError, match="not a finished site"):
        publish(tmp_path, tmp_path / "www")


def test_benchmark_report_states_medians_spreads_ratios_and_targets():
    def timing(median: float) -> dict[str, float]:
        return {"mean": median, "median": median, "min": median * 0.9, "max": median * 1.1,
                "stddev": median * 0.05}  # fmt: skip

    text = report(
        {
            "cold": timing(10.0), "noop": timing(0.5), "one_csv": timing(2.0),
            "cold_one_process": timing(16.0), "stock": timing(20.0), "floor": timing(2.0),
            "grown_cold": timing(25.0), "grown_one_csv": timing(3.0),
            "pages": {"book": 27, "grown": 75}, "timings": "  1.00 s  validate data/\n",
            "pdf_bytes": 300_000, "front_page_bytes": 700_000,
            "heaviest_page": "book/muc-ii.html", "heaviest_bytes": 800_000,
            "phone": [PagePaint("book/muc-i.html", [1800.0, 1900.0, 2600.0], 120_000),
                      PagePaint("search.html", [2400.0, 2700.0, 2800.0], 170_000)],
        }
    )  # fmt: skip
    assert (
        "| (1) cold: every cache and output removed | 10.00 | 9.00 | 0.50 | 0.50 | 5.00 |" in text
    )
    # The targets, each a ratio of medians with its verdict.
    assert "| nothing changed ≤ 0.05 × stock | 0.03 | yes |" in text
    assert "| one CSV value ≤ 0.30 × stock | 0.10 | yes |" in text
    assert "| cold ≤ 0.65 × stock (2 cores) | 0.50 | yes |" in text
    assert "| book ×4, one CSV value ≤ 1.3 × this book's | 1.50 | no |" in text
    assert "16.0 s with one process" in text
    assert "(1.60× faster)" in text
    assert "75 pages against 27 (2.8×)" in text
    assert "2.50× this book's time" in text
    assert "validate data/" in text  # where the time went
    assert "cores with hyperfine" in text
    # First paint on a slow phone: the median of the loads, against the 2.5 s target.
    assert "| book/muc-i.html | 1.90 s | 2.60 s | 120,000 |" in text
    assert "| search.html | 2.70 s | 2.80 s | 170,000 |" in text
    assert "Target met on every page: no." in text


def test_before_the_first_release_the_site_serves_the_addresses_its_citations_give(tmp_path):
    """The Pages workflow publishes the current build while no release is kept; its pages
    cite <url>/phien-ban/X.Y.Z/…, so the site serves the build there too, with its PDF
    under the release's name (citation_pdf_url)."""
    import shutil as files

    from bao_cao.data.record import REPO_ROOT
    from bao_cao.site import cff
    from bao_cao.site.releases import current_as_site

    files.copy(REPO_ROOT / "CITATION.cff", tmp_path / "CITATION.cff")
    version = str(cff.read(tmp_path)["version"])
    built = tmp_path / "_build" / "html"
    (built / "book").mkdir(parents=True)
    (built / "index.html").write_text("<p>trang đầu</p>", encoding="utf-8")
    (built / "book" / "muc-ii-6.html").write_text("<p>II.6</p>", encoding="utf-8")
    (built / "bao-cao.pdf").write_bytes(b"%PDF-1.5\n")
    (built / "phien-ban").mkdir()
    (built / "phien-ban" / "index.html").write_text("<p>các phiên bản</p>", encoding="utf-8")
    site = current_as_site(tmp_path)
    copy = site / "phien-ban" / version
    assert (site / "book" / "muc-ii-6.html").read_text("utf-8") == "<p>II.6</p>"
    assert (copy / "book" / "muc-ii-6.html").read_text("utf-8") == "<p>II.6</p>"
    assert (copy / f"bao-cao-{version}.pdf").read_bytes() == b"%PDF-1.5\n"
    # Its footer's list of versions, beside it in its copy too.
    assert (copy / "phien-ban" / "index.html").is_file()
