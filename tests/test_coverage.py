"""Every fact of the record is in a table (bao_cao.data.completeness), and the validator
refuses a table that has lost one: a file cut off at a row boundary names what it lost."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from bao_cao.data.completeness import EXCLUDED, NOT_GROUPS, QUOTED_ELSEWHERE, Completeness
from bao_cao.data.reading import DATA_DIR
from bao_cao.data.validate import validate

PACKAGE = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {resource["name"]: resource for resource in PACKAGE["resources"]}


def _rows(data_dir: Path) -> dict[str, list[dict[str, str]]]:
    return {
        name: list(csv.DictReader(io.StringIO((data_dir / r["path"]).read_text("utf-8"))))
        for name, r in RESOURCES.items()
    }


FOUND = Completeness(RESOURCES, _rows(DATA_DIR))


@pytest.mark.parametrize(
    "finder",
    ["numbers", "abbreviations", "quoted", "bodies", "places", "groups", "documents", "lines"],
)
def test_the_tables_hold_everything_the_record_states(finder):
    unheld = [f"{u.paragraph}: {u.words} ({u.context})" for u in getattr(FOUND, finder)()]
    assert unheld == []


def test_the_exclusions_are_still_needed():
    """An exclusion that names words no longer in its paragraph is stale: the list stays short."""
    for (pid, head), _reason in EXCLUDED.items():
        assert head in FOUND.text[pid], (pid, head)
    for (pid, words), _reason in [*NOT_GROUPS.items(), *QUOTED_ELSEWHERE.items()]:
        assert words in FOUND.text[pid], (pid, words)


def test_a_group_of_people_no_row_holds_is_reported(tmp_path):
    """The kind of fact the first finders missed: whom the measures were for."""
    rows = _rows(DATA_DIR)
    rows["groups"] = [row for row in rows["groups"] if row["group_id"] != "nguoi-cao-tuoi"]
    lost = {(u.paragraph, u.words) for u in Completeness(RESOURCES, rows).groups()}
    assert lost
    assert all(words == "người" for _, words in lost)


def test_a_number_no_row_holds_is_reported():
    """The lookup is not vacuous: without the indicators, “trên 240” is held by no row."""
    rows = _rows(DATA_DIR)
    rows["indicators"] = [r for r in rows["indicators"] if "240" not in r["value_as_written"]]
    unheld = [(u.paragraph, u.words) for u in Completeness(RESOURCES, rows).numbers()]
    assert ("II.2.1", "240") in unheld


def cut_off(path: Path, rows: int) -> list[dict[str, str]]:
    """Keep the header and the first `rows` rows, as a file saved half-way; return the lost."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: rows + 1]), encoding="utf-8")
    return list(csv.DictReader(io.StringIO(lines[0] + "".join(lines[rows + 1 :]))))


def test_a_glossary_cut_off_at_a_row_boundary_is_refused_with_the_terms_it_lost(data_copy):
    lost = cut_off(data_copy / "glossary.csv", 24)  # the header and 24 rows: 25 lines
    messages = "\n".join(str(problem) for problem in validate(data_copy))
    abbreviations = [row["term"] for row in lost if row["kind"] == "viết tắt"]
    assert abbreviations
    for term in abbreviations:
        assert "data/glossary.csv, column 'term'" in messages
        assert f"the record names the abbreviation {term!r}" in messages, term
    assert "a row was deleted or the file was cut off" in messages


@pytest.mark.parametrize(
    ("table", "column", "key"),
    [
        ("actors", "actor_id", "bo-chinh-tri"),
        ("places", "place_id", None),
        ("documents", "document_id", "cv-3079-btdkt"),
    ],
)
def test_a_deleted_row_is_named_by_what_the_record_says_of_it(data_copy, table, column, key):
    path = data_copy / RESOURCES[table]["path"]
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    index = rows[0].index(column)
    victim = next(r for r in rows[1:] if key is None or r[index] == key)
    # Rows no other table refers to by key: what the record says of them is the only trace.
    kept = [r for r in rows if r is not victim]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(kept)
    path.write_text(out.getvalue(), encoding="utf-8")
    messages = "\n".join(str(problem) for problem in validate(data_copy))
    assert f"data/{RESOURCES[table]['path']}" in messages, messages
    assert "no row holds it" in messages or "published addresses never disappear" in messages
