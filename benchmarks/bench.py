"""Benchmark of builds on this machine: where the time goes, against the stock settings.

Measures, in one run and on temporary copies of the book: (1) a cold HTML build (empty
cache); (2) a no-op rebuild; (3) a rebuild after one CSV value changes; (4) the PDF from a
warm cache; (5) the same book with jupyter-book's stock execution (`force`); (6) the
floor: every figure function run once in one Python process. Prints seconds and ratios,
checks the targets, and writes benchmarks/results.md. Run: `make bench`.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bao_cao.data.record import REPO_ROOT
from bao_cao.site.build import copy_sources, jupyter_book, latex_to_pdf

from pageweight import STOCK_PAGE_BYTES, site_weights

RESULTS = REPO_ROOT / "benchmarks" / "results.md"
FLOOR_CODE = """
import matplotlib as mpl, io
from bao_cao import figures, charts
mpl.rcParams.update(charts.STYLE)
for draw in (figures.key_figures, figures.documents_timeline, figures.actors,
             figures.vaccination, figures.commendations, figures.documents_timeline,
             figures.epidemic):
    figure = draw()
    for kind in ("svg", "pdf"):
        figure.savefig(io.BytesIO(), format=kind)
"""


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def build_html(source: Path) -> None:
    (source / "_build" / "logs").mkdir(parents=True, exist_ok=True)
    jupyter_book(source, "html", source / "_build" / "logs" / "html.log")


def run() -> dict[str, float | str]:
    with tempfile.TemporaryDirectory() as scratch:
        book = copy_sources(Path(scratch, "book"))
        stock = copy_sources(Path(scratch, "stock"))
        config = stock / "_config.yml"
        config.write_text(
            config.read_text(encoding="utf-8").replace(
                "execute_notebooks: cache", "execute_notebooks: force"
            ),
            encoding="utf-8",
        )
        results = {"cold": timed(lambda: build_html(book))}
        results["noop"] = timed(lambda: build_html(book))
        daily = book / "data" / "supplementary" / "ninh-thuan-covid-daily.csv"
        daily.write_text(
            daily.read_text(encoding="utf-8").replace("2021-11-15,", "2021-11-15,1", 1),
            encoding="utf-8",
        )
        results["one_csv"] = timed(lambda: build_html(book))

        def pdf() -> None:
            latex = jupyter_book(book, "latex", book / "_build" / "logs" / "latex.log")
            latex_to_pdf(latex, book / "_build" / "logs" / "xelatex.log")

        results["pdf_warm"] = timed(pdf)
        results["pdf_bytes"] = (
            (book / "_build" / "work" / "_build" / "latex" / "book.pdf").stat().st_size
        )
        weights = site_weights(book / "_build" / "work" / "_build" / "html")
        results["front_page_bytes"] = next(w.total for w in weights if w.page == "book/index.html")
        heaviest = max(weights, key=lambda weight: weight.total)
        results["heaviest_page"] = heaviest.page
        results["heaviest_bytes"] = heaviest.total
        results["stock"] = timed(lambda: build_html(stock))
        environment = {**os.environ, "BAO_CAO_DATA_DIR": str(book / "data")}
        results["floor"] = timed(
            lambda: subprocess.run([sys.executable, "-c", FLOOR_CODE], check=True, env=environment)
        )
    return results


LABELS = {
    "cold": "(1) cold HTML build, empty cache",
    "noop": "(2) no-op rebuild",
    "one_csv": "(3) rebuild after one CSV value changes",
    "pdf_warm": "(4) PDF from a warm cache",
    "stock": "(5) stock settings (execute_notebooks: force)",
    "floor": "(6) floor: all chart code in one process",
}
TARGETS = (
    ("heaviest page ≤ 0.35 × stock page", "heaviest_bytes", "stock_page", 0.35),
    ("cold ≤ 0.35 × stock", "cold", "stock", 0.35),
    ("one-CSV rebuild ≤ 0.25 × cold", "one_csv", "cold", 0.25),
    ("no-op rebuild ≤ 0.10 × cold", "noop", "cold", 0.10),
)


def report(results: dict[str, float]) -> str:
    lines = [
        "# Build benchmark",
        "",
        f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} on {os.cpu_count()} cores "
        f"(`python benchmarks/bench.py`, `make bench`).",
        "",
        "| measurement | seconds | × stock (5) | × floor (6) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for key, label in LABELS.items():
        seconds = results[key]
        lines.append(
            f"| {label} | {seconds:.2f} | {seconds / results['stock']:.2f} | "
            f"{seconds / results['floor']:.2f} |"
        )
    lines += [
        "",
        "| page weight (a real browser, every response counted once) | bytes | × stock page |",
        "| --- | ---: | ---: |",
        f"| front page | {results['front_page_bytes']:,} | "
        f"{results['front_page_bytes'] / STOCK_PAGE_BYTES:.2f} |",
        f"| heaviest page ({results['heaviest_page']}) | {results['heaviest_bytes']:,} | "
        f"{results['heaviest_bytes'] / STOCK_PAGE_BYTES:.2f} |",
        f"| whole-book PDF | {results['pdf_bytes']:,} | |",
        "",
        f"The stock sphinx-book-theme page it is compared with loads about "
        f"{STOCK_PAGE_BYTES:,} bytes (1.5 MB of it fontawesome.js).",
    ]
    lines += ["", "| target | ratio | met |", "| --- | ---: | --- |"]
    results = {**results, "stock_page": STOCK_PAGE_BYTES}
    for label, numerator, denominator, limit in TARGETS:
        ratio = results[numerator] / results[denominator]
        lines.append(f"| {label} | {ratio:.2f} | {'yes' if ratio <= limit else 'no'} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    text = report(run())
    print(text)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
