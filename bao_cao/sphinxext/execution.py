"""Sphinx extension: chapters re-execute when the data they read change, and only then.

jupyter-cache keys a notebook by its code cells and its kernelspec metadata, never by the
files the code reads, so on its own it serves old charts after a data update. Each
chapter with code declares in its front matter the data resources it reads
(`data_reads: [indicators, …]`). At `source-read` this extension writes a hash of those
files, of datapackage.json and of the package code the chapter's cells import (followed
through their imports, bao_cao.codehash) into the chapter's kernelspec metadata, so the
hash is part of the cache key: changed data or chart code miss the cache and execute,
anything else (the build script, the publisher) does not, and data changed back hit it.
At `env-get-outdated` it tells Sphinx to re-read the chapters whose hash changed, though
their own text did not.

A chapter may read a data folder of its own (front matter `data_folder: data/other`; its
cells set BAO_CAO_DATA_DIR to it before importing the package): its hash is then of that
folder's files. The benchmark's generated book, four times this one, uses it.

Kernels run the book's own copy of the package: the book's folder goes first on their
PYTHONPATH, so a copied book never runs another checkout's code.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from bao_cao.codehash import (
    PACKAGE_ROOT,
    closure,
    files_hash,
    imported_modules,
    path_with_book_first,
)
from bao_cao.data import DATA_DIR_VARIABLE, PACKAGE_FILE, package_descriptor
from bao_cao.sphinxext import env_version
from bao_cao.sphinxext.bookdata import READS_KEY, book_data, declared_reads, front_matter

logger = logging.getLogger(__name__)
HASH_KEY = "bao_cao_data"
FOLDER_KEY = "data_folder"
CODE_CELL = re.compile(r"^```\{code-cell\}", re.MULTILINE)
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(?P<code>.*?)^```", re.DOTALL | re.MULTILINE)


# The environment's attribute holding each chapter's data hash (data_hashes).
HASHES = "bao_cao_data_hashes"


def cell_code(source: str) -> str:
    """The code of a chapter's code cells, without their option lines (":tags: …")."""
    return "\n".join(
        line
        for match in CELL.finditer(source)
        for line in match["code"].splitlines()
        if not line.startswith(":")
    )


def package_root(srcdir: Path) -> Path:
    """The package the book's kernels import: the book's own copy where it has one."""
    own = srcdir / PACKAGE_ROOT.name
    return own if (own / "__init__.py").is_file() else PACKAGE_ROOT


def chapter_code(source: str, srcdir: Path) -> list[Path]:
    """The package files a chapter's cells run: what they import, and what that imports."""
    return closure(imported_modules(cell_code(source)), package_root(srcdir))


def dependency_hash(data_dir: Path, reads: list[str], source: str, srcdir: Path) -> str:
    """Hash of what a chapter's output depends on besides its code cells: the data it
    reads and the package code its cells import."""
    paths = {r["name"]: r["path"] for r in package_descriptor(data_dir)["resources"]}
    data = [data_dir / PACKAGE_FILE] + [data_dir / paths[name] for name in sorted(reads)]
    code = chapter_code(source, srcdir)
    digest = hashlib.sha256()
    digest.update(files_hash(data, data_dir).encode())
    digest.update(files_hash(code, package_root(srcdir).parent).encode())
    return digest.hexdigest()[:16]


def declared_folder(source: str) -> str | None:
    """The data folder a chapter declares it reads (front matter `data_folder`), or None."""
    folder = front_matter(source).get(FOLDER_KEY)
    return str(folder) if folder else None


def _chapter_hash(app: Sphinx, docname: str, source: str) -> str | None:
    reads = declared_reads(source)
    has_code = CODE_CELL.search(source) is not None
    if reads is None or not has_code:
        if has_code:
            logger.warning(
                "%s has code cells but no '%s' in its front matter: declare the data "
                "resources it reads, so that a data update re-executes it",
                docname,
                READS_KEY,
                location=docname,
            )
        return None  # no code: a page drawn by a directive names its table for downloads
    folder = declared_folder(source)
    data_dir = Path(app.srcdir, folder) if folder else book_data(app).data_dir
    known = {r["name"] for r in package_descriptor(data_dir)["resources"]}
    unknown = sorted(set(reads) - known)
    if unknown:
        logger.warning(
            "%s reads unknown data resources: %s", docname, ", ".join(unknown), location=docname
        )
        return None
    return dependency_hash(data_dir, reads, source, Path(app.srcdir))


def add_hash_to_kernelspec(app: Sphinx, docname: str, source: list[str]) -> None:
    """Put the chapter's data hash into its kernelspec, and so into the cache key."""
    digest = _chapter_hash(app, docname, source[0])
    if digest is None:
        return
    text, count = re.subn(
        r"^kernelspec:\n",
        f"kernelspec:\n  {HASH_KEY}: '{digest}'\n",
        source[0],
        count=1,
        flags=re.MULTILINE,
    )
    if not count:
        logger.warning("%s declares %s but has no kernelspec", docname, READS_KEY, location=docname)
        return
    source[0] = text
    data_hashes(app.env)[docname] = digest


def chapters_with_changed_data(
    app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set
) -> list[str]:
    """Chapters Sphinx would not re-read (their text is unchanged) whose data changed."""
    outdated = []
    for docname, old in data_hashes(env).items():
        if docname in added or docname in changed or docname in removed:
            continue
        path = Path(env.doc2path(docname))
        if not path.exists():
            continue
        if _chapter_hash(app, docname, path.read_text(encoding="utf-8")) != old:
            outdated.append(docname)
    return outdated


def data_hashes(env: BuildEnvironment) -> dict[str, str]:
    """Each chapter's data hash as last read, kept where Sphinx keeps an extension's state:
    on the environment, pickled with it between builds."""
    if not hasattr(env, HASHES):
        setattr(env, HASHES, {})
    return getattr(env, HASHES)


def purge_hash(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    data_hashes(env).pop(docname, None)


def merge_hashes(app: Sphinx, env: BuildEnvironment, docnames: set, other) -> None:
    """Parallel reading: take the hashes the other process recorded for its pages."""
    theirs = data_hashes(other)
    data_hashes(env).update({name: theirs[name] for name in docnames if name in theirs})


def setup(app: Sphinx) -> dict:
    # Kernels start later, from this process: they inherit the book's own data folder and,
    # first on their path, the book's own copy of the package.
    os.environ[DATA_DIR_VARIABLE] = str(Path(app.srcdir, "data"))
    python_path = path_with_book_first(Path(app.srcdir), os.environ.get("PYTHONPATH"))
    if python_path:
        os.environ["PYTHONPATH"] = python_path
    app.connect("env-purge-doc", purge_hash)
    app.connect("env-merge-info", merge_hashes)
    app.connect("source-read", add_hash_to_kernelspec)
    app.connect("env-get-outdated", chapters_with_changed_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": env_version()}
