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
    """One page opened cold: the bytes of every file it downloaded, what went wrong on the
    way (a request outside the site, a failed or refused request, an error in the console),
    and what the browser's performance timeline says of its first paint."""

    page: str
    files: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    paint: dict = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.files.values())


# Read from the performance timeline once the page has settled, in one call: every file
# the page downloaded with its size once decompressed (what the browser keeps of each
# response: no body is sent back to Python), and of the first paint the files that held
# it up, the bytes that crossed the network, whether the page came compressed.
TIMELINE_SCRIPT = """() => {
  const resources = performance.getEntriesByType('resource');
  const navigation = performance.getEntriesByType('navigation')[0];
  return {
    files: Object.fromEntries([navigation, ...resources].map(r => [r.name, r.decodedBodySize])),
    paint: {
      blocking: resources.filter(r => r.renderBlockingStatus === 'blocking').map(r => r.name),
      bytes: resources.reduce((sum, r) => sum + r.transferSize, navigation.transferSize),
      encoded: navigation.encodedBodySize < navigation.decodedBodySize,
    },
  };
}"""


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


def visit_all(browser, urls: list[str], listen=None, **context_options) -> Iterator:
    """Open every address at once, cold (the browser's cache off for each, as DevTools'
    "Disable cache" does: every file is fetched and counted), and yield (address, page) as
    each one's network has been idle for half a second (Playwright's "networkidle"): the
    idle waits overlap, where one page after another they add 0.6 s a page. The pages
    share one browser context: a context for each page cost a renderer process each,
    three times the time for the same bytes. `listen(address, page)` is called before the page's
    request is sent, to attach listeners."""
    context = browser.new_context(**context_options)
    try:
        opened = []
        for url in urls:
            page = context.new_page()
            context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
            opened.append((url, page))
            if listen:
                listen(url, page)
            page.goto(url, wait_until="commit")  # the rest loads while the others start
        for url, page in opened:
            page.wait_for_load_state("networkidle")
            yield url, page
    finally:
        context.close()


def measure(base_url: str, pages: list[str], browser=None, **context_options) -> list[PageWeight]:
    """Open each page once, cold and all at once (see visit_all), and record what it
    downloaded, what went wrong, and its first paint. `browser`: one already running, else
    Debian's Chromium is started for the measurement."""
    weights = {base_url + path: PageWeight(path) for path in pages}

    def listen(url: str, page) -> None:
        weight = weights[url]

        def counted(response) -> None:
            if response.status >= 400:
                weight.problems.append(f"{response.status} {response.url}")

        def requested(request) -> None:
            if not request.url.startswith((base_url, "data:")):
                weight.problems.append(f"outside the site: {request.url}")

        page.on("response", counted)
        page.on("request", requested)
        page.on("requestfailed", lambda request: weight.problems.append(f"failed: {request.url}"))
        page.on(
            "console",
            lambda message: (
                weight.problems.append(f"console: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: weight.problems.append(f"script error: {error}"))

    def visit(browser) -> None:
        for url, page in visit_all(browser, list(weights), listen, **context_options):
            timeline = page.evaluate(TIMELINE_SCRIPT)
            weights[url].files, weights[url].paint = timeline["files"], timeline["paint"]

    if browser is not None:
        visit(browser)
    else:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            visit(launched)
            launched.close()
    return list(weights.values())


def site_weights(html_dir: Path) -> list[PageWeight]:
    """Every page of the book, measured."""
    pages = sorted(p.relative_to(html_dir).as_posix() for p in (html_dir / "book").glob("*.html"))
    with serve(html_dir) as url:
        return measure(url, pages)
