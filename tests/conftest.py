"""Shared fixtures: the book is built once per test run, in a temporary copy of the repo."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from bao_cao.build import SITE_PDF_NAME, build
from bao_cao.record import REPO_ROOT

# What a copy of the book leaves out: local environments and outputs, never sources.
NOT_COPIED = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", ".pytest_cache")


def copy_book(destination: Path) -> Path:
    """A copy of the book's sources that a test may change and rebuild."""
    shutil.copytree(REPO_ROOT, destination, ignore=NOT_COPIED)
    return destination


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
