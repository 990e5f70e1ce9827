"""Benchmark of the book's builds on this machine, timed by hyperfine (`make bench`).

Every timing is of README's build command (`bash scripts/build.sh`: HTML and PDF,
installing nothing that is there) on a temporary copy of the book: (1) cold, every cache
and output removed before each run; (2) with nothing changed; (3) after one CSV value
changes (a value of the daily series, a new one before each run); (4) cold again with one
process for reading and executing chapters (BAO_CAO_JOBS=1), to show the gain with cores;
(5) stock: the same book the stock way, `jupyter-book build` HTML then LaTeX and latexmk,
`execute_notebooks: force`, one process, cold; (6) the floor: every figure function run
once in one Python process; (7, 8) cold and one-CSV on a generated book four times this
one (benchmarks/growth.py). hyperfine warms up where a warm state is what is measured and
runs each at least five times (three for the slowest), reporting median, minimum and
spread. Page weights are measured in Chromium, and every page's first paint on an
emulated slow phone (benchmarks/phone.py). Writes benchmarks/results.md.
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

from growth import grow

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
# A value of the daily series changed before each run of (3) and (8), to one it never had
# before: toggling between two values, every run after the second found its charts in
# the execution cache and measured no execution at all.
CHANGE_CODE = """
import pathlib, re, sys
path = pathlib.Path(sys.argv[1])
text = path.read_text(encoding="utf-8")
cases = int(re.search(r"^2021-11-15,(\\d+),", text, re.MULTILINE).group(1))
text = re.sub(r"^2021-11-15,\\d+,", f"2021-11-15,{cases + 1},", text, count=1, flags=re.MULTILINE)
path.write_text(text, encoding="utf-8")
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
    venv = Path(python).parent.parent  # this environment: the build script installs nothing
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        book = copy_sources(scratch / "book")
        grown = copy_sources(scratch / "grown")
        grow(grown, times=4)
        stock = copy_sources(scratch / "stock")
        config = stock / "_config.yml"
        config.write_text(
            config.read_text(encoding="utf-8").replace(
                "execute_notebooks: cache", "execute_notebooks: force"
            ),
            encoding="utf-8",
        )

        def readme_build(source: Path, jobs: int | None = None) -> str:
            """README's build command, in `source`, with this machine's environment."""
            variables = f"VENV={shlex.quote(str(venv))} " + (
                f"BAO_CAO_JOBS={jobs} " if jobs else ""
            )
            return variables + command("bash", source / "scripts" / "build.sh")

        def toggle(data: Path) -> str:
            daily = data / "supplementary" / "ninh-thuan-covid-daily.csv"
            return command(python, "-c", CHANGE_CODE, daily)

        def clean(source: Path) -> str:
            return command("rm", "-rf", source / "_build")

        cold = dict(prepare=clean(book))
        results = {
            "cold": hyperfine("cold", readme_build(book), scratch, runs=5, **cold),
            "noop": hyperfine("noop", readme_build(book), scratch, runs=10, warmup=1),
            "one_csv": hyperfine(
                "one_csv",
                readme_build(book),
                scratch,
                runs=5,
                warmup=1,
                prepare=toggle(book / "data"),
            ),
        }
        # Where the time of the last run of (3) went, before another build overwrites it.
        results["timings"] = (book / "_build" / "logs" / "timings.txt").read_text("utf-8")
        results |= {
            "cold_one_process": hyperfine(
                "cold_one_process", readme_build(book, jobs=1), scratch, runs=3, **cold
            ),
        }
        jupyter_book = shutil.which("jupyter-book") or Path(python).with_name("jupyter-book")
        latex = stock / "_build" / "work" / "_build" / "latex"
        stock_build = " && ".join(
            [
                command(
                    jupyter_book,
                    "build",
                    stock,
                    "--builder",
                    builder,
                    "--path-output",
                    stock / "_build" / "work",
                )
                for builder in ("html", "latex")
            ]
            + [f"cd {shlex.quote(str(latex))}", "latexmk -pdfxe -interaction=nonstopmode book.tex"]
        )
        results["stock"] = hyperfine(
            "stock", f"sh -c {shlex.quote(stock_build)}", scratch, runs=5, prepare=clean(stock)
        )
        results["grown_cold"] = hyperfine(
            "grown_cold", readme_build(grown), scratch, runs=3, prepare=clean(grown)
        )
        results["grown_one_csv"] = hyperfine(
            "grown_one_csv",
            readme_build(grown),
            scratch,
            runs=5,
            warmup=1,
            prepare=toggle(grown / "data" / "copy-2"),
        )
        os.environ["BAO_CAO_DATA_DIR"] = str(book / "data")
        results["floor"] = hyperfine(
            "floor", command(python, "-c", FLOOR_CODE), scratch, runs=5, warmup=1
        )
        results["pages"] = {
            name: len(list((source / "book").glob("*.md"))) for name, source in
            (("book", book), ("grown", grown))
        }  # fmt: skip
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
    "cold": "(1) cold: every cache and output removed",
    "noop": "(2) nothing changed",
    "one_csv": "(3) one CSV value changed",
    "cold_one_process": "(4) cold, one process (BAO_CAO_JOBS=1)",
    "stock": "(5) stock: jupyter-book HTML, LaTeX, latexmk; execute force; cold",
    "floor": "(6) floor: all chart code in one process",
    "grown_cold": "(7) book ×4, cold",
    "grown_one_csv": "(8) book ×4, one CSV value changed",
}
TARGETS = (
    ("nothing changed ≤ 0.05 × stock", "noop", "stock", 0.05),
    ("one CSV value ≤ 0.30 × stock", "one_csv", "stock", 0.30),
    ("cold ≤ 0.65 × stock (2 cores)", "cold", "stock", 0.65),
    ("book ×4, one CSV value ≤ 1.3 × this book's", "grown_one_csv", "one_csv", 1.3),
    ("heaviest page ≤ 0.35 × stock page", "heaviest_bytes", "stock_page", 0.35),
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
        "Every measurement is README's build command (HTML and PDF) unless it says otherwise.",
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
    pages = results["pages"]
    cold, grown = _median(results["cold"]), _median(results["grown_cold"])
    one, many = _median(results["cold_one_process"]), _median(results["cold"])
    lines += [
        "",
        f"Scaling with cores (this machine has {os.cpu_count()}): a cold build takes "
        f"{one:.1f} s with one process and {many:.1f} s with {os.cpu_count()} "
        f"({one / many:.2f}× faster); chapters are read and executed side by side, the "
        "LaTeX builder runs while the HTML is checked and compressed.",
        "",
        f"Growth: the generated book has {pages['grown']} pages against {pages['book']} "
        f"({pages['grown'] / pages['book']:.1f}×); cold it takes {grown / cold:.2f}× this "
        "book's time (less than its size: the fixed costs do not grow), and a changed value "
        "of one copy's data re-executes that copy's chapter only.",
        "",
        "Where the time of the last build of (3) went (`_build/logs/timings.txt`; the "
        "LaTeX builder runs beside the staging step):",
        "",
        "```",
        results["timings"].rstrip(),
        "```",
    ]
    lines += ["", "| target | ratio | met |", "| --- | ---: | --- |"]
    values = {key: _median(value) for key, value in results.items() if key in LABELS}
    values.update(heaviest_bytes=results["heaviest_bytes"], stock_page=STOCK_PAGE_BYTES)
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
