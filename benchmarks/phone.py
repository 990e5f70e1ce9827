"""First paint of every page on an emulated slow phone, measured in Chromium.

The profile of the reader's second pass (issue 11): 400 ms round trip, 1.6 Mbit/s down,
750 kbit/s up, the CPU slowed four times; the site served as a static host serves it
(precompressed copies, else gzip on the fly: pageweight.serve(compress=True)). Each page
is loaded `runs` times, each time in a fresh browser context (nothing cached), and the
median first contentful paint is kept. A timing, never a test assertion: run by
`make bench` (benchmarks/bench.py), written to benchmarks/results.md.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from pageweight import CHROMIUM, CHROMIUM_ARGS, serve

LATENCY_MS = 400
DOWN_BYTES_PER_S = 1_600_000 / 8
UP_BYTES_PER_S = 750_000 / 8
CPU_SLOWDOWN = 4
TARGET_MS = 2500


@dataclass
class PagePaint:
    page: str
    first_paints_ms: list[float]
    transferred_bytes: int

    @property
    def median_ms(self) -> float:
        return statistics.median(self.first_paints_ms)


def first_paints(html_dir: Path, pages: list[str], runs: int = 5) -> list[PagePaint]:
    from playwright.sync_api import sync_playwright

    results = []
    with serve(html_dir, compress=True) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for page_path in pages:
            paints, transferred = [], 0
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 375, "height": 800})
                page = context.new_page()
                session = context.new_cdp_session(page)
                session.send("Network.enable")
                session.send(
                    "Network.emulateNetworkConditions",
                    {
                        "offline": False,
                        "latency": LATENCY_MS,
                        "downloadThroughput": DOWN_BYTES_PER_S,
                        "uploadThroughput": UP_BYTES_PER_S,
                    },
                )
                session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
                page.goto(url + page_path, wait_until="load", timeout=120_000)
                paints.append(
                    page.evaluate(
                        "performance.getEntriesByName('first-contentful-paint')[0].startTime"
                    )
                )
                transferred = page.evaluate(
                    "performance.getEntriesByType('resource').reduce("
                    "(sum, r) => sum + r.transferSize, "
                    "performance.getEntriesByType('navigation')[0].transferSize)"
                )
                context.close()
            results.append(PagePaint(page_path, paints, transferred))
        browser.close()
    return results


def report(results: list[PagePaint], runs: int) -> str:
    lines = [
        "## First paint on a slow phone",
        "",
        f"Chromium at 375 px, {LATENCY_MS} ms round trip, {DOWN_BYTES_PER_S * 8 / 1e6:g} Mbit/s "
        f"down, CPU slowed {CPU_SLOWDOWN}×, the site served compressed as a static host "
        f"serves it; median of {runs} cold loads per page. Target: first contentful paint "
        f"≤ {TARGET_MS / 1000:g} s on every page.",
        "",
        "| page | first contentful paint (median) | slowest load | bytes transferred |",
        "|---|---:|---:|---:|",
    ]
    for result in results:
        lines.append(
            f"| {result.page} | {result.median_ms / 1000:.2f} s | "
            f"{max(result.first_paints_ms) / 1000:.2f} s | {result.transferred_bytes:,} |"
        )
    met = all(result.median_ms <= TARGET_MS for result in results)
    lines += ["", f"Target met on every page: {'yes' if met else 'no'}.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    site = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("_build/html")
    names = sorted(p.relative_to(site).as_posix() for p in (site / "book").glob("*.html"))
    measured = first_paints(site, [*names, "search.html"], runs=3)
    print(report(measured, 3))
