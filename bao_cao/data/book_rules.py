"""What the book needs of the data: the rows its chapters' figures and its published
addresses need, the report's source text word for word, and every fact of the record
held by some table (completeness)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from bao_cao.data.cell_text import (
    shown,
)
from bao_cao.data.completeness import Completeness, Unheld
from bao_cao.data.needs import FIGURES, Need
from bao_cao.data.problems import Problem, Tables
from bao_cao.data.reading import (
    PACKAGE_FILE,
)
from bao_cao.data.record import Record, Section, describe_differences


def book_needs_rules(tables: Tables, book_dir: Path) -> Iterator[Problem]:
    """Rows that the book's figures (bao_cao.data.needs) and published addresses need
    must be there, and every section's page. Each check reads only its own tables, so
    that a table with problems of its own silences only the checks that read it."""
    keys = _Keys(tables)
    for figure, needs in FIGURES.items():
        yield from tables.problems_of(_figure_needs(tables, keys, figure, needs))
    yield from tables.problems_of(_section_pages(tables, book_dir))
    manifest = book_dir / "published-addresses.txt"
    if manifest.is_file():
        yield from tables.problems_of(_published_rows(tables, keys, book_dir, manifest))


class _Keys(dict):
    """Each table's values by column, read when first asked for (keys["documents"])."""

    def __init__(self, tables: Tables):
        super().__init__()
        self.tables = tables

    def __missing__(self, name: str) -> dict[str, set[str]]:
        rows = self.tables.rows[name]
        self[name] = {c: {row[c] for row in rows} for c in (rows[0].keys() if rows else [])}
        return self[name]


def _section_pages(tables: Tables, book_dir: Path) -> Iterator[Problem]:
    """Every section's page is a chapter of the book."""
    pages = {chapter.stem for chapter in (book_dir / "book").glob("*.md")}
    if not pages:
        return
    for row_number, row in tables.numbered("sections"):
        if row["page"] not in pages:
            yield Problem(
                tables.file("sections"),
                f"no chapter book/{row['page']}.md carries this section",
                row_number,
                "page",
                row["page"],
            )


def _figure_needs(
    tables: Tables, keys: dict, figure: str, needs: tuple[Need, ...]
) -> Iterator[Problem]:
    """The rows one figure needs."""
    for need in needs:
        if need.table not in tables.rows:
            continue
        file = tables.file(need.table)
        if len(tables.rows[need.table]) < need.at_least:
            yield Problem(
                file,
                f"has {len(tables.rows[need.table])} row(s); the figure figures.{figure} "
                f"needs at least {need.at_least}",
            )
        present = keys[need.table].get(need.key, set()) if need.key else set()
        for key in [key for key in need.rows if key not in present]:
            yield Problem(
                file,
                f"no row with {need.key} {key!r}, which the figure figures.{figure} needs; "
                "restore the row (or change the figure first)",
                column=need.key,
            )


def _published_rows(
    tables: Tables, keys: dict, book_dir: Path, manifest: Path
) -> Iterator[Problem]:
    """The rows whose anchors are published addresses (published-addresses.txt): a
    document's entry, a paragraph of the record."""
    documents = keys["documents"].get("document_id", set())
    record_ids = keys["record"].get("id", set())
    citable_id = Record(
        (),
        tuple(
            Section(row["section_id"], row["label"], row["page"]) for row in tables.rows["sections"]
        ),
    ).citable_id()
    chapter_anchors = _chapter_anchors(book_dir)
    for line in manifest.read_text(encoding="utf-8").splitlines():
        address = line.strip()
        if not address or address.startswith("#") or "#" not in address:
            continue
        anchor = address.partition("#")[2]
        if anchor in chapter_anchors:
            continue
        if anchor.startswith("van-ban-") and anchor.removeprefix("van-ban-") not in documents:
            yield Problem(
                tables.file("documents"),
                f"no row with document_id {anchor.removeprefix('van-ban-')!r}, whose entry is "
                f"the published address {address}; published addresses never disappear: "
                "restore the row",
                column="document_id",
            )
        elif citable_id.match(anchor) and anchor not in record_ids:
            yield Problem(
                tables.file("record"),
                f"no paragraph {anchor!r}, which is the published address {address}; "
                "restore the row",
                column="id",
            )


