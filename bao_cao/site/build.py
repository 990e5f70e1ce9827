"""Build the book: validate data/, build HTML and PDF, and publish them only if all succeed.

jupyter-book works in _build/work (its caches, doctrees, HTML and LaTeX live there). The
site readers open, _build/html, is replaced only when validation, the HTML build, the
address check and the PDF have all succeeded: a failed build leaves the last good site
and PDF exactly as they were, prints a short reason, and keeps the full log. Builds are
strict (`-n -W --keep-going`): a warning, a broken reference or a failing cell fails it.

A build does only the work its inputs call for: nothing at all when they hash as the last
good build's (bao_cao.site.stamp); chapters read and executed by as many processes as
there are cores (bao_cao.site.sphinx_build); the LaTeX builder run while the HTML is
checked and compressed; XeLaTeX only when the LaTeX it typesets changed, from the last
run's auxiliary files. `_build/logs/timings.txt` says where the time went.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from bao_cao.codehash import files_hash, path_with_book_first
from bao_cao.data.record import REPO_ROOT
from bao_cao.data.validate import check, summarised
from bao_cao.site.addresses import (
    MANIFEST,
    missing_addresses,
    prune_stale_pages,
    unserved_message,
    unserved_pages,
)
from bao_cao.site.citation import load_metadata
from bao_cao.site.compress import precompress
from bao_cao.site.lock import BuildRunning, build_lock
from bao_cao.site.names import SITE_PDF_NAME
from bao_cao.site.publish import put_in_place
from bao_cao.site.sphinx_build import output_folder
from bao_cao.site.stamp import (
    NOTHING_TO_DO,
    BadSourceDate,
    changed_since,
    combined_hash,
    input_digests,
    record,
    source_date_epoch,
    up_to_date,
)
from bao_cao.sphinxext.execution import CELL as CODE_CELL_BODY

STRICT = ["-n", "-W", "--keep-going"]
# Lines of a build log that say what went wrong (Sphinx warnings, myst-nb cell errors, TeX).
REASON = re.compile(r"WARNING|ERROR|Error|error:|^! |Traceback|Exception|failed", re.IGNORECASE)
NOISE = re.compile(r"IPKernelApp|MdParserConfig|NbParserConfig|build finished with problems")
TERMINAL_COLOURS = re.compile(r"\x1b\[[0-9;]*m")
LOST_CHARACTER = re.compile(r"Missing character: There is no (.) ")


# What a copy of the book leaves out: local environments and outputs, never sources.
NOT_COPIED = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", ".pytest_cache")


def copy_sources(destination: Path, source: Path = REPO_ROOT) -> Path:
    """A copy of the book's sources (for the tests and the benchmark to change and build)."""
    shutil.copytree(source, destination, ignore=NOT_COPIED)
    return destination


class BuildError(RuntimeError):
    """A build step failed; the message says which step, why, and where the full log is."""


EXCEPTION_LINE = re.compile(r"^\w*(Error|Exception|Warning): \S")


def _reason(log: Path, limit: int = 12) -> str:
    """What went wrong, from a build log: the warnings and errors, and what each failing
    cell raised ("ValueError: …"), each once, without the tracebacks around them."""
    text = TERMINAL_COLOURS.sub("", log.read_text(encoding="utf-8", errors="replace"))
    lines = [line.strip() for line in text.splitlines()]
    raised = [line for line in lines if EXCEPTION_LINE.match(line) and not NOISE.search(line)]
    said = [line for line in lines if REASON.search(line) and not NOISE.search(line)]
    picked = list(dict.fromkeys(raised[:4] + said))
    return "\n".join("  " + line for line in picked[:limit])


FAILED_NOTEBOOK = re.compile(r"^(?P<path>\S+\.md): WARNING: Executing notebook failed", re.M)
FAILED_CELL = re.compile(
    r"An error occurred while executing the following cell:\n-+\n(?P<code>.*?)\n-+\n"
    r"(?P<after>.*?)(?=\nException occurred:|\Z)",
    re.S,
)


def failed_cells(log: str, source: Path) -> list[str]:
    """Each chapter cell that raised, as staff can find it: "book/x.md, code cell 2 (line
    31): NameError: …", from a build log (the traceback stays in the log)."""
    found = []
    chapters = FAILED_NOTEBOOK.findall(log)
    for chapter, failure in zip(chapters, FAILED_CELL.finditer(log), strict=False):
        raised = [line for line in failure["after"].splitlines() if EXCEPTION_LINE.match(line)]
        cause = raised[-1] if raised else "the cell raised an error"
        path = Path(chapter)
        where = path.relative_to(source).as_posix() if path.is_relative_to(source) else chapter
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            found.append(f"{where}: {cause}")
            continue
        for number, cell in enumerate(CODE_CELL_BODY.finditer(text), start=1):
            if failure["code"].strip() in cell["code"]:
                line = text[: cell.start()].count("\n") + 1
                where += f", code cell {number} (line {line})"
                break
        found.append(f"{where}: {cause}")
    return found


