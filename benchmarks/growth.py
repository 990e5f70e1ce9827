"""A book four times this one, for the benchmark's growth measure (`make bench`).

The chapters that carry the report or draw from data are repeated under new names
(muc-ii-6 → muc-ii-6-lan-2, -lan-3, -lan-4: "lần", the time), each copy reading its own
copy of data/ (front matter `data_folder: data/copy-2`, its cells pointed at that folder):
a value changed in one copy re-executes that copy's chapters only, as a value changed in
data/ does in the book.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

# Pages whose labels and figures can be repeated: not the front page (the book's root)
# and not the pages drawn by directives that register book-wide names (the documents
# list, the glossary, the data page, the citing and versions pages).
REPEATED = (
    "muc-i", "muc-ii", "muc-ii-1", "muc-ii-2", "muc-ii-3", "muc-ii-4", "muc-ii-5",
    "muc-ii-6", "muc-ii-7", "muc-iii", "muc-iv", "muc-v", "muc-vi", "ket-thuc",
    "dong-thoi-gian", "phu-luc-boi-canh-dich-benh",
)  # fmt: skip
LABEL = re.compile(r"^\((?P<label>[\w-]+)\)=$", re.MULTILINE)
FIGURE_NAME = re.compile(r"^:    name: (?P<name>[\w-]+)$", re.MULTILINE)
IMPORT = "from bao_cao import figures"


def copy_page(text: str, copy: int) -> str:
    """A chapter's text for copy `copy`: its own labels and figure names, its own data."""
    names = LABEL.findall(text) + FIGURE_NAME.findall(text)
    for name in sorted(set(names), key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", f"{name}-lan-{copy}", text)
    if "data_reads:" in text:
        text = text.replace("data_reads:", f"data_folder: data/copy-{copy}\ndata_reads:", 1)
        # The kernel starts in the chapter's folder (book/): the copy's data beside it.
        text = text.replace(
            IMPORT,
            f"import os\nos.environ['BAO_CAO_DATA_DIR'] = os.path.abspath('../data/copy-{copy}')"
            f"\n{IMPORT}",
        )
    return text


def grow(source: Path, times: int = 4) -> None:
    """Make the book at `source` `times` as large."""
    data = source / "data"
    toc = source / "_toc.yml"
    entries = []
    for copy in range(2, times + 1):
        shutil.copytree(data, data / f"copy-{copy}", ignore=shutil.ignore_patterns("copy-*"))
        for page in REPEATED:
            text = (source / "book" / f"{page}.md").read_text(encoding="utf-8")
            target = source / "book" / f"{page}-lan-{copy}.md"
            target.write_text(copy_page(text, copy), encoding="utf-8")
            entries.append(f"  - file: book/{page}-lan-{copy}\n")
    toc.write_text(toc.read_text(encoding="utf-8") + "".join(entries), encoding="utf-8")
