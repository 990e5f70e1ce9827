"""Every page opened once, cold, on a phone, as a reader's first visit: what it downloads,
what it waits for before the first paint, and what goes wrong on the way."""

from __future__ import annotations

import re

import pytest

from pageweight import STOCK_PAGE_BYTES, PageWeight, measure, serve
from test_html import toc_page_paths

pytestmark = pytest.mark.browser
PAGES = toc_page_paths()
SEARCHED = "search.html?q=tiem+chung"  # a search page with its results


# What a page may cost a phone on its first visit, as a static host serves it
# (compressed): HTML, stylesheets, scripts, fonts and the charts a phone is shown. Measured
# at 126–170 kB when set; first paint on the slow-phone profile is in benchmarks/results.md.
PAGE_BUDGET_BYTES = 220_000
# Only the stylesheets and the small script the page's inline scripts read may hold up
# the first paint.
MAY_BLOCK = re.compile(r"\.css(\?|$)|documentation_options\.js")


@pytest.fixture(scope="module")
def phone_visits(built_book, browser) -> dict[str, PageWeight]:
    """Every page and the search page with results, each opened once, cold, on a phone,
    from a host that serves the precompressed copies (as most static hosts do): what it
    downloads, what goes wrong on the way and what it waits for before the first paint.
    Three tests read this one visit."""
    with serve(built_book.html, compress=True) as url:
        visits = measure(url, [*PAGES, SEARCHED], browser, viewport={"width": 375, "height": 800})
    return {visit.page: visit for visit in visits}


def test_what_a_phone_waits_for_before_the_first_paint(phone_visits):
    """A phone on a slow connection waited for eight scripts and 397 kB of stylesheet, and
    the search page for Sphinx's whole index, before it painted."""
    for path, visit in phone_visits.items():
        assert visit.paint["encoded"], path  # the server sent the page compressed
        blocking = visit.paint["blocking"]
        assert [name for name in blocking if not MAY_BLOCK.search(name)] == [], path
        assert visit.paint["bytes"] <= PAGE_BUDGET_BYTES, (path, visit.paint["bytes"])


def test_no_page_asks_outside_the_site_misses_a_file_or_logs_an_error(phone_visits):
    """Nothing leaves the site and every request is answered (the favicon was a 404); no
    page logs an error (every page logged "Got invalid theme mode": the theme's default
    mode was empty)."""
    assert len(phone_visits) == len(PAGES) + 1
    assert {path: visit.problems for path, visit in phone_visits.items() if visit.problems} == {}


def test_every_page_weighs_at_most_a_third_of_the_stock_page(phone_visits):
    """What a page downloads, decompressed, against sphinx-book-theme's stock page; no web
    font, no heavy chart."""
    for path in PAGES:  # the search page's index is its own budget (the first paint's)
        visit = phone_visits[path]
        assert visit.total <= 0.35 * STOCK_PAGE_BYTES, (path, visit.total)
        fonts = [
            url for url in visit.files if "fontawesome" in url or url.endswith((".woff2", ".ttf"))
        ]
        assert fonts == [], path
    charts = [
        size for url, size in phone_visits["book/index.html"].files.items() if url.endswith(".svg")
    ]
    assert charts
    assert all(size < 100_000 for size in charts)
