"""Shared fixtures: the book is built once per test run, in a temporary copy of the repo."""

# ruff: noqa: E402 (the bytecode setting and the benchmarks' path come before the imports)

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import fcntl
import functools
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

# Bytecode caches (in __pycache__, which git, the book's copies and the build's inputs
# ignore) even where the environment says PYTHONDONTWRITEBYTECODE: without them every
# worker and every build subprocess compiles the same modules and rewrites the same test
# asserts again, about a second per process.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
# The tests give each book its address in CITATION.cff (set_citation) or none: an address
# a host gives the build (the Pages workflow) would make every book cite it.
os.environ.pop("BAO_CAO_PUBLIC_URL", None)

# The benchmark's page-weight and browser helpers are development tools, not the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from bao_cao import fmt
from bao_cao.codehash import files_hash
from bao_cao.data.reading import DATA_DIR, load_table
from bao_cao.data.record import REPO_ROOT
from bao_cao.data.validate import main as validate_main
from bao_cao.site import cff as citation_file
from bao_cao.site.build import book_environment, copy_sources
from bao_cao.site.names import SITE_PDF_NAME
from bao_cao.site.stamp import NOTHING_TO_DO, epoch_of

from pageweight import CHROMIUM, CHROMIUM_ARGS, chromium_name, serve

copy_book = copy_sources  # a copy of the book's sources that a test may change and rebuild
# The public address the session's book is built with, as a publisher builds it: every
# page cites its absolute address, and a release of the same sources has nothing to
# rebuild. The repository's CITATION.cff has no url; the injected book keeps it so.
PUBLIC_URL = "https://example.org/bao-cao"


# Every build of the run is dated as a release of these sources is (SOURCE_DATE_EPOCH
# from CITATION.cff's date-released, as `releases` sets it): the same bytes whatever the
# day or a run that crosses midnight, and a release of the session's book has nothing to
# rebuild.
os.environ["SOURCE_DATE_EPOCH"] = str(epoch_of(citation_file.read(REPO_ROOT)["date-released"]))


def set_citation(source: Path, **fields) -> None:
    """Change fields of a copy's CITATION.cff (a field set to None is removed)."""
    path = source / "CITATION.cff"
    cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    cff.update(fields)
    cff = {key: value for key, value in cff.items() if value is not None}
    path.write_text(yaml.safe_dump(cff, allow_unicode=True, sort_keys=False), encoding="utf-8")


def build_html(source: Path, pdf: bool = False, **environment: str) -> subprocess.CompletedProcess:
    """Run the build command on a copy, as staff would (HTML only unless `pdf`), with the
    copy's own package first on the path; never raises."""
    command = [sys.executable, "-m", "bao_cao.site.build", "--source", str(source)]
    return subprocess.run(
        command if pdf else [*command, "--no-pdf"],
        capture_output=True,
        text=True,
        cwd=source,
        env={**book_environment(source), **environment},
    )


def validate_command(*args: str) -> subprocess.CompletedProcess:
    """`python -m bao_cao.data.validate ARGS` run in this process (its main, as the command
    runs it), with its exit code and output: a second of imports spared per call. A test
    that must see the process itself (its exit, no traceback) runs the command."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = validate_main(list(args))
    return subprocess.CompletedProcess(["validate", *args], code, out.getvalue(), err.getvalue())


def add_a_day(series: Path, cases: int, deaths: int) -> dt.date:
    """Append the day after the series' last, as staff add one; return its date."""
    text = series.read_text(encoding="utf-8")
    last = max(dt.date.fromisoformat(row["date"]) for row in csv.DictReader(io.StringIO(text)))
    day = last + dt.timedelta(days=1)
    series.write_text(f"{text}{day.isoformat()},{cases},{deaths}\n", encoding="utf-8")
    return day


def pytest_report_header() -> str:
    return f"browser tests: {chromium_name()}"


