"""Every page in a real browser: no serious accessibility violation (axe-core), and each
fits a phone (375 px) and a desktop (1280 px) screen. With BAO_CAO_SCREENSHOTS=1, a
full-page screenshot of each is kept in _build/screenshots/, to look at (a third of these
tests' time, so not on every run)."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import SCREENS
from test_html import toc_page_paths

pytestmark = pytest.mark.browser
PAGES = toc_page_paths()
SCREENSHOTS = Path(__file__).resolve().parent.parent / "_build" / "screenshots"


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(site, page, path):
    page.goto(site + path, wait_until="load")
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert page.evaluate("document.documentElement.lang") == "vi"
    levels = page.locator("article h1, article h2, article h3").evaluate_all(
        "hs => hs.map(h => Number(h.tagName[1]))"
    )
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    for image in page.locator("article img").all():
        assert (image.get_attribute("alt") or "").strip()


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("device", SCREENS)
def test_pages_fit_the_screen(site, screens, path, device):
    page = screens[device]
    page.goto(site + path, wait_until="load")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if os.environ.get("BAO_CAO_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = path.removeprefix("book/").removesuffix(".html")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{device}.png"), full_page=True)
    for image in page.locator("article figure img").all():
        box = image.bounding_box()
        assert box["width"] <= SCREENS[device]
    assert overflow <= 0, f"{path} is {overflow}px wider than a {SCREENS[device]}px screen"
