"""Shared fixtures: the book is built once per test run, in a temporary copy of the repo."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# The benchmark's page-weight and browser helpers are development tools, not the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from bao_cao.site.build import book_environment, build, copy_sources
from bao_cao.site.citation import SITE_PDF_NAME

copy_book = copy_sources  # a copy of the book's sources that a test may change and rebuild


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


def pytest_report_header() -> str:
    from pageweight import chromium_name

    return f"browser tests: {chromium_name()}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that reads the built book is a build test: `-m "not build"` is the quick set."""
    for item in items:
        if "built_book" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.build)


def warm_copy(built_book: BuiltBook, destination: Path) -> Path:
    """A copy of the built book with its caches: a test's rebuild does only what changed."""
    return Path(shutil.copytree(built_book.source, destination, symlinks=True))


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class BuiltBook:
    source: Path
    html: Path
    pdf: Path

    def page(self, name: str) -> Path:
        return self.html / "book" / f"{name}.html"


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> BuiltBook:
    """The whole book (HTML and PDF), built through the same code as the build command."""
    source = copy_book(tmp_path_factory.mktemp("book") / "src")
    html = build(source, pdf=True)
    return BuiltBook(source=source, html=html, pdf=html / SITE_PDF_NAME)