def needs_the_built_book(item: pytest.Item) -> bool:
    return "built_book" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that reads the built book is a build test: `-m "not build"` is the quick set.
    The tests that need no built book run first, while the book builds (see below); then
    the files that keep to one worker (see FileOrTestScheduling), the longest pieces."""
    for item in items:
        if needs_the_built_book(item):
            item.add_marker(pytest.mark.build)
    items.sort(key=lambda item: (needs_the_built_book(item), not keeps_to_one_worker(item.path)))


@functools.cache
def keeps_to_one_worker(path: Path) -> bool:
    """A test file that defines a module- or session-wide fixture (a release, a book built
    with markup in every cell, every page visited once): its tests run on one worker, so
    that the fixture is made once."""
    return bool(re.search(r'fixture\(scope="(module|session)"', path.read_text(encoding="utf-8")))


@pytest.hookimpl(optionalhook=True)  # known only where xdist is loaded
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """Spread the tests one by one over the workers, except the files that keep to one
    worker: xdist's `loadfile` kept every file whole (a few files of two minutes each made
    the run), and its `loadgroup` loses its groups under pytest 9."""
    from xdist.scheduler import LoadScopeScheduling

    class FileOrTestScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            file = nodeid.split("::", 1)[0]
            return file if keeps_to_one_worker(config.rootpath / file) else nodeid

    return FileOrTestScheduling(config, log)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start building the book as soon as the run knows it needs it, in the background:
    the quick tests run meanwhile, where every worker used to wait a minute for it."""
    if not session.config.option.collectonly and any(map(needs_the_built_book, session.items)):
        BOOK_BUILD.start(run_folder(session.config))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run stopped early (-x, Ctrl-C) stops the build it started. A worker that has run
    out of tests lets it finish: another worker may be waiting for it (it was killed, and
    the other worker's tests failed with "the book did not build")."""
    if session.shouldstop or session.shouldfail or exitstatus == pytest.ExitCode.INTERRUPTED:
        BOOK_BUILD.stop()
    elif BOOK_BUILD.thread is not None:
        BOOK_BUILD.thread.join()


def run_folder(config: pytest.Config) -> Path:
    """The run's temporary folder, shared by its xdist workers. (`_tmp_path_factory` is
    how pytest's own tmp_path_factory fixture reaches it, before any fixture exists.)"""
    root = config._tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


# The session book's sources as copied, before the build: what the build writes into them
# is what differs afterwards (test_build_safety).
SOURCES_BEFORE = "sources-before-the-build.json"


def source_digests(source: Path) -> dict[str, str]:
    """Each file of a book's folder but its outputs and caches, with its bytes' SHA-256:
    every file, hidden ones too (where stamp.input_digests lists only what shapes the
    outputs), since any file a build writes there would show in `git status`."""
    return {
        path.relative_to(source).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(source.rglob("*"))
        if path.is_file() and not {"_build", "__pycache__"} & set(path.relative_to(source).parts)
    }


class BookBuild:
    """The whole book (HTML and PDF) built once per test run, through the build command,
    in the run's folder: by the first worker to take the lock, the others wait for it and
    read the same copy. It starts in a thread when collection ends; the fixture waits."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.process: subprocess.Popen | None = None

    def start(self, root: Path) -> None:
        self.thread = threading.Thread(target=self.build, args=(root,), daemon=True)
        self.thread.start()

    def build(self, root: Path) -> Path:
        folder = root / "built-book"
        with open(root / "built-book.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (folder / "built").exists() and not (folder / "failed").exists():
                shutil.rmtree(folder, ignore_errors=True)
                source = copy_book(folder / "src")
                set_citation(source, url=PUBLIC_URL)
                (folder / SOURCES_BEFORE).write_text(json.dumps(source_digests(source)))
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "bao_cao.site.build", "--source", str(source)],
                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                    cwd=source, env=book_environment(source),
                )  # fmt: skip
                output, _ = self.process.communicate()
                outcome = "built" if self.process.returncode == 0 else "failed"
                (folder / outcome).write_text(output, encoding="utf-8")
        return folder

    def wait(self, root: Path) -> Path:
        if self.thread is not None:
            self.thread.join()
        return self.build(root)  # built by now, here or by another worker: it returns

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait()


BOOK_BUILD = BookBuild()


def warm_copy(built_book: BuiltBook, destination: Path) -> Path:
    """A copy of the built book with its caches: a test's rebuild does only what changed."""
    return Path(shutil.copytree(built_book.source, destination, symlinks=True))


def tree_digest(folder: Path) -> str:
    """One hash of every file under `folder`: its name and bytes (files_hash)."""
    return files_hash((p for p in folder.rglob("*") if p.is_file()), folder)


@dataclass(frozen=True)
class BuiltBook:
    source: Path
    html: Path
    pdf: Path

    def page(self, name: str) -> Path:
        return self.html / "book" / f"{name}.html"


@pytest.fixture(scope="session")
def built_book(request: pytest.FixtureRequest) -> BuiltBook:
    """The whole book, built once per test run (BookBuild) and shared read-only by every
    test and every worker."""
    folder = BOOK_BUILD.wait(run_folder(request.config))
    if (folder / "failed").exists():
        output = (folder / "failed").read_text(encoding="utf-8")
        pytest.fail(f"the book did not build:\n{output[-3000:]}", pytrace=False)
    source = folder / "src"
    html = source / "_build" / "html"
    return BuiltBook(source=source, html=html, pdf=html / SITE_PDF_NAME)


class Book:
    """A built copy of the book that a test changes and rebuilds."""

    def __init__(self, source: Path):
        self.source = source

    def rebuild(self, pdf: bool = False) -> set[str]:
        """Rebuild the HTML (and the PDF); return the chapters whose cells were executed."""
        result = build_html(self.source, pdf=pdf)
        assert result.returncode == 0, result.stderr
        if NOTHING_TO_DO in result.stderr:
            return set()  # nothing started: no log was written
        log = (self.source / "_build" / "logs" / "html.log").read_text(encoding="utf-8")
        return set(re.findall(r"book/([\w-]+)\.md: Executing notebook", log))

    def page(self, name: str) -> BeautifulSoup:
        path = self.source / "_build" / "html" / "book" / f"{name}.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def text(self, name: str) -> str:
        return " ".join(self.page(name).get_text(" ").split())

    def svg(self, name: str, figure: str) -> str:
        image = self.page(name).find("figure", id=figure).find("img")
        path = self.source / "_build" / "html" / "book" / image["src"]
        return path.read_text(encoding="utf-8")

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.source / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def rows(self, name: str) -> list[dict[str, str]]:
        text = (self.source / "data" / name).read_text(encoding="utf-8")
        return list(csv.DictReader(io.StringIO(text)))

    def check_pages_show_the_data(self) -> None:
        """The figures in prose on every page equal what the data now say."""
        daily = self.rows("supplementary/ninh-thuan-covid-daily.csv")
        appendix = self.text("phu-luc-boi-canh-dich-benh")
        cases = sum(int(row["new_cases"]) for row in daily)
        assert f"{fmt.number(cases)} ca mắc" in appendix
        last = max(row["date"] for row in daily)
        assert f"đến ngày {last[8:10]}/{last[5:7]}/{last[:4]}" in appendix
        from bao_cao.figures import referred_to_in_passing

        documents = load_table("documents", self.source / "data")
        generic = referred_to_in_passing(documents)
        assert (
            f"Báo cáo viện dẫn {len(documents)} văn bản (số đếm của ấn bản; báo cáo không tự "
            f"đếm), kể cả {len(generic)} văn bản báo cáo chỉ gọi chung"
        ) in self.text("muc-i")
        booster = next(
            r for r in self.rows("indicators.csv") if r["indicator_id"] == "tiem-nhac-lai"
        )
        booster_text = f"tiêm nhắc lại đạt {fmt.percent(float(booster['value']))}"
        assert booster_text in self.text("index")
        glossary = {row["term"] for row in self.rows("glossary.csv")}
        shown = {
            dt.get_text(" ", strip=True) for dt in self.page("thuat-ngu").select("dl.glossary dt")
        }
        assert shown == glossary


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the book's data, with the chapters and manifest the validator reads."""
    shutil.copytree(REPO_ROOT / "book", tmp_path / "book")
    shutil.copy(REPO_ROOT / "published-addresses.txt", tmp_path)
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


@pytest.fixture
def book(built_book, tmp_path) -> Book:
    """A copy of the built book, caches included: each test starts from the same state."""
    return Book(warm_copy(built_book, tmp_path / "src"))


# A browser on the session's site, for the browser tests: one of each per worker.
@pytest.fixture(scope="session")
def site(built_book):
    """The built site, served on 127.0.0.1 while the worker runs."""
    with serve(built_book.html) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


SCREENS = {"phone": 375, "desktop": 1280}


@pytest.fixture(scope="session")
def screens(browser):
    """A page for each screen width, kept while the worker runs, for the tests that open
    pages and read them. A new page costs a renderer process and a cold cache, four times
    the load itself."""
    pages = {
        device: browser.new_context(
            viewport={"width": width, "height": 900}, accept_downloads=True
        ).new_page()
        for device, width in SCREENS.items()
    }
    yield pages
    for page in pages.values():
        page.context.close()


@pytest.fixture
def page(screens):
    """The worker's desktop page, left as it was found after the test: screen media, its
    size, nothing stored. A test that listens to a page's events takes fresh_page."""
    reader = screens["desktop"]
    viewport = reader.viewport_size
    yield reader
    reader.emulate_media(media="null")
    reader.set_viewport_size(viewport)
    if reader.url.startswith("http"):
        reader.evaluate("localStorage.clear(); sessionStorage.clear()")
    reader.context.clear_cookies()


@pytest.fixture
def phone(browser):
    """A touch phone at 375 px, a context of its own, closed after the test."""
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, has_touch=True, is_mobile=True
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def fresh_page(browser):
    """A page of its own, in a context of its own."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()