def book_environment(source: Path) -> dict[str, str]:
    """The environment a build of `source` runs in: the book's own copy of the package
    first on the path (bao_cao.codehash.path_with_book_first)."""
    environment = dict(os.environ)
    python_path = path_with_book_first(source, environment.get("PYTHONPATH"))
    if python_path:
        environment["PYTHONPATH"] = python_path
    return environment


class Step:
    """A build step running in its own process, its output in a log."""

    def __init__(self, name: str, command: list[str], cwd: Path, log: Path):
        self.name, self.log, self.cwd = name, log, cwd
        self._handle = log.open("w", encoding="utf-8")
        self._process = subprocess.Popen(
            command, cwd=cwd, stdout=self._handle, stderr=subprocess.STDOUT,
            env=book_environment(cwd),
            # Its own process group: stop() ends the step with every kernel it started.
            start_new_session=True,
        )  # fmt: skip

    def wait(self) -> None:
        """Wait for the step; a failure raises BuildError with the log's reasons."""
        try:
            code = self._process.wait()
        except BaseException:  # a build stopped by Ctrl-C or kill leaves no step running
            self.stop()
            raise
        self._handle.close()
        if code != 0:
            text = TERMINAL_COLOURS.sub("", self.log.read_text(encoding="utf-8", errors="replace"))
            reason = "\n".join(f"  {line}" for line in failed_cells(text, self.cwd))
            raise BuildError(
                f"{self.name} failed (exit {code}):\n{reason or _reason(self.log)}\n"
                f"Full log (with the traceback): {self.log}"
            )

    def stop(self) -> None:
        if self._process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()
        self._handle.close()


def _run(step: str, command: list[str], cwd: Path, log: Path) -> None:
    Step(step, command, cwd, log).wait()


class Timings:
    """How long each step took, written to _build/logs/timings.txt."""

    def __init__(self):
        self.steps: list[tuple[str, float]] = []
        self.start = time.perf_counter()

    @contextmanager
    def step(self, name: str):
        begun = time.perf_counter()
        try:
            yield
        finally:
            self.steps.append((name, time.perf_counter() - begun))

    def write(self, path: Path) -> None:
        lines = [f"{seconds:7.2f} s  {name}" for name, seconds in self.steps]
        lines.append(f"{time.perf_counter() - self.start:7.2f} s  whole build")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def work_dir(source: Path) -> Path:
    """Where jupyter-book writes: _build/work/_build/{html,latex,.jupyter_cache,.doctrees}."""
    return source / "_build" / "work"


def jobs() -> int:
    """Processes for reading and executing chapters: one per core (BAO_CAO_JOBS to change)."""
    return int(os.environ.get("BAO_CAO_JOBS") or os.cpu_count() or 1)


def start_jupyter_book(source: Path, builder: str, log: Path) -> Step:
    """Start one strict jupyter-book builder (bao_cao.site.sphinx_build: jupyter-book's own
    build with -n -W --keep-going, and parallel jobs)."""
    command = [
        sys.executable, "-m", "bao_cao.site.sphinx_build", "--source", str(source),
        "--work", str(work_dir(source)), "--builder", builder, "--jobs", str(jobs()),
    ]  # fmt: skip
    return Step(f"jupyter-book {builder}", command, source, log)


def jupyter_book(source: Path, builder: str, log: Path) -> Path:
    """Run one strict jupyter-book builder; return its output folder."""
    start_jupyter_book(source, builder, log).wait()
    return output_folder(work_dir(source), builder)


# Files of the LaTeX folder that XeLaTeX writes, not reads.
TEX_OUTPUTS = {".aux", ".log", ".out", ".toc", ".pdf", ".fls", ".fdb_latexmk", ".xdv", ".idx",
               ".ilg", ".ind", ".lof", ".lot", ".synctex.gz"}  # fmt: skip
TYPESET = "typeset.json"


def latex_hash(latex_dir: Path) -> str:
    """A hash of what XeLaTeX reads: the .tex, the style files and the charts' PDFs, and
    the day it dates the PDF by (SOURCE_DATE_EPOCH)."""
    read = [
        path
        for path in latex_dir.rglob("*")
        if path.is_file() and path.name != TYPESET and path.suffix not in TEX_OUTPUTS
    ]
    day = os.environ.get("SOURCE_DATE_EPOCH", "").encode() + b"\0"
    return files_hash(read, latex_dir, prefix=day)


