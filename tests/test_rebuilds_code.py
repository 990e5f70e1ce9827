"""Rebuilds after code and prose edits: a chapter runs again only when code it imports
changes, and its text must stay the record's."""

from __future__ import annotations

import pytest

from conftest import build_html


def test_change_only_chart_code(book):
    """The chart code changed: every chapter that draws a chart runs again, no other."""
    book.edit("bao_cao/charts.py", 'WIDE = Layout("wide", 5.2,', 'WIDE = Layout("wide", 5.3,')
    assert book.rebuild() == {
        "index", "muc-i", "muc-ii", "muc-ii-6", "muc-iv", "dong-thoi-gian",
        "phu-luc-boi-canh-dich-benh",
    }  # fmt: skip
    book.check_pages_show_the_data()


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


@pytest.mark.tex
def test_build_only_code_changes_nothing_and_a_stylesheet_and_prose_reach_the_site(book):
    """The publisher and the build script shape no page: no chapter runs, no page is read.
    A stylesheet does: Sphinx copies static files only when it writes pages, so an edited
    stylesheet with no source changed used to stay out of the site. Prose runs nothing."""
    for module in ("bao_cao/site/publish.py", "bao_cao/site/build.py"):
        # The first: a copy in another folder, Sphinx reads every page once. The second:
        # an input of the build changed (a build starts), but no page's.
        path = book.source / module
        path.write_text(path.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
        assert book.rebuild() == set()
    log = (book.source / "_build" / "logs" / "html.log").read_text(encoding="utf-8")
    assert "0 added, 0 changed, 0 removed" in log
    # A stylesheet shapes the web pages only: it reaches the site, no chapter runs, and
    # the PDF stays as it was (its LaTeX is the same: XeLaTeX does not run). A data value
    # that reaches the LaTeX typesets it again: test_untrusted_text's book.
    pdf = book.source / "_build" / "html" / "bao-cao.pdf"
    xelatex_log = book.source / "_build" / "logs" / "xelatex.log"
    typeset = pdf.read_bytes(), xelatex_log.stat().st_mtime_ns
    stylesheet = book.source / "book" / "_static" / "bao-cao.css"
    stylesheet.write_text(
        stylesheet.read_text(encoding="utf-8") + "\n/* đánh dấu thử */\n", encoding="utf-8"
    )
    assert book.rebuild(pdf=True) == set()
    assert (pdf.read_bytes(), xelatex_log.stat().st_mtime_ns) == typeset
    timings = (book.source / "_build" / "logs" / "timings.txt").read_text(encoding="utf-8")
    assert "XeLaTeX" in timings
    assert "whole build" in timings
    published = book.source / "_build" / "html" / "_static" / "bao-cao.css"
    assert "/* đánh dấu thử */" in published.read_text(encoding="utf-8")
    # A chapter's prose: no chapter runs for it, it reaches the site.
    book.edit(
        "book/muc-v.md",
        "# V. ĐÁNH GIÁ CHUNG\n",
        "# V. ĐÁNH GIÁ CHUNG\n\n{.ghi-chu-bien-tap}\nGhi chú thử của người biên tập.\n",
    )
    assert book.rebuild() == set()
    assert "Ghi chú thử của người biên tập." in book.text("muc-v")
    # The search's texts are kept from build to build for the articles that did not change.
    texts = book.source / "_build" / "html" / "_static" / "search-texts.js"
    assert "Ghi chú thử của người biên tập." in texts.read_text(encoding="utf-8")
