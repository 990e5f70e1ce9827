"""The workbook du-lieu.xlsx, read back as Excel users' tools read it (openpyxl, the
reader pandas uses for .xlsx): every table a sheet, every row equal to its CSV, typed."""

from __future__ import annotations

import csv
import datetime
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from bao_cao.data import DATA_DIR, package_descriptor, read_text
from bao_cao.site.workbook import INTRO_SHEET, typed, workbook_bytes


@pytest.fixture(scope="module")
def workbook_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("workbook") / "du-lieu.xlsx"
    path.write_bytes(workbook_bytes(DATA_DIR))
    return path


def _csv_rows(resource: dict) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(read_text(DATA_DIR / resource["path"]))))


def test_every_table_is_a_sheet_whose_rows_equal_its_csv(workbook_file):
    book = openpyxl.load_workbook(workbook_file)
    descriptor = package_descriptor()
    assert book.sheetnames == [INTRO_SHEET] + [r["name"] for r in descriptor["resources"]]
    for resource in descriptor["resources"]:
        sheet = book[resource["name"]]
        fields = resource["schema"]["fields"]
        values = list(sheet.iter_rows(values_only=True))
        assert list(values[0]) == [f"{f['title']} ({f['name']})" for f in fields]
        assert [c.comment.text for c in sheet[1]] == [f["description"] for f in fields]
        assert sheet.freeze_panes == "A2"
        expected = [[typed(row[f["name"]], f) for f in fields] for row in _csv_rows(resource)]
        read = [
            [v.date() if isinstance(v, datetime.datetime) else v for v in row] for row in values[1:]
        ]
        assert read == expected, resource["name"]


def column_names(sheet) -> list[str]:
    """The field names, from the headings ("Giá trị (value)")."""
    return [cell.value.rsplit("(", 1)[1].rstrip(")") for cell in sheet[1]]


def test_pandas_reads_each_sheet_with_its_header_and_types(workbook_file):
    """As a journalist reads it: pandas.read_excel with its defaults."""
    import pandas as pd

    indicators = pd.read_excel(workbook_file, sheet_name="indicators")
    assert indicators.columns[0] == "Mã chỉ tiêu (indicator_id)"
    assert pd.api.types.is_numeric_dtype(indicators["Giá trị (value)"])
    documents = pd.read_excel(workbook_file, sheet_name="documents")
    dated = [c for c in documents.columns if c.endswith("(date)")]
    assert pd.api.types.is_datetime64_any_dtype(documents[dated[0]])


def test_dates_are_dates_and_numbers_are_numbers(workbook_file):
    book = openpyxl.load_workbook(workbook_file)
    documents = book["documents"]
    header = column_names(documents)
    dates = [row[header.index("date")] for row in documents.iter_rows(min_row=2)]
    assert any(cell.is_date for cell in dates)
    assert all(cell.is_date for cell in dates if cell.value is not None)
    assert {cell.number_format for cell in dates if cell.value is not None} == {"DD/MM/YYYY"}
    indicators = book["indicators"]
    header = column_names(indicators)
    values = [row[header.index("value")].value for row in indicators.iter_rows(min_row=2)]
    assert 62.31 in values
    # A number cell, which openpyxl reads back as int where it is whole (240).
    assert all(isinstance(v, int | float) for v in values if v is not None)
    ages = book["vaccination_age_groups"]
    header = column_names(ages)
    assert {type(row[header.index("age_from")].value) for row in ages.iter_rows(min_row=2)} <= {
        int,
        type(None),
    }


def test_the_first_sheet_explains_the_tables_in_vietnamese(workbook_file):
    descriptor = package_descriptor()
    sheet = openpyxl.load_workbook(workbook_file)[INTRO_SHEET]
    text = [[v for v in row if v is not None] for row in sheet.iter_rows(values_only=True)]
    flat = "\n".join(str(v) for row in text for v in row)
    assert descriptor["title"] in flat
    assert descriptor["description"] in flat
    listed = {
        row[0]: row
        for row in text
        if row and row[0] in {r["name"] for r in descriptor["resources"]}
    }
    for resource in descriptor["resources"]:
        _name, title, description, rows, path = listed[resource["name"]]
        assert (title, description, path) == (
            resource["title"],
            resource["description"],
            resource["path"],
        )
        assert rows == len(_csv_rows(resource))


def test_the_same_data_give_the_same_bytes_and_a_change_shows(tmp_path, workbook_file):
    assert workbook_bytes(DATA_DIR) == workbook_file.read_bytes()
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    indicators = data / "indicators.csv"
    indicators.write_text(
        indicators.read_text(encoding="utf-8").replace(",62.31,", ",62.32,"), encoding="utf-8"
    )
    assert workbook_bytes(data) != workbook_file.read_bytes()


def test_what_staff_typed_stays_text_never_a_formula(tmp_path):
    """A cell that starts with "=" (or "+", "-", "@") is text in Excel, not a formula."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    glossary = data / "glossary.csv"
    rows = list(csv.reader(io.StringIO(glossary.read_text(encoding="utf-8"))))
    column = rows[0].index("meaning")
    typed_in = ['=HYPERLINK("http://example.com","x")', "+1+2", "@SUM(A1)", "-2+3"]
    for row, value in zip(rows[1:], typed_in, strict=False):
        row[column] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    glossary.write_text(out.getvalue(), encoding="utf-8")
    path = tmp_path / "du-lieu.xlsx"
    path.write_bytes(workbook_bytes(data))
    sheet = openpyxl.load_workbook(path)["glossary"]
    cells = [row[column] for row in sheet.iter_rows(min_row=2, max_row=1 + len(typed_in))]
    assert [cell.value for cell in cells] == typed_in
    assert {cell.data_type for cell in cells} == {"s"}


def test_the_package_describes_itself_in_vietnamese_with_english_kept_apart():
    """What the page, the PDF and the workbook show is Vietnamese; English, where kept, is
    under x-en, which nothing shows."""
    from bao_cao.data.table_rules import description_problems, is_vietnamese

    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert description_problems(descriptor, "datapackage.json") == []
    assert is_vietnamese(descriptor["title"])
    assert is_vietnamese(descriptor["description"])
    for licence in descriptor["licenses"]:
        assert is_vietnamese(licence["title"])
    for source in descriptor["sources"]:
        assert is_vietnamese(source["title"])


def test_a_table_with_a_licence_of_its_own_is_not_said_to_be_under_the_packages(workbook_file):
    """The supplementary series is not the edition's to license: the first sheet says so."""
    descriptor = package_descriptor()
    own = [r for r in descriptor["resources"] if r.get("licenses")]
    assert own
    sheet = openpyxl.load_workbook(workbook_file)[INTRO_SHEET]
    text = "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    for resource in own:
        for licence in resource["licenses"]:
            assert f"riêng bảng {resource['name']}: {licence['title']}" in text