def latex_to_pdf(latex_dir: Path, log: Path) -> Path:
    """Typeset book.tex with XeLaTeX via latexmk; nothing when the LaTeX it reads is what
    the last good PDF was typeset from."""
    digest = latex_hash(latex_dir)
    done = latex_dir / TYPESET
    pdf = latex_dir / "book.pdf"
    typeset = pdf.is_file() and done.is_file()
    if typeset and json.loads(done.read_text(encoding="utf-8")).get("latex") == digest:
        return pdf
    done.unlink(missing_ok=True)
    # -g: latexmk's own record sees no change in a new day (SOURCE_DATE_EPOCH), ours does.
    command = ["latexmk", "-g", "-pdfxe", "-interaction=nonstopmode", "-halt-on-error", "book.tex"]
    try:
        # From the last run's .aux: latexmk runs XeLaTeX only as often as references move.
        _run("XeLaTeX", command, latex_dir, log)
    except BuildError:
        # Stale .aux files from an earlier language or structure can break a run: once
        # more from clean ones.
        for stale in latex_dir.glob("book.*"):
            if stale.suffix != ".tex":
                stale.unlink()
        _run("XeLaTeX", command, latex_dir, log)
    tex_log = (latex_dir / "book.log").read_text(encoding="utf-8", errors="replace")
    lost = sorted(set(LOST_CHARACTER.findall(tex_log)))
    if lost:
        raise BuildError(
            "XeLaTeX: the PDF's fonts have no glyph for "
            + ", ".join(f"'{char}' (U+{ord(char):04X})" for char in lost)
            + "; the PDF would silently leave them out. Replace the character in the text or "
            f"data that holds it. Full log: {latex_dir / 'book.log'}"
        )
    done.write_text(json.dumps({"latex": digest}) + "\n", encoding="utf-8")
    return pdf


# Folders where Sphinx copies files that pages refer to; it never removes old ones.
GENERATED_FOLDERS = ("_images", "_downloads")
REFERENCE = re.compile(r"""(?:src|href|srcset|data)\s*=\s*["']([^"'#?]+)""")


def prune_unreferenced_files(html_dir: Path) -> list[str]:
    """Remove images and downloads no page refers to.

    jupyter-book's output folder keeps every image it ever wrote: charts of earlier data,
    of a build that failed half-way. Only what the pages of this build show is published.
    """
    referenced = set()
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        for link in REFERENCE.findall(text):
            for part in link.split(","):  # srcset: "a.svg 1x, b.svg 2x"
                target = part.strip().split(" ")[0]
                if target and "://" not in target and not target.startswith("data:"):
                    referenced.add((page.parent / target).resolve())
    removed = []
    for folder in GENERATED_FOLDERS:
        for path in sorted((html_dir / folder).rglob("*")):
            if path.is_file() and path.resolve() not in referenced:
                path.unlink()
                removed.append(path.relative_to(html_dir).as_posix())
    return removed


def build(source: Path, pdf: bool = True) -> Path:
    """Validate, build and publish the book at `source`; return the published HTML folder."""
    site = source / "_build" / "html"
    notes: list[str] = []
    # Every step (Sphinx, matplotlib, XeLaTeX) dates its output by this day, not by the
    # second it ran: the same inputs on the same day give the same bytes.
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch())
    os.environ["FORCE_SOURCE_DATE"] = "1"  # TeX's \today and the PDF's dates too
    with build_lock(source, notes):
        for note in notes:
            print(note, file=sys.stderr)
        # What the build starts from: validated, built, and compared again before publishing.
        snapshot = input_digests(source)
        digest = combined_hash(snapshot)
        if up_to_date(source, pdf, digest):
            print(NOTHING_TO_DO, file=sys.stderr)
            return site
        logs = source / "_build" / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        timings = Timings()
        try:
            _build(source, pdf, site, logs, timings, snapshot)
        finally:
            timings.write(logs / "timings.txt")
            shutil.rmtree(staging_folder(source), ignore_errors=True)
        record(source, pdf, digest)
    return site


def refuse_changed_inputs(source: Path, snapshot: dict[str, str]) -> None:
    """BuildError if an input was saved while the build ran: what was validated is not
    what was built, so nothing of it is published."""
    changed = changed_since(source, snapshot)
    if changed:
        listing = "\n".join(f"  {name}" for name in changed)
        raise BuildError(
            f"{len(changed)} file(s) changed while the build was running, after they were "
            f"validated:\n{listing}\nNothing was published; build again once the files are "
            "saved (close them in Excel first)."
        )


