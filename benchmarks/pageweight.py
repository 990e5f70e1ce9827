"""What a browser downloads to show a page, measured in a real browser (Debian's Chromium).

The site is served on 127.0.0.1 from a thread; Chromium (driven by Playwright) opens the
page and every response body is counted once: HTML, CSS, JS, fonts, images. The whole-
book PDF and the data downloads are not counted: they load only when a reader asks.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bao_cao.site.compress import TEXT_SUFFIXES

# sphinx-book-theme's stock page, as measured for the issue: about 2.4 MB in 28 requests.
STOCK_PAGE_BYTES = 2_400_000
DEBIAN_CHROMIUM = "/usr/bin/chromium"


def chromium_executable() -> str | None:
    """Debian's Chromium, or None for Playwright's own build (BAO_CAO_CHROMIUM=playwright,
    installed with `python -m playwright install --with-deps chromium`), or a path given."""
    chosen = os.environ.get("BAO_CAO_CHROMIUM", "")
    if chosen == "playwright":
        return None
    return chosen or DEBIAN_CHROMIUM


def chromium_name() -> str:
    executable = chromium_executable()
    return "Playwright's own Chromium" if executable is None else f"Chromium at {executable}"


CHROMIUM = chromium_executable()
# Chromium's own background traffic is refused on this network: keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


@dataclass
class PageWeight:
    page: str
    files: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.files.values())


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _CompressingHandler(_QuietHandler):
    """As a static host serves: a file's precompressed copy (.br, .gz) when the browser
    accepts it, else text compressed on the fly with gzip, else the file as it is."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepted = self.headers.get("Accept-Encoding", "")
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            return super().send_head()
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            packed = path.with_name(path.name + suffix)
            if encoding in accepted and packed.is_file():
                return self._send(path, packed.read_bytes(), encoding)
        if "gzip" in accepted:
            return self._send(path, gzip.compress(path.read_bytes(), 6), "gzip")
        return super().send_head()

    def _send(self, path: Path, body: bytes, encoding: str):
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(html_dir: Path, compress: bool = False) -> Iterator[str]:
    """Serve `html_dir` on 127.0.0.1 (a free port) while the block runs; yield its URL.

    With `compress`, as a static host does (see _CompressingHandler)."""
    handler_class = _CompressingHandler if compress else _QuietHandler
    handler = functools.partial(handler_class, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def measure(base_url: str, pages: list[str]) -> list[PageWeight]:
    """Open each page in a fresh browser context and count the bytes of every response."""
    from playwright.sync_api import sync_playwright

    weights = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for page_path in pages:
            context = browser.new_context()
            page = context.new_page()
            weight = PageWeight(page_path)

            def count(response, weight=weight) -> None:
                with contextlib.suppress(Exception):  # a redirect or aborted load has no body
                    weight.files[response.url] = len(response.body())

            page.on("response", count)
            page.goto(base_url + page_path, wait_until="networkidle")
            weights.append(weight)
            context.close()
        browser.close()
    return weights


def site_weights(html_dir: Path) -> list[PageWeight]:
    """Every page of the book, measured."""
    pages = sorted(p.relative_to(html_dir).as_posix() for p in (html_dir / "book").glob("*.html"))
    with serve(html_dir) as url:
        return measure(url, pages)
