"""The data package: valid, every row traceable to the record, and bad input refused clearly."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bao_cao.data import DATA_DIR, load_table
from bao_cao.record import load_record
from bao_cao.validate import validate

DESCRIPTOR = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {resource["name"]: resource for resource in DESCRIPTOR["resources"]}


def test_the_data_package_is_valid():
    assert [str(problem) for problem in validate()] == []


def test_every_field_is_described_and_every_resource_has_sources():
    for resource in DESCRIPTOR["resources"]:
        assert resource.get("sources"), resource["name"]
        assert resource["schema"]["missingValues"] == [""]
        for field in resource["schema"]["fields"]:
            assert field.get("description"), (resource["name"], field["name"])
    assert DESCRIPTOR["licenses"]


def test_every_table_that_quotes_the_record_declares_its_provenance():
    """A table with a quote column cannot escape the provenance check."""
    for resource in DESCRIPTOR["resources"]:
        names = {field["name"] for field in resource["schema"]["fields"]}
        if "quote" in names:
            provenance = resource["schema"]["x-provenance"]
            assert provenance["section"] == "section" and provenance["quote"] == "quote"
            assert set(provenance["quoted"]) <= names


def test_every_number_and_date_in_the_record_is_in_a_table():
    """Each figure of the record, with the word before it, is quoted by some row."""
    quotes = [
        row["quote"]
        for resource in DESCRIPTOR["resources"]
        if resource["name"] != "record"
        and "quote" in {field["name"] for field in resource["schema"]["fields"]}
        for row in csv.DictReader(io.StringIO((DATA_DIR / resource["path"]).read_text("utf-8")))
    ]
    missing = []
    for paragraph in load_record():
        if paragraph.kind == "heading":
            continue
        words = paragraph.text.split(" ")
        for position, word in enumerate(words):
            if not re.search(r"\d", word) or re.fullmatch(r"(COVID|Covid)-19\W*", word):
                continue
            phrase = " ".join(words[max(0, position - 1) : position + 1]).strip(".,;:()“”…")
            if not any(phrase in quote for quote in quotes):
                missing.append((paragraph.id, phrase))
    assert missing == []


def test_documents_cover_what_the_report_cites():
    documents = load_table("documents")
    numbers = set(documents["number"].dropna())
    for number in (
        "3079/BTĐKT-P.II", "1497/QĐ-TTg", "5027/KH-UBND", "128/NQ-CP", "38/NQ-CP", "07-KL/TW",
        "30/2021/QH15", "78/NQ-CP", "79/NQ-CP", "86/NQ-CP", "2484/KH-UBND", "5094/UBND-VXNV",
        "232/KH-KTNS", "120/KH-MTTQ-BTT", "68/NQ-CP", "23/2021/QĐ-TTg", "1841/KH-SLĐTBXH",
    ):  # fmt: skip
        assert number in numbers
    assert len(documents) >= 22
    by_number = documents.set_index("number")
    # The report's slip is kept as written, with its reading and a note.
    assert by_number.loc["86/NQ-CP", "date_as_written"] == "06/82021"
    assert str(by_number.loc["86/NQ-CP", "date"].date()) == "2021-08-06"
    # Dates the report does not give come from the reference, and say so.
    for number in ("68/NQ-CP", "23/2021/QĐ-TTg"):
        assert by_number.loc[number, "date_source"] == "reference"
        assert by_number.loc[number, "date_as_written"] is pd_na()


def pd_na():
    import pandas as pd

    return pd.NA


def test_indicators_keep_the_reports_qualifiers():
    indicators = load_table("indicators").set_index("indicator_id")
    assert indicators.loc["tiem-nhac-lai", "value"] == 62.31
    assert indicators.loc["tiem-nhac-lai", "value_as_written"] == "62,31%"
    assert indicators.loc["van-ban-ubnd-tinh", "qualifier"] == "more_than"
    orders = indicators[indicators["qualifier"] == "order_of_magnitude"]
    assert set(orders["value_as_written"]) == {"hàng trăm", "hàng ngàn", "hàng vạn", "hàng chục tỷ"}
    assert orders["value"].isna().all()


def test_supplementary_series_matches_its_reference_totals():
    """shared/reference/README.md: 6 621 cases and 56 deaths to 22/01/2022."""
    series = load_table("ninh_thuan_covid_daily")
    assert series["new_cases"].sum() == 6621
    assert series["new_deaths"].sum() == 56
    assert str(series["date"].min().date()) == "2020-03-18"
    assert str(series["date"].max().date()) == "2022-01-22"
    assert "không thuộc báo cáo" in RESOURCES["ninh_thuan_covid_daily"]["description"]


# ---------------------------------------------------------------- bad input


def edit_text(name: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(data_dir: Path) -> None:
        path = data_dir / RESOURCES[name]["path"]
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    return apply


def edit_bytes(name: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def apply(data_dir: Path) -> None:
        path = data_dir / RESOURCES[name]["path"]
        path.write_bytes(change(path.read_bytes()))

    return apply


def edit_rows(name: str, change: Callable[[list[list[str]]], None]) -> Callable[[Path], None]:
    def apply(data_dir: Path) -> None:
        path = data_dir / RESOURCES[name]["path"]
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        change(rows)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")

    return apply


def row_of(name: str, column: str, key: str) -> int:
    """The row number (as messages count, header = 1) of the row whose `column` is `key`."""
    text = (DATA_DIR / RESOURCES[name]["path"]).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    return next(n for n, row in enumerate(rows, start=2) if row[column] == key)


NQ_68 = row_of("documents", "document_id", "nq-68-cp")
HEADING_III = row_of("record", "id", "III")


def set_cell(name: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    """Set one cell; `row` counts like the messages do (the header is row 1)."""

    def change(rows: list[list[str]]) -> None:
        rows[row - 1][rows[0].index(column)] = value

    return edit_rows(name, change)


BAD_INPUTS = {
    "missing column": (
        edit_rows("indicators", lambda rows: [r.pop() for r in rows]),
        r"data/indicators\.csv, row 1, column 'note': column is missing; the header must be: "
        r"indicator_id,subject,value",
    ),
    "extra column": (
        edit_rows("events", lambda rows: [r.append("x") for r in rows]),
        r"data/events\.csv, row 1, column 'x': column is not in the schema",
    ),
    "wrong type": (
        set_cell("vaccination_age_groups", 2, "age_from", "năm"),
        r"vaccination_age_groups\.csv, row 2, column 'age_from', value 'năm': not a whole number",
    ),
    "decimal comma": (
        set_cell("indicators", 3, "value", "62,31"),
        r"indicators\.csv, row 3, column 'value', value '62,31': .*use a dot for decimals.*"
        r"\(write 62\.31\)",
    ),
    "empty required value": (
        set_cell("indicators", 3, "value_as_written", ""),
        r"indicators\.csv, row 3, column 'value_as_written': required: this cell must not be empty",
    ),
    "duplicate key": (
        set_cell("glossary", 3, "term", "UBND"),
        r"glossary\.csv, row 3, column 'term', value 'UBND': must be unique in its column",
    ),
    "unknown section id": (
        set_cell("indicators", 2, "section", "II.9"),
        r"indicators\.csv, row 2, column 'section', value 'II\.9': refers to something that does "
        r"not exist: no section_id 'II\.9' in sections",
    ),
    "unknown document referenced": (
        set_cell("events", 2, "document_id", "qd-9999-ttg"),
        r"events\.csv, row 2, column 'document_id', value 'qd-9999-ttg': .*no document_id",
    ),
    "unknown section in a list": (
        set_cell("documents", 2, "cited_in", "MD;VII"),
        r"documents\.csv, row 2, column 'cited_in', value 'VII': not a section of the report",
    ),
    "percentage over 100": (
        set_cell("indicators", 2, "value", "100.5"),
        r"indicators\.csv, row 2, column 'value', value '100\.5': a percentage must be at most 100",
    ),
    "date 31/02": (
        set_cell("events", 2, "date", "2021-02-31"),
        r"events\.csv, row 2, column 'date', value '2021-02-31': not a real calendar date",
    ),
    "date written day first": (
        set_cell("events", 2, "date", "10/9/2021"),
        r"events\.csv, row 2, column 'date', value '10/9/2021': dates are written YYYY-MM-DD: "
        r"write 2021-09-10",
    ),
    "date outside the allowed range": (
        set_cell("documents", 2, "date", "2019-10-13"),
        r"documents\.csv, row 2, column 'date', value '2019-10-13': must be at least 2021-01-01",
    ),
    "quote not in the record": (
        set_cell("indicators", 3, "quote", "tỷ lệ người được tiêm nhắc lại đạt 63,31%"),
        r"indicators\.csv, row 3, column 'quote', .*: the quote is not the record's words in "
        r"section II\.1",
    ),
    "value not in its quote": (
        set_cell("indicators", 3, "value_as_written", "62,3%"),
        r"indicators\.csv, row 3, column 'value_as_written', value '62,3%': the quote does not "
        r"contain this value as written",
    ),
    "actor sections out of date": (
        set_cell("actors", 2, "sections", "I"),
        r"actors\.csv, row 2, column 'sections', value 'I': must list every section where a "
        r"mention occurs",
    ),
    "value disagrees with its words": (
        set_cell("indicators", 3, "value", "63.31"),
        r"indicators\.csv, row 3, column 'value', value '63\.31': disagrees with value_as_written "
        r"'62,31%', which reads as 62\.31",
    ),
    "order of magnitude drawn as a number": (
        set_cell("indicators", 6, "value", "100"),
        r"indicators\.csv, row 6, column 'value', value '100': an order of magnitude",
    ),
    "wrong encoding (cp1258)": (
        edit_bytes("glossary", lambda raw: raw.decode("utf-8").encode("cp1258", "replace")),
        r"data/glossary\.csv: not UTF-8 \(byte 0x[0-9A-F]{2} at position \d+\).*“CSV UTF-8”",
    ),
    "mojibake (UTF-8 read as latin-1, saved again)": (
        edit_bytes("glossary", lambda raw: raw.decode("latin-1").encode("utf-8")),
        r"data/glossary\.csv: row 2: .* looks like Vietnamese decoded in the wrong encoding",
    ),
    "UTF-16": (
        edit_bytes("glossary", lambda raw: raw.decode("utf-8").encode("utf-16")),
        r"data/glossary\.csv: saved as UTF-16; save it as “CSV UTF-8”",
    ),
    "unquoted comma in a text": (
        edit_text("indicators", lambda t: t.replace("Tỷ lệ người được", "Tỷ lệ người, được")),
        r"indicators\.csv, row 3.*: the row has more cells than the header has columns \(a comma "
        r"inside a text needs the text in double quotes\)",
    ),
    "formula injection": (
        set_cell("glossary", 2, "meaning", '=HYPERLINK("http://example.invalid","Ủy ban")'),
        r"glossary\.csv, row 2, column 'meaning', .*: starts like a spreadsheet formula",
    ),
    "HTML in a text field": (
        set_cell("documents", 2, "note", "<script>alert(1)</script>"),
        r"documents\.csv, row 2, column 'note', .*: contains HTML markup; write plain text",
    ),
    "a huge file": (
        edit_bytes("glossary", lambda raw: raw + b"x,y\n" * 1_500_000),
        r"data/glossary\.csv: \d+\.\d MB is larger than the 5 MB",
    ),
    "an empty file": (
        edit_bytes("events", lambda raw: b""),
        r"data/events\.csv: the file is empty; it needs at least its header row",
    ),
    "an empty row in the middle": (
        edit_text("glossary", lambda t: t.replace("\n", "\n\n", 2)),
        r"glossary\.csv, row 2: the row is empty; delete it",
    ),
    "a heading with a paragraph id": (
        set_cell("record", HEADING_III, "id", "III.9"),
        rf"record\.csv, row {HEADING_III}, column 'id', value 'III\.9': a heading's id must be its "
        r"section id",
    ),
    "a date from outside claiming to be the report's": (
        set_cell("documents", NQ_68, "date_as_written", "01/7/2021"),
        rf"documents\.csv, row {NQ_68}, column 'date_as_written', value '01/7/2021': a date from "
        r"the reference must not claim",
    ),
}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def test_there_are_at_least_twenty_distinct_bad_inputs():
    assert len(BAD_INPUTS) >= 20


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_refused_with_a_message_naming_file_row_column_and_rule(data_copy, case):
    corrupt, expected = BAD_INPUTS[case]
    corrupt(data_copy)
    messages = "\n".join(str(problem) for problem in validate(data_copy))
    assert re.search(expected, messages), messages


ACCEPTED_INPUTS = {
    "UTF-8 with BOM": edit_bytes("glossary", lambda raw: b"\xef\xbb\xbf" + raw),
    "CRLF line ends": edit_bytes("glossary", lambda raw: raw.replace(b"\n", b"\r\n")),
    "trailing blank lines and empty rows": edit_bytes("glossary", lambda raw: raw + b",,,,,\n\n\n"),
    "quoted commas": set_cell("glossary", 2, "meaning", "Ủy ban nhân dân, tỉnh"),
}


@pytest.mark.parametrize("case", list(ACCEPTED_INPUTS))
def test_what_spreadsheets_write_is_accepted(data_copy, case):
    ACCEPTED_INPUTS[case](data_copy)
    assert [str(problem) for problem in validate(data_copy)] == []


def test_bom_is_not_part_of_the_first_column(data_copy):
    ACCEPTED_INPUTS["UTF-8 with BOM"](data_copy)
    assert "term" in load_table("glossary", data_copy).columns


def test_validation_command_exits_non_zero_and_lists_problems(data_copy):
    set_cell("indicators", 3, "value", "62,31")(data_copy)
    result = subprocess.run(
        [sys.executable, "-m", "bao_cao.validate", str(data_copy)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "data/indicators.csv, row 3, column 'value', value '62,31'" in result.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "bao_cao.validate", str(DATA_DIR)], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
