"""Benchmark of the book's builds on this machine, timed by hyperfine.

On temporary copies of the book, with README's build command (`python -m
bao_cao.site.build`): (1) a cold HTML build (caches removed before each run); (2) an HTML
rebuild with nothing changed; (3) an HTML rebuild after one CSV value changes (a value of
the daily series, toggled before each run); (4) HTML and PDF with nothing changed; (5) the
same book built the stock way (jupyter-book, `execute_notebooks: force`, cold); (6) the
floor: every figure function run once in one Python process. hyperfine warms up where a
warm state is what is measured, runs each several times and reports the spread. Page
weights are measured in Chromium, and every page's first paint on an emulated slow
phone (benchmarks/phone.py). Writes benchmarks/results.md. Run: `make bench`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bao_cao.data.record import REPO_ROOT
from bao_cao.site.build import copy_sources

from pageweight import STOCK_PAGE_BYTES, site_weights
from phone import first_paints
from phone import report as phone_report

PHONE_RUNS = 5

RESULTS = REPO_ROOT / "benchmarks" / "results.md"
FLOOR_CODE = """
import matplotlib as mpl
from bao_cao import figures, charts
mpl.rcParams.update(charts.STYLE)
for draw in (figures.key_figures, figures.documents_timeline, figures.actors,
             figures.vaccination, figures.commendations, figures.documents_timeline,
             figures.epidemic):
    draw()._repr_mimebundle_()  # both drawings as SVG, the wide one as PDF
"""
# A value of the daily series toggled before each run of (3): every run has one change.
TOGGLE_CODE = """
import pathlib, sys
path = pathlib.Path(sys.argv[1])
text = path.read_text(encoding="utf-8")
a, b = "2021-11-15,", "2021-11-15,1"
path.write_text(text.replace(b, a, 1) if b in text else text.replace(a, b, 1), encoding="utf-8")
"""


def command(*words: object) -> str:
    return shlex.join(str(word) for word in words)


def hyperfine(name: str, run: str, scratch: Path, runs: int, warmup: int = 0, prepare=None):
    """hyperfine's statistics of one command (seconds): mean, median, min, max, stddev."""
    export = scratch / f"{name}.json"
    arguments = ["hyperfine", "--runs", str(runs), "--warmup", str(warmup), "--style", "basic"]
    if prepare:
        arguments += ["--prepare", prepare]
    subprocess.run([*arguments, "--export-json", str(export), run], check=True)
    result = json.loads(export.read_text(encoding="utf-8"))["results"][0]
    return {key: result[key] for key in ("mean", "median", "min", "max", "stddev")}


def run() -> dict:
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        book = copy_sources(scratch / "book")
        stock = copy_sources(scratch / "stock")
        config = stock / "_config.yml"
        config.write_text(
            config.read_text(encoding="utf-8").replace(
                "execute_notebooks: cache", "execute_notebooks: force"
            ),
            encoding="utf-8",
        )
        html = command(python, "-m", "bao_cao.site.build", "--source", book, "--no-pdf")
        both = command(python, "-m", "bao_cao.site.build", "--source", book)
        daily = book / "data" / "supplementary" / "ninh-thuan-covid-daily.csv"
        results = {
            "cold": hyperfine(
                "cold", html, scratch, runs=3, prepare=command("rm", "-rf", book / "_build")
            ),
            "noop": hyperfine("noop", html, scratch, runs=5, warmup=1),
            "one_csv": hyperfine(
                "one_csv",
                html,
                scratch,
                runs=5,
                warmup=1,
                prepare=command(python, "-c", TOGGLE_CODE, daily),
            ),
            "html_pdf_noop": hyperfine("html_pdf_noop", both, scratch, runs=3, warmup=1),
        }
        stock_build = command(
            shutil.which("jupyter-book") or Path(python).with_name("jupyter-book"),
            "build", stock, "--builder", "html", "--path-output", stock / "_build" / "work",
        )  # fmt: skip
        results["stock"] = hyperfine(
            "stock", stock_build, scratch, runs=3, prepare=command("rm", "-rf", stock / "_build")
        )
        os.environ["BAO_CAO_DATA_DIR"] = str(book / "data")
        results["floor"] = hyperfine(
            "floor", command(python, "-c", FLOOR_CODE), scratch, runs=5, warmup=1
        )
        site = book / "_build" / "html"
        weights = site_weights(site)
        results["pdf_bytes"] = (site / "bao-cao.pdf").stat().st_size
        results["front_page_bytes"] = next(w.total for w in weights if w.page == "book/index.html")
        heaviest = max(weights, key=lambda weight: weight.total)
        results["heaviest_page"] = heaviest.page
        results["heaviest_bytes"] = heaviest.total
        pages = sorted(p.relative_to(site).as_posix() for p in (site / "book").glob("*.html"))
        results["phone"] = first_paints(site, [*pages, "search.html"], runs=PHONE_RUNS)
    return results


LABELS = {
    "cold": "(1) cold HTML build, caches removed",
    "noop": "(2) HTML rebuild, nothing changed",
    "one_csv": "(3) HTML rebuild after one CSV value changes",
    "html_pdf_noop": "(4) HTML and PDF, nothing changed",
    "stock": "(5) stock: jupyter-book, execute_notebooks: force, cold",
    "floor": "(6) floor: all chart code in one process",
}
TARGETS = (
    ("heaviest page ≤ 0.35 × stock page", "heaviest_bytes", "stock_page", 0.35),
    ("cold ≤ 0.35 × stock", "cold", "stock", 0.35),
    ("one-CSV rebuild ≤ 0.25 × cold", "one_csv", "cold", 0.25),
    ("no-op rebuild ≤ 0.10 × cold", "noop", "cold", 0.10),
)


def _median(value) -> float:
    return value["median"] if isinstance(value, dict) else value


def report(results: dict) -> str:
    lines = [
        "# Build benchmark",
        "",
        f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} on {os.cpu_count()} cores with hyperfine "
        "(`make bench`, `python benchmarks/bench.py`): median, minimum and standard deviation "
        "of several runs, in seconds; ratios of medians.",
        "",
        "| measurement | median | min | ± sd | × stock (5) | × floor (6) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    stock, floor = _median(results["stock"]), _median(results["floor"])
    for key, label in LABELS.items():
        timing = results[key]
        lines.append(
            f"| {label} | {timing['median']:.2f} | {timing['min']:.2f} | "
            f"{timing['stddev'] or 0:.2f} | {timing['median'] / stock:.2f} | "
            f"{timing['median'] / floor:.2f} |"
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
    values = {key: _median(value) for key, value in results.items() if key in LABELS}
    values.update(heaviest_bytes=results["heaviest_bytes"], stock_page=STOCK_PAGE_BYTES, **values)
    for label, numerator, denominator, limit in TARGETS:
        ratio = values[numerator] / values[denominator]
        lines.append(f"| {label} | {ratio:.2f} | {'yes' if ratio <= limit else 'no'} |")
    lines += ["", phone_report(results["phone"], PHONE_RUNS)]
    return "\n".join(lines) + "\n"


def main() -> int:
    if not shutil.which("hyperfine"):
        print("hyperfine is not installed: apt-get install hyperfine", file=sys.stderr)
        return 1
    text = report(run())
    print(text)
    RESULTS.write_text(text, encoding="utf-8")
    print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
