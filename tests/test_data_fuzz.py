"""Whatever staff save under data/, validation answers with a message, never a traceback.

Hypothesis mutates the real tables the ways spreadsheets and hurried edits do: a cell
retyped (with Vietnamese, invisible characters, legacy-encoded words, markup, numbers in
Vietnamese notation), bytes changed, another delimiter, another encoding, rows deleted,
repeated or emptied. Validation either accepts the data, and then every reader of the
book (tables, charts, lists, BibTeX) works on it, or refuses it with problems that each
name a file of data/.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import unicodedata
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bao_cao import figures
from bao_cao.data import DATA_DIR, load_table
from bao_cao.data.needs import FIGURES
from bao_cao.data.record import REPO_ROOT, load_record
from bao_cao.data.validate import check
from bao_cao.sphinxext.references import bibtex

pytestmark = pytest.mark.build  # 200 validations, and the chart code on accepted data

DESCRIPTOR = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = DESCRIPTOR["resources"]
NAMES = [resource["name"] for resource in RESOURCES]

# What staff type or paste: Vietnamese, digits in both notations, separators, quotes,
# markup, invisible characters, TCVN3 and VNI codes.
CELL_ALPHABET = st.sampled_from(
    list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĐÊƠƯáàảãạếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵ")
    + list("0123456789.,;:-/%()“”\"' \n\t")
    + ["\u200b", "\u00a0", "\ufeff", "\u00ad", "¸", "æ", "Õ", "ù", "ñ", "=", "<b>", "{", "}"]
    + ["2021-8-3", "10/9/2021", "NaN", "62,31", "**", "`", "$", "\\input"]
)
cell_text = st.lists(CELL_ALPHABET, max_size=12).map("".join)


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write_rows(path: Path, rows: list[list[str]], delimiter: str = ",") -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _cell_edit(draw):
    row, column, text = draw(st.integers(0, 60)), draw(st.integers(0, 20)), draw(cell_text)

    def change(path: Path) -> None:
        rows = _rows(path)
        r = row % len(rows)
        rows[r][column % len(rows[r])] = text
        _write_rows(path, rows)

    return f"cell ({row}, {column}) = {text!r}", change


def _byte_edit(draw):
    position, count = draw(st.integers(0, 10**6)), draw(st.integers(0, 4))
    new = draw(st.binary(max_size=4))

    def change(path: Path) -> None:
        raw = path.read_bytes()
        at = position % (len(raw) + 1)
        path.write_bytes(raw[:at] + new + raw[at + count :])

    return f"bytes at {position}: {count} replaced by {new!r}", change


def _delimiter_edit(draw):
    delimiter = draw(st.sampled_from([";", "\t", "|"]))
    return f"delimiter {delimiter!r}", lambda path: _write_rows(path, _rows(path), delimiter)


def _encoding_edit(draw):
    encoding = draw(st.sampled_from(["cp1258", "utf-16", "latin-1", "utf-8-sig", "nfd"]))

    def change(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        if encoding == "nfd":
            path.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
        else:
            path.write_bytes(text.encode(encoding, errors="replace"))

    return f"encoding {encoding}", change


def _row_edit(draw):
    operation, row = (
        draw(st.sampled_from(["delete", "repeat", "empty", "swap"])),
        draw(st.integers(1, 60)),
    )

    def change(path: Path) -> None:
        rows = _rows(path)
        if len(rows) < 2:
            return
        r = 1 + (row - 1) % (len(rows) - 1)
        if operation == "delete":
            rows.pop(r)
        elif operation == "repeat":
            rows.insert(r, list(rows[r]))
        elif operation == "empty":
            rows[r] = [""] * len(rows[r])
        else:
            rows[r], rows[1] = rows[1], rows[r]
        _write_rows(path, rows)

    return f"row {row}: {operation}", change


# Each kind of edit: what it draws, how it is described, what it does to a file.
EDITS = {
    "cell": _cell_edit,
    "bytes": _byte_edit,
    "delimiter": _delimiter_edit,
    "encoding": _encoding_edit,
    "rows": _row_edit,
}


@st.composite
def mutations(draw):
    """(table name, description, function that changes the file at a path)."""
    name = draw(st.sampled_from(NAMES))
    kind = draw(st.sampled_from(["cell", "cell", "cell", "bytes", "delimiter", "encoding", "rows"]))
    description, change = EDITS[kind](draw)
    return name, description, change


@pytest.fixture(scope="module")
def book_dir(tmp_path_factory) -> Path:
    """The chapters and the address manifest, which the validator reads beside data/."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(REPO_ROOT / "book", root / "book")
    shutil.copy(REPO_ROOT / "published-addresses.txt", root)
    return root


def _readers_work(data_dir: Path, table: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Everything the build reads from data/ works on accepted data."""
    for name in NAMES:
        load_table(name, data_dir)
    load_record(data_dir / "record.csv")
    bibtex(load_table("documents", data_dir))
    monkeypatch.setattr(
        figures, "load_table", lambda name, **options: load_table(name, data_dir, **options)
    )
    for function, needs in FIGURES.items():
        if table in {need.table for need in needs}:
            getattr(figures, function)()
            plt.close("all")


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,  # the same 200 cases on every run: CI stays reproducible
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutation=mutations())
def test_any_edit_is_accepted_and_read_or_refused_with_a_message(book_dir, monkeypatch, mutation):
    table, description, change = mutation
    resource = next(r for r in RESOURCES if r["name"] == table)
    with tempfile.TemporaryDirectory(dir=book_dir) as scratch:
        data_dir = Path(shutil.copytree(DATA_DIR, Path(scratch) / "data"))
        change(data_dir / resource["path"])
        result = check(data_dir)  # must not raise, whatever the bytes
        if result.problems:
            for problem in result.problems:
                assert str(problem).startswith("data/"), (description, str(problem))
            return
        with monkeypatch.context() as patch:
            _readers_work(data_dir, table, patch)
