"""Which of the package's files a piece of code runs, and one hash of them.

The execution cache keys each chapter on the code its cells import, and Sphinx re-reads
pages when the extensions' own code changes; neither may depend on code that shapes no
page (the build script, the publisher, the benchmark). Imports are followed by reading
the files (ast), never by importing them, inside the book's own copy of the package.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

PACKAGE = "bao_cao"
PACKAGE_ROOT = Path(__file__).resolve().parent
# A module's own data, beside it under its name (charts.mplstyle): part of the module.
MODULE_DATA = (".mplstyle",)


def module_file(name: str, root: Path = PACKAGE_ROOT) -> Path | None:
    """The file of module `name` (bao_cao.data.reading) under the package at `root`."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = root.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@functools.lru_cache(maxsize=512)  # every chapter's closure reads the same modules again
def imported_modules(code: str) -> frozenset[str]:
    """The package's modules that `code` imports (`from bao_cao import figures` included)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return frozenset()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return frozenset(name for name in names if name.split(".")[0] == PACKAGE)


def closure(modules: Iterable[str], root: Path = PACKAGE_ROOT) -> list[Path]:
    """The files of `modules`, of every package module they import, of their packages'
    __init__.py files (which run on import) and of the modules' own data (MODULE_DATA),
    in a stable order."""
    seen: dict[Path, None] = {}
    pending = list(modules)
    while pending:
        name = pending.pop()
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):  # bao_cao, bao_cao.data, bao_cao.data.reading
            path = module_file(".".join(parts[:depth]), root)
            if path is None or path in seen:
                continue
            seen[path] = None
            pending.extend(imported_modules(path.read_text(encoding="utf-8")))
            for data_file in (path.with_suffix(suffix) for suffix in MODULE_DATA):
                if data_file.is_file():
                    seen[data_file] = None
    return sorted(seen)


def files_hash(paths: Iterable[Path], root: Path, prefix: bytes = b"") -> str:
    """One SHA-256 (hex) of the files' names (relative to `root`, POSIX) and bytes, in name
    order, after `prefix`: the one way the package hashes a set of files (chapters' code,
    the data checksum, the LaTeX XeLaTeX reads, the theme's assets)."""
    digest = hashlib.sha256(prefix)
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def path_with_book_first(book: Path, current: str | None) -> str | None:
    """A PYTHONPATH with the book's folder first, when the book has its own copy of the
    package: a copied book (a test's, the benchmark's) runs its own code, never another
    checkout's. Without a copy in the book, the path is left as it is."""
    if not (Path(book) / PACKAGE / "__init__.py").is_file():
        return current
    paths = [str(book), *filter(None, (current or "").split(os.pathsep))]
    return os.pathsep.join(dict.fromkeys(paths))