def _build(
    source: Path, pdf: bool, site: Path, logs: Path, timings: Timings, snapshot: dict[str, str]
) -> None:
    with timings.step("validate data/"):
        validation = check(source / "data")
    problems = validation.problems
    for path, read in validation.normalised.items():
        print(
            f"note: data/{path.relative_to(source / 'data').as_posix()}: "
            f"{'; '.join(read.changes)} (python -m bao_cao.data.validate --fix rewrites it)",
            file=sys.stderr,
        )
    if problems:
        listing = "\n".join(f"  {line}" for line in summarised(problems))
        raise BuildError(f"data validation found {len(problems)} problem(s):\n{listing}")
    # A page renamed without a redirect is known from _toc.yml: said before the build (its
    # paragraphs' anchors are checked in what was built).
    unserved = unserved_pages(source, source / MANIFEST.name)
    if unserved:
        raise BuildError(unserved_message(unserved))
    if not load_metadata(source).base_url:
        print(
            "note: CITATION.cff has no url: citations say the site's address is not yet "
            "known (add it as url: and rebuild)",
            file=sys.stderr,
        )
    processes = jobs()
    with timings.step(f"jupyter-book html ({processes} process{'es' * (processes > 1)})"):
        built_html = jupyter_book(source, "html", logs / "html.log")
    # The LaTeX builder reads what the HTML build executed (every chapter from the cache):
    # it runs while this process checks and compresses the HTML.
    latex = start_jupyter_book(source, "latex", logs / "latex.log") if pdf else None
    try:
        with timings.step("stage, check addresses, compress (beside the LaTeX builder)"):
            staging = _stage(source, built_html)
            precompress(staging, source / "_build" / "compressed")
        if latex is not None:
            with timings.step("jupyter-book latex (what was left of it)"):
                latex.wait()
            with timings.step("XeLaTeX (only if the LaTeX changed)"):
                book_pdf = latex_to_pdf(
                    output_folder(work_dir(source), "latex"), logs / "xelatex.log"
                )
        else:
            book_pdf = site / SITE_PDF_NAME  # an HTML-only build keeps the last PDF
    finally:
        if latex is not None:
            latex.stop()
    if book_pdf.exists():
        shutil.copyfile(book_pdf, staging / SITE_PDF_NAME)  # binary: not precompressed
    with timings.step("publish"):
        refuse_changed_inputs(source, snapshot)
        # Ctrl-C or kill between the two renames would leave no site: they wait for it.
        stops = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, stops)
        try:
            put_in_place(staging, site)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def staging_folder(source: Path) -> Path:
    """Where the site is assembled before it replaces _build/html; removed when a build
    ends, however it ends."""
    return source / "_build" / ".html-staging"


def _stage(source: Path, built_html: Path) -> Path:
    """A copy of the built HTML to publish: stale pages and unused files out, every
    published address still served."""
    staging = staging_folder(source)
    if staging.exists():
        shutil.rmtree(staging)
    # .buildinfo is Sphinx's note to itself on its configuration, for its next build.
    shutil.copytree(built_html, staging, ignore=shutil.ignore_patterns(".buildinfo"))
    prune_stale_pages(staging, source)
    prune_unreferenced_files(staging)
    missing = missing_addresses(staging, source / MANIFEST.name)
    if missing:
        raise BuildError(unserved_message(missing))
    return staging


def _stop(signal_number: int, _frame) -> None:
    raise KeyboardInterrupt(signal.Signals(signal_number).name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=REPO_ROOT, help="the book's folder")
    parser.add_argument("--no-pdf", action="store_true", help="build the HTML only")
    args = parser.parse_args(argv)
    # A build stopped with kill (or a closed terminal) cleans up as one stopped with Ctrl-C.
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGHUP, _stop)
    try:
        site = build(args.source.resolve(), pdf=not args.no_pdf)
    except (BuildRunning, BadSourceDate) as error:
        print(f"Build not started: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Build stopped; the site in _build/html is unchanged.", file=sys.stderr)
        return 130
    except BuildError as error:
        print(f"Build failed; the site in _build/html is unchanged.\n{error}", file=sys.stderr)
        return 1
    except OSError as error:  # a folder that cannot be written, a disk that is full
        print(f"Build failed; the site in _build/html is unchanged.\n  {error}", file=sys.stderr)
        return 1
    print(f"Site: {site}/index.html")
    if not args.no_pdf:
        print(f"PDF:  {site / SITE_PDF_NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