LABEL = re.compile(r"^\((?P<label>[^)]+)\)=\s*$", re.MULTILINE)


def _chapter_anchors(book_dir: Path) -> set[str]:
    """Anchors the chapters' own text makes, not data rows: their labels. A published
    anchor of a chapter's heading is a label (`(van-ban-duoc-vien-dan)=` above it), so
    that rewording the heading cannot move it, and it is never taken for a data row."""
    anchors: set[str] = set()
    for chapter in (book_dir / "book").glob("*.md"):
        anchors.update(match["label"] for match in LABEL.finditer(chapter.read_text("utf-8")))
    return anchors


def source_text_rules(descriptor: dict, data_dir: Path, tables: Tables) -> Iterator[Problem]:
    """record.csv is the report's source text, word for word, and the source is unchanged."""
    from bao_cao.data.prepare_record import prepare

    source = descriptor.get("x-source-text")
    if not source:
        yield Problem(f"data/{PACKAGE_FILE}", "x-source-text (the report's source text) is missing")
        return
    path = data_dir / source["path"]
    file = f"data/{source['path']}"
    try:
        raw = path.read_bytes()
    except OSError:
        yield Problem(file, "the report's source text is missing; restore it from version control")
        return
    if hashlib.sha256(raw).hexdigest() != source["sha256"]:
        yield Problem(
            file,
            "the report's source text has changed (its SHA-256 is not the one in "
            "datapackage.json); it is never edited: restore it from version control",
        )
        return
    yield from _record_against_source(tables, {row["id"]: row for row in prepare(path)}, source)


def _record_against_source(
    tables: Tables, expected: dict[str, dict], source: dict
) -> Iterator[Problem]:
    """Each paragraph of record.csv as the source text gives it, none missing."""
    file = tables.file("record")
    seen = set()
    for row_number, row in tables.numbered("record"):
        seen.add(row["id"])
        original = expected.get(row["id"])
        if original is None:
            yield Problem(
                file, "the report's source text has no such paragraph", row_number, "id", row["id"]
            )
            continue
        if row["text"] != original["text"]:
            differences = describe_differences(
                original["text"], row["text"], "the source", "record.csv"
            )
            yield Problem(
                file,
                f"{row['id']}: {differences or 'the spacing differs'} (record.csv is the "
                f"report's words exactly; copy them from {source['path']})",
                row_number,
                "text",
            )
        for column in ("section", "kind", "seed_lines"):
            if row[column] != original[column]:
                yield Problem(
                    file,
                    f"{row['id']}: the source gives {original[column]!r}",
                    row_number,
                    column,
                    row[column],
                )
    for identifier in [identifier for identifier in expected if identifier not in seen]:
        yield Problem(
            file,
            f"paragraph {identifier} of the report is missing: "
            f"{shown(expected[identifier]['text'])}",
            column="id",
        )


# What each table holds of the record, for the message when a row of it is missing.
HOLDS = {
    "glossary": "the abbreviation",
    "documents": "the document",
    "actors": "the body",
    "places": "the place",
    "recipients": "the recipient line",
    "signature": "the signature line",
}


def completeness_rules(tables: Tables) -> Iterator[Problem]:
    """Every fact the record states is held by a row (bao_cao.data.completeness): a table
    cut off at a row boundary, or a row deleted by mistake, is named with what it lost,
    once for each missing thing, with the paragraphs that state it."""
    found: dict[tuple[str, str, str], list[Unheld]] = {}
    for unheld in Completeness(tables.resources, tables.rows).unheld():
        found.setdefault((unheld.table, unheld.column, unheld.words), []).append(unheld)
    restore = "a row was deleted or the file was cut off: restore it from the last good copy"
    for (table, column, words), places in found.items():
        paragraphs = ", ".join(dict.fromkeys(unheld.paragraph for unheld in places))
        if table == "indicators":  # a number may be held by any table
            yield Problem(
                "data/",
                f"the record states {words!r} in {paragraphs}, but no row of any table "
                f"holds it; {restore}",
                value=places[0].context,
            )
            continue
        yield Problem(
            tables.file(table),
            f"the record names {HOLDS[table]} {words!r} in {paragraphs}, but no row holds "
            f"it; {restore}",
            column=column,
            value=places[0].context,
        )
