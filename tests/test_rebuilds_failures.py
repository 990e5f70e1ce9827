"""Rebuilds after a failed build: the site stays as it was, and nothing of the failure is
published later."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from conftest import build_html, tree_digest


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
        for tag in html.find_all(srcset=True):  # a chart's phone drawing, in <picture>
            for candidate in tag["srcset"].split(","):
                referenced.add((page.parent / candidate.split()[0]).resolve())
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
    files = [p.resolve() for p in published if p.is_file()]
    # The precompressed copies (.gz, .br) stand beside a published file, never alone.
    copies = [p for p in files if p.suffix in (".gz", ".br")]
    published = [p for p in files if p not in copies]
    assert all(copy.with_suffix("") in published for copy in copies)
    assert len(list(work_images.iterdir())) > len([p for p in published if "_images" in str(p)])
    assert set(published) <= referenced_files(site)
