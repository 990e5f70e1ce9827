"""The data package: valid, every row traceable to the record, and bad input refused clearly."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from bao_cao import figures
from bao_cao.data import DATA_DIR, load_table
from bao_cao.data.record import load_record
from bao_cao.data.validate import check, validate

from conftest import validate_command

DESCRIPTOR = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {resource["name"]: resource for resource in DESCRIPTOR["resources"]}
SOURCE = DESCRIPTOR["x-source-text"]
VALIDATE = [sys.executable, "-m", "bao_cao.data.validate"]


def semicolons(text: str) -> str:
    """The table as Excel writes it where the list separator is ";"."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(csv.reader(io.StringIO(text)))
    return out.getvalue()


def xlsx_bytes() -> bytes:
    """The first bytes of a real .xlsx: a zip with [Content_Types].xml and xl/."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as workbook:
        workbook.writestr("[Content_Types].xml", "<Types/>")
        workbook.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def ods_bytes() -> bytes:
    """An OpenDocument spreadsheet: a zip whose first member is its mimetype."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as workbook:
        workbook.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        workbook.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


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
            assert provenance["section"] == "section"
            assert provenance["quote"] == "quote"
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


def test_supplementary_series_is_said_to_be_no_part_of_the_report():
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


def edit_descriptor(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def apply(data_dir: Path) -> None:
        path = data_dir / "datapackage.json"
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        change(descriptor)
        path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")

    return apply


def _field(descriptor: dict, table: str, name: str) -> dict:
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    return next(f for f in resource["schema"]["fields"] if f["name"] == name)


def _resource(descriptor: dict, table: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == table)


def row_of(name: str, column: str, key: str) -> int:
    """The row number (as messages count, header = 1) of the row whose `column` is `key`."""
    text = (DATA_DIR / RESOURCES[name]["path"]).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    return next(n for n, row in enumerate(rows, start=2) if row[column] == key)


NQ_68 = row_of("documents", "document_id", "nq-68-cp")
QD_1497 = row_of("documents", "document_id", "qd-1497-ttg")
NQ_128 = row_of("documents", "document_id", "nq-128-cp")
INSPECTION = row_of("events", "event_id", "kiem-tra-giam-sat-ldtbxh")
TIEM_NHAC_LAI = row_of("indicators", "indicator_id", "tiem-nhac-lai")
II_6_1 = row_of("record", "id", "II.6.1")
# A paragraph no other table points at.
II_5_2 = row_of("record", "id", "II.5.2")
HEADING_III = row_of("record", "id", "III")
VONG_KIEM_SOAT = row_of("indicators", "indicator_id", "vong-kiem-soat")
# The daily series as it now ends (staff add days at its end).
LAST_DAY = load_table("ninh_thuan_covid_daily")["date"].max().date()
DAY = dt.timedelta(days=1)
DAILY_ROWS = len(load_table("ninh_thuan_covid_daily"))


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
    "date written day first, either way round": (
        set_cell("events", 2, "date", "10/9/2021"),
        r"events\.csv, row 2, column 'date', value '10/9/2021': this date could be 2021-09-10 "
        r"\(day first.*\) or 2021-10-09 \(month first.*\): write the date the row means",
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
        r"data/glossary\.csv: saved as UTF-16 .*save it as “CSV UTF-8”",
    ),
    "unquoted comma in a text": (
        edit_text("indicators", lambda t: t.replace("Tỷ lệ người được", "Tỷ lệ người, được")),
        r"indicators\.csv, row 3: the row has \d+ cells, the header \d+: a text with a comma must "
        r"be inside double quotes",
    ),
    "formula injection": (
        set_cell("glossary", 2, "meaning", '=HYPERLINK("http://example.invalid","Ủy ban")'),
        r"glossary\.csv, row 2, column 'meaning', .*: starts like a spreadsheet formula",
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
    "ISO date with day and month swapped": (
        set_cell("documents", QD_1497, "date", "2021-10-09"),
        rf"documents\.csv, row {QD_1497}, column 'date', value '2021-10-09': disagrees with "
        r"date_as_written '10/9/2021' \(as the report writes dates, day first, it is 2021-09-10\)",
    ),
    "event date that is not the date as written": (
        set_cell("events", INSPECTION, "date_end", "2021-08-06"),
        rf"events\.csv, row {INSPECTION}, column 'date', .*disagrees with date_as_written "
        r"'04 và 05/8/2021'",
    ),
    "unpadded ISO date": (
        set_cell("events", INSPECTION, "date", "2021-8-4"),
        rf"events\.csv, row {INSPECTION}, column 'date', value '2021-8-4': dates are written "
        r"YYYY-MM-DD with two-digit month and day: write 2021-08-04",
    ),
    "last day before the first, compared as dates": (
        set_cell("events", INSPECTION, "date_end", "2021-08-03"),
        rf"events\.csv, row {INSPECTION}, column 'date_end', value '2021-08-03': the last day is "
        r"before the first",
    ),
    "TCVN3 text pasted from a .VnTime document": (
        set_cell("glossary", 2, "meaning", "B¸o c¸o tæng kÕt phong trµo thi ®ua"),
        r"glossary\.csv, row 2, column 'meaning', .*old TCVN3 \(ABC, \.VnTime\) encoding "
        r"\(it reads “Báo cáo tổng kết phong trào thi đua”\).*Unicode dựng sẵn.*Unikey",
    ),
    "VNI text pasted from a VNI-Times document": (
        set_cell("events", 2, "event", "Baùo caùo toång keát phong traøo thi ñua"),
        r"events\.csv, row 2, column 'event', .*old VNI \(VNI-Times\) encoding \(it reads "
        r"“Báo cáo tổng kết phong trào thi đua”\).*Unicode dựng sẵn",
    ),
    "TCVN3 text in a quote": (
        set_cell("indicators", 2, "quote", "tû lÖ d©n sè ®­îc tiªm"),
        r"indicators\.csv, row 2, column 'quote', .*TCVN3",
    ),
    "semicolons and decimal commas from a Vietnamese Excel": (
        edit_text(
            "indicators",
            lambda t: semicolons(t).replace(";62.31;", ";62,31;"),
        ),
        r"indicators\.csv, row \d+, column 'value', value '62,31': .*\(write 62\.31\)",
    ),
    "a workbook saved under the .csv name": (
        edit_bytes("glossary", lambda raw: xlsx_bytes()),
        r"data/glossary\.csv: this is an Excel workbook \(\.xlsx\) saved under a \.csv name, "
        r"not CSV text; open it and save it in Excel: File › Save As › “CSV UTF-8 \(Comma "
        r"delimited\) \(\*\.csv\)”",
    ),
    "an OpenDocument spreadsheet saved under the .csv name": (
        edit_bytes("glossary", lambda raw: ods_bytes()),
        r"data/glossary\.csv: this is a LibreOffice/OpenDocument spreadsheet \(\.ods\).*"
        r"“Text CSV \(\.csv\)”, Character set “Unicode \(UTF-8\)”",
    ),
    "an Excel 97 workbook saved under the .csv name": (
        edit_bytes("glossary", lambda raw: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
        r"data/glossary\.csv: this is an Excel 97–2003 workbook \(\.xls\)",
    ),
    "a workbook beside the unchanged CSV": (
        lambda data_dir: (data_dir / "glossary.xlsx").write_bytes(xlsx_bytes()),
        r"data/glossary\.xlsx: a spreadsheet workbook beside the data; the book reads only CSV "
        r"files, so this one would be ignored\. To use it, open it and save it in Excel: .* under "
        r"the name glossary\.csv, then delete glossary\.xlsx",
    ),
    "columns in another order": (
        edit_rows("glossary", lambda rows: [r.insert(0, r.pop(1)) for r in rows]),
        r"glossary\.csv, row 1: header is wrong \(columns in another order\): found "
        r"kind,term,meaning,.*; it must be: term,kind,meaning",
    ),
    "a column repeated in place of another": (
        edit_rows("events", lambda rows: rows[0].__setitem__(2, "date")),
        r"events\.csv, row 1, column 'date_end': column is missing",
    ),
    "NaN in a number cell": (
        set_cell("indicators", TIEM_NHAC_LAI, "value", "NaN"),
        rf"indicators\.csv, row {TIEM_NHAC_LAI}, column 'value', value 'NaN': 'NaN' is not a "
        r"number .*write the number, or leave the cell empty",
    ),
    "a zero-width space in a key": (
        set_cell("glossary", 2, "term", "UBND\u200b"),
        r"glossary\.csv, row 2, column 'term', value 'UBND⟨zero-width space⟩': contains "
        r"characters nobody sees \(zero-width space\)",
    ),
    "a zero-width space in free text": (
        set_cell("events", 2, "event", "Sở\u200b Lao động"),
        r"events\.csv, row 2, column 'event', value 'Sở⟨zero-width space⟩ Lao động': contains "
        r"characters nobody sees",
    ),
    "a BOM inside a cell": (
        set_cell("glossary", 3, "meaning", "\ufeffỦy ban"),
        r"glossary\.csv, row 3, column 'meaning', value '⟨byte-order mark \(BOM\)⟩Ủy ban'",
    ),
    "a no-break space in a number": (
        set_cell("indicators", TIEM_NHAC_LAI, "value", "62.31\u00a0"),
        rf"indicators\.csv, row {TIEM_NHAC_LAI}, column 'value', value '62\.31⟨no-break space⟩': "
        r"contains no-break space",
    ),
    "a no-break space in a mention": (
        set_cell("documents", QD_1497, "mention", "1497/QĐ-TTg\u00a0"),
        r"documents\.csv, row \d+, column 'mention', value '1497/QĐ-TTg⟨no-break space⟩'",
    ),
    "a trailing space in a glossary term": (
        set_cell("glossary", 2, "term", "UBND "),
        r"glossary\.csv, row 2, column 'term', value 'UBND ': starts or ends with a space",
    ),
    "a changed word in the record": (
        edit_text(
            "record",
            lambda t: t.replace(
                "chỉ đạo quyết liệt các giải pháp", "chỉ đạo quyết tâm các giải pháp", 1
            ),
        ),
        rf"record\.csv, row {II_6_1}, column 'text': II\.6\.1: the source says 'quyết liệt', "
        r"record\.csv says 'quyết tâm'",
    ),
    "a paragraph of the record deleted": (
        edit_rows("record", lambda rows: rows.pop(II_5_2 - 1)),
        r"record\.csv.*paragraph II\.5\.\d of the report is missing",
    ),
    "the source text edited": (
        lambda data_dir: (data_dir / SOURCE["path"]).write_text(
            (data_dir / SOURCE["path"]).read_text("utf-8").replace("quyết liệt", "quyết tâm", 1),
            encoding="utf-8",
        ),
        r"data/source/bao-cao-trich-xuat-pdf\.txt: the report's source text has changed",
    ),
    "an indicator the front page draws deleted": (
        edit_rows("indicators", lambda rows: rows.pop(TIEM_NHAC_LAI - 1)),
        r"data/indicators\.csv, column 'indicator_id': no row with indicator_id 'tiem-nhac-lai', "
        r"which the figure figures\.key_figures needs",
    ),
    "a document with a published address deleted": (
        edit_rows("documents", lambda rows: rows.pop(NQ_128 - 1)),
        r"data/documents\.csv, column 'document_id': no row with document_id 'nq-128-cp', whose "
        r"entry is the published address book/van-ban-vien-dan\.html#van-ban-nq-128-cp",
    ),
    "every row of the daily series deleted": (
        edit_text("ninh_thuan_covid_daily", lambda t: t.splitlines()[0] + "\n"),
        r"data/supplementary/ninh-thuan-covid-daily\.csv, row 2: has only its header row",
    ),
    "a wrong type after a cell with line breaks (rows as the spreadsheet counts them)": (
        edit_rows(
            "vaccination_age_groups",
            lambda rows: (
                rows[1].__setitem__(4, "dòng 1\ndòng 2\ndòng 3"),
                rows[3].__setitem__(1, "năm"),
            ),
        ),
        r"vaccination_age_groups\.csv, row 4, column 'age_from', value 'năm': not a whole number",
    ),
    "a number above the column's maximum": (
        set_cell("vaccination_age_groups", 2, "age_from", "200"),
        r"vaccination_age_groups\.csv, row 2, column 'age_from', value '200': must be at most 120",
    ),
    "an id not in the required form": (
        set_cell("documents", 2, "document_id", "QĐ 3079"),
        r"documents\.csv, row 2, column 'document_id', value 'QĐ 3079': does not have the required "
        r"form",
    ),
    "a value outside its list": (
        set_cell("documents", 2, "kind", "Thông tư"),
        r"documents\.csv, row 2, column 'kind', value 'Thông tư': must be one of: ",
    ),
    "a row with too few cells": (
        edit_rows("events", lambda rows: rows[2].pop()),
        r"events\.csv, row 3: the row has 10 cells, the header 11: a cell is missing",
    ),
    "a row repeated (two-column key)": (
        edit_rows("editorial_notes", lambda rows: rows.append(list(rows[1]))),
        r"editorial_notes\.csv, row \d+: the row's key repeats another row's",
    ),
    "a header with a column twice": (
        edit_rows("glossary", lambda rows: [r.append(r[1]) for r in rows]),
        r"glossary\.csv, row 1: header is wrong \(kind repeated\): found "
        r"term,kind,meaning,meaning_source,section,quote,kind; it must be: ",
    ),
    "a paragraph's id of another section": (
        set_cell("record", II_5_2, "id", "II.6.9"),
        rf"record\.csv, row {II_5_2}, column 'id', value 'II\.6\.9': a paragraph's id must be "
        r"'II\.5\.N'",
    ),
    "rows out of the report's order of sections": (
        edit_rows("record", lambda rows: rows.insert(2, rows.pop(II_6_1 - 1))),
        r"record\.csv, row \d+, column 'section', value 'II\.\d': rows must follow the report's "
        r"order of sections",
    ),
    "an actor mention that is not in the record": (
        set_cell("actors", 2, "mentions", "Bộ Chính trị;Bộ Chính trị Trung ương"),
        r"actors\.csv, row 2, column 'mentions', value 'Bộ Chính trị Trung ương': this mention is "
        r"not in the record",
    ),
    "an empty actor mention": (
        set_cell("actors", 8, "mentions", "Chính phủ;"),
        r"actors\.csv, row 8, column 'mentions', value 'Chính phủ;': an empty mention",
    ),
    "a mention inside another body's mention": (
        # "Tỉnh ủy" stands in "Ban Dân vận Tỉnh ủy" in II.4: that is the Ban Dân vận's.
        set_cell("actors", 11, "sections", "I;II.2;II.4;III"),
        r"actors\.csv, row 11, column 'sections', value 'I;II\.2;II\.4;III': must list every "
        r"section where a mention occurs \(as whole words, not inside another row's mention\), "
        r"in order: I;II\.2;III",
    ),
    "a quote that cuts a name in two": (
        set_cell("actors", 8, "quote", "nhân dân tỉnh cũng đã kịp thời triển khai các Chỉ thị"),
        r"actors\.csv, row 8, column 'quote', .*: the quote starts or ends inside "
        r"“Ủy ban nhân dân( tỉnh)?”: a quote is whole words",
    ),
    "an actor quote without its mentions": (
        set_cell("actors", 2, "quote", "Ủy ban nhân dân tỉnh"),
        r"actors\.csv, row 2, column 'quote', value 'Ủy ban nhân dân tỉnh': the quote contains "
        r"none of the mentions",
    ),
    "an order of magnitude without its magnitude": (
        set_cell("indicators", 6, "magnitude", ""),
        r"indicators\.csv, row 6, column 'magnitude': an order of magnitude needs its magnitude",
    ),
    "a magnitude on an exact quantity": (
        set_cell("indicators", TIEM_NHAC_LAI, "magnitude", "100"),
        rf"indicators\.csv, row {TIEM_NHAC_LAI}, column 'magnitude', value '100': magnitude is "
        r"only for orders of magnitude",
    ),
    "an exact quantity without its value": (
        set_cell("indicators", TIEM_NHAC_LAI, "value", ""),
        rf"indicators\.csv, row {TIEM_NHAC_LAI}, column 'value': a exact quantity needs its value",
    ),
    "a date without its source": (
        set_cell("documents", QD_1497, "date_source", ""),
        rf"documents\.csv, row {QD_1497}, column 'date_source': a date needs its source",
    ),
    "a date from the record without the date as written": (
        set_cell("documents", QD_1497, "date_as_written", ""),
        rf"documents\.csv, row {QD_1497}, column 'date_as_written': a date read from the record "
        r"needs the date as written",
    ),
    "a date source without a date": (
        set_cell("documents", QD_1497, "date", ""),
        rf"documents\.csv, row {QD_1497}, column 'date_source', value 'record': a date source "
        r"without a date",
    ),
    "a document cited in a section that does not mention it": (
        set_cell("documents", QD_1497, "cited_in", "I;VI"),
        rf"documents\.csv, row {QD_1497}, column 'mention', value '1497/QĐ-TTg': the mention does "
        r"not occur as whole words in section VI, which cites it",
    ),
    "a meaning for a term whose meaning is not stated": (
        set_cell("glossary", row_of("glossary", "term", "P.II"), "meaning", "Phòng II"),
        r"glossary\.csv, row \d+, column 'meaning', value 'Phòng II': meaning must be empty "
        r"exactly when meaning_source is not_stated",
    ),
    "a section on a page that does not exist": (
        set_cell("sections", row_of("sections", "section_id", "IV"), "page", "khen-thuong"),
        r"sections\.csv, row \d+, column 'page', value 'khen-thuong': no chapter "
        r"book/khen-thuong\.md carries this section",
    ),
    "a paragraph of the record that the source does not have": (
        edit_rows(
            "record", lambda rows: rows.insert(II_6_1, ["II.6.9", "II.6", "bullet", "x", "1"])
        ),
        r"record\.csv, row \d+, column 'id', value 'II\.6\.9': the report's source text has no "
        r"such paragraph",
    ),
    "a paragraph's kind that is not the source's": (
        set_cell("record", II_6_1, "kind", "paragraph"),
        rf"record\.csv, row {II_6_1}, column 'kind', value 'paragraph': II\.6\.1: the source "
        r"gives 'bullet'",
    ),
    "the source text deleted": (
        lambda data_dir: (data_dir / SOURCE["path"]).unlink(),
        r"data/source/bao-cao-trich-xuat-pdf\.txt: the report's source text is missing",
    ),
    "datapackage.json broken": (
        lambda data_dir: (data_dir / "datapackage.json").write_text("{", encoding="utf-8"),
        r"data/datapackage\.json: cannot be read",
    ),
    "a column described only in English": (
        edit_descriptor(
            lambda d: _field(d, "indicators", "value").update(description="The value.")
        ),
        r"data/datapackage\.json, value 'The value\.': resource 'indicators', field 'value': "
        r"its `description` is not in Vietnamese",
    ),
    "a column without a title": (
        edit_descriptor(lambda d: _field(d, "documents", "date_source").pop("title")),
        r"data/datapackage\.json: resource 'documents', field 'date_source': its `title` is "
        r"missing; write it in Vietnamese",
    ),
    "a table without its Vietnamese description": (
        edit_descriptor(lambda d: _resource(d, "events").update(description="")),
        r"data/datapackage\.json: resource 'events': its `description` is missing",
    ),
    "mojibake after a cell with a line break": (
        edit_rows(
            "glossary",
            lambda rows: (
                rows[1].__setitem__(2, rows[1][2] + "\ncòn tiếp"),
                rows[3].__setitem__(2, "Ủy ban".encode().decode("latin-1")),
            ),
        ),
        r"data/glossary\.csv: row 4: .* looks like Vietnamese decoded in the wrong encoding",
    ),
    "a date from outside claiming to be the report's": (
        set_cell("documents", NQ_68, "date_as_written", "01/7/2021"),
        rf"documents\.csv, row {NQ_68}, column 'date_as_written', value '01/7/2021': a date from "
        r"the reference must not claim",
    ),
    # What Excel does to a CSV it opens and saves (bao_cao.data.spreadsheet).
    "a date saved month first by Excel in a US region": (
        set_cell("ninh_thuan_covid_daily", 2, "date", "3/18/2020"),
        r"ninh-thuan-covid-daily\.csv, row 2, column 'date', value '3/18/2020': month first: "
        r"Excel wrote this date as Windows' region English \(United States\) writes dates; it "
        r"is 2020-03-18",
    ),
    "a date saved as Excel's serial number": (
        set_cell("ninh_thuan_covid_daily", 647, "date", "44583"),
        r"row 647, column 'date', value '44583': 44583 is the number Excel keeps for the date "
        r"2022-01-22",
    ),
    "a text turned into a date by Excel": (
        set_cell("documents", QD_1497, "date_as_written", "10-Sep"),
        rf"documents\.csv, row {QD_1497}, column 'date_as_written', value '10-Sep': Excel turned "
        r"what was typed .* into a date",
    ),
    "a number saved in scientific notation": (
        set_cell("indicators", row_of("indicators", "indicator_id", "von-vay"), "value", "1.6E+10"),
        r"indicators\.csv, row \d+, column 'value', value '1\.6E\+10': Excel saved this number in "
        r"scientific notation",
    ),
    "a leading zero dropped from a value as written": (
        set_cell("indicators", VONG_KIEM_SOAT, "value_as_written", "3"),
        rf"indicators\.csv, row {VONG_KIEM_SOAT}, column 'value_as_written', value '3': the report "
        r"writes '03': Excel dropped the leading zero",
    ),
    "an empty header cell with values under it": (
        edit_rows("glossary", lambda rows: [rows[0].append(""), rows[2].append("x")]),
        r"glossary\.csv, row 1: 1 header cell\(s\) are empty \(column number 7\)",
    ),
    "a comma outside quotes": (
        edit_text("glossary", lambda t: t.replace("UBND,viết tắt,", "UBND,viết, tắt,", 1)),
        r"glossary\.csv, row 2: the row has 7 cells, the header 6: a text with a comma must be "
        r"inside double quotes",
    ),
    "a file cut off in the middle of a row": (
        edit_text("glossary", lambda t: t[:1500]),
        r"glossary\.csv, row \d+: the file ends in the middle of this row",
    ),
    "a table with only its header": (
        edit_text("places", lambda t: t.splitlines()[0] + "\n"),
        r"data/places\.csv, row 2: has only its header row",
    ),
    "a day deleted from the daily series": (
        edit_text(
            "ninh_thuan_covid_daily",
            lambda t: "".join(
                line for line in t.splitlines(keepends=True) if not line.startswith("2021-06-14,")
            ),
        ),
        r"ninh-thuan-covid-daily\.csv, row \d+, column 'date', value '2021-06-15': the series "
        r"must have every day: after 2021-06-13 comes this date, so 2021-06-14 is missing",
    ),
    "a day far after the last appended to the daily series": (
        edit_text("ninh_thuan_covid_daily", lambda t: t + f"{LAST_DAY + 99 * DAY},3,0\n"),
        rf"value '{LAST_DAY + 99 * DAY}': the series must have every day: after {LAST_DAY} comes "
        rf"this date, so 98 days are missing, {LAST_DAY + DAY} to {LAST_DAY + 98 * DAY}",
    ),
    "a stray CSV beside the tables": (
        lambda data_dir: (data_dir / "indicators (1).csv").write_text("a,b\n", encoding="utf-8"),
        r"data/indicators \(1\)\.csv: no table of datapackage\.json is this file",
    ),
    "a glossary cut off at a row boundary": (
        edit_text("glossary", lambda t: "".join(t.splitlines(keepends=True)[:25])),
        r"glossary\.csv, column 'term'.*the record names the abbreviation 'KH'",
    ),
}


ACCEPTED_INPUTS = {
    "UTF-8 with BOM": edit_bytes("glossary", lambda raw: b"\xef\xbb\xbf" + raw),
    "CRLF line ends": edit_bytes("glossary", lambda raw: raw.replace(b"\n", b"\r\n")),
    "trailing blank lines and empty rows": edit_bytes("glossary", lambda raw: raw + b",,,,,\n\n\n"),
    "quoted commas": set_cell("glossary", 2, "meaning", "Ủy ban nhân dân, tỉnh"),
    "empty columns at the right, as Excel keeps them": edit_text(
        "glossary", lambda t: "".join(line.rstrip("\n") + ",,\n" for line in t.splitlines())
    ),
    "an office lock file beside the tables": lambda data_dir: (
        data_dir / ".~lock.glossary.csv#"
    ).write_text("x", encoding="utf-8"),
}


@pytest.mark.parametrize("case", list(ACCEPTED_INPUTS))
def test_what_spreadsheets_write_is_accepted(data_copy, case):
    ACCEPTED_INPUTS[case](data_copy)
    assert [str(problem) for problem in validate(data_copy)] == []


def test_decomposed_unicode_is_read_as_precomposed_and_said(data_copy):
    """Unikey's "Unicode tổ hợp": the same text, read as NFC, noted, and fixed on request."""
    glossary = data_copy / "glossary.csv"
    original = glossary.read_text(encoding="utf-8")
    glossary.write_text(unicodedata.normalize("NFD", original), encoding="utf-8")
    result = check(data_copy)
    assert [str(problem) for problem in result.problems] == []
    assert "Unicode tổ hợp" in " ".join(result.normalised[glossary].changes)
    assert load_table("glossary", data_copy).equals(load_table("glossary", DATA_DIR))
    noted = validate_command(str(data_copy))
    assert noted.returncode == 0
    assert "note: data/glossary.csv: decomposed Unicode" in noted.stderr
    assert "--fix" in noted.stderr
    assert glossary.read_text(encoding="utf-8") != original  # only --fix writes
    fixed = validate_command(str(data_copy), "--fix")
    assert fixed.returncode == 0, fixed.stderr
    assert "fixed: data/glossary.csv" in fixed.stdout
    assert glossary.read_text(encoding="utf-8") == original


@pytest.mark.parametrize("table", ["indicators", "documents", "ninh_thuan_covid_daily"])
def test_a_semicolon_separated_file_reads_as_the_same_table(data_copy, table):
    """Excel on a Vietnamese Windows separates cells with ";": the same table, noted."""
    path = data_copy / RESOURCES[table]["path"]
    path.write_text(semicolons(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = check(data_copy)
    assert [str(problem) for problem in result.problems] == []
    assert "“;”" in " ".join(result.normalised[path].changes)
    assert load_table(table, data_copy).equals(load_table(table, DATA_DIR))


def test_the_chapter_code_runs_on_a_semicolon_separated_series(data_copy, monkeypatch):
    path = data_copy / RESOURCES["ninh_thuan_covid_daily"]["path"]
    path.write_text(semicolons(path.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setattr(
        figures, "load_table", lambda name, **options: load_table(name, data_copy, **options)
    )
    assert figures.epidemic().axes


def test_a_workbook_never_gives_a_traceback(data_copy):
    (data_copy / "documents.csv").write_bytes(xlsx_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "bao_cao.data.validate", str(data_copy)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/documents.csv: this is an Excel workbook (.xlsx)" in result.stderr


def test_every_table_is_checked_in_one_run_however_many_are_wrong(data_copy):
    """A wrong type in one table, a rule broken in another, CITATION.cff wrong and a file
    no table declares: all said at once, not one stage's problems per run. A rule that
    reads the mistyped table waits for it (it would reason from a refused cell)."""
    set_cell("indicators", TIEM_NHAC_LAI, "value", "62,31")(data_copy)
    set_cell("documents", QD_1497, "date", "2021-10-09")(data_copy)
    (data_copy / "ghi-chu.txt").write_text("nháp", encoding="utf-8")
    citation = (DATA_DIR.parent / "CITATION.cff").read_text(encoding="utf-8")
    (data_copy.parent / "CITATION.cff").write_text(
        citation.replace("cff-version:", "cff-versoin:"), encoding="utf-8"
    )
    said = [str(problem) for problem in validate(data_copy)]
    assert any(
        p.startswith(f"data/indicators.csv, row {TIEM_NHAC_LAI}, column 'value'") for p in said
    )
    assert any(p.startswith(f"data/documents.csv, row {QD_1497}, column 'date'") for p in said)
    assert any(p.startswith("data/ghi-chu.txt: no table") for p in said)
    assert any(p.startswith("CITATION.cff") for p in said)
    assert len(said) == 5, said  # cff-versoin: not a key, and cff-version missing


def test_a_table_with_problems_of_its_own_silences_only_the_checks_that_read_it(data_copy):
    """A mistyped indicator stops the checks that read indicators, not the book's check of
    the sections' pages, which reads only sections."""
    set_cell("indicators", TIEM_NHAC_LAI, "value", "62,31")(data_copy)
    set_cell("sections", row_of("sections", "section_id", "II.7"), "page", "muc-ii-77")(data_copy)
    said = [str(problem) for problem in validate(data_copy)]
    assert any(p.startswith(f"data/indicators.csv, row {TIEM_NHAC_LAI}") for p in said), said
    assert any("no chapter book/muc-ii-77.md carries this section" in p for p in said), said


def test_office_lock_files_are_not_workbooks(data_copy):
    (data_copy / "~$glossary.xlsx").write_bytes(b"\x00" * 162)
    assert [str(problem) for problem in validate(data_copy)] == []


def test_bom_is_not_part_of_the_first_column(data_copy):
    ACCEPTED_INPUTS["UTF-8 with BOM"](data_copy)
    assert "term" in load_table("glossary", data_copy).columns


def test_validation_command_exits_non_zero_and_lists_problems(data_copy):
    set_cell("indicators", 3, "value", "62,31")(data_copy)
    result = subprocess.run(
        [sys.executable, "-m", "bao_cao.data.validate", str(data_copy)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "data/indicators.csv, row 3, column 'value', value '62,31'" in result.stderr
    ok = validate_command(str(DATA_DIR))
    assert ok.returncode == 0, ok.stderr


def us_dates(text: str) -> str:
    """The daily series as Excel saves it on a computer set to US dates (3/18/2020)."""
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows[1:]:
        year, month, day = (int(part) for part in row[0].split("-"))
        row[0] = f"{month}/{day}/{year}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def test_a_whole_column_of_us_dates_is_summarised_never_guessed_never_cut_short(data_copy):
    edit_text("ninh_thuan_covid_daily", us_dates)(data_copy)
    result = validate_command(str(data_copy))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == f"{DAILY_ROWS} problem(s) in {data_copy}:"  # every row, none cut off
    assert len(lines) < 20  # a kind of problem is shown three times, then counted
    assert "None" not in result.stderr  # no key error repeating the date's own
    summary = [line for line in lines if line.strip().startswith("… and the same problem")]
    assert summary
    assert all("column 'date'" in line and "in all; rows" in line for line in summary)
    # An ambiguous date names both readings and chooses neither.
    ambiguous = next(line for line in lines if "value '1/5/2022'" in line or "could be" in line)
    assert "(day first" in ambiguous
    assert "(month first" in ambiguous
    assert "write 20" not in ambiguous.split("could be")[1].split("):")[0]


def test_a_stray_file_in_data_changes_no_checksum(data_copy):
    from bao_cao.site.citation import data_checksum

    before = data_checksum(data_copy)
    (data_copy / "indicators (1).csv").write_text("a,b\n", encoding="utf-8")
    (data_copy / "ghi chu.txt").write_text("x", encoding="utf-8")
    assert data_checksum(data_copy) == before
    messages = [str(problem) for problem in validate(data_copy)]
    assert any(m.startswith("data/ghi chu.txt: no table of datapackage.json") for m in messages)


def test_excel_serials_name_a_date_only_in_the_range_excel_could_mean():
    from bao_cao.data import spreadsheet

    assert "2022-01-22" in spreadsheet.date_rule("44583")
    assert spreadsheet.date_rule("10000") is None  # a number, not certainly a date


def test_one_mistyped_date_in_the_series_is_said_once_not_for_every_later_row(data_copy):
    daily = data_copy / RESOURCES["ninh_thuan_covid_daily"]["path"]
    daily.write_text(
        daily.read_text(encoding="utf-8").replace("\n2021-09-10,", "\n2021-10-09,", 1), "utf-8"
    )
    problems = [str(problem) for problem in validate(data_copy)]
    assert 1 <= len(problems) <= 2, problems
    assert any("value '2021-10-09'" in problem for problem in problems)


def test_a_semicolon_file_cut_off_mid_row_is_said_to_be_cut_off(data_copy):
    glossary = data_copy / "glossary.csv"
    text = semicolons(glossary.read_text(encoding="utf-8"))
    row_20 = text.index("\n".join(text.split("\n")[19:20]))
    glossary.write_text(text[: text.index(";", row_20) + 1], "utf-8")  # after a first cell
    messages = "\n".join(str(problem) for problem in validate(data_copy))
    assert "the file ends in the middle of this row" in messages, messages


def test_every_constraint_is_worded_once_for_the_data_page_and_the_validator():
    """The data page dropped a maxLength the validator enforced: both read one table."""
    from bao_cao.data.constraints import WORDING, accepted, broken

    names = (
        "required",
        "unique",
        "enum",
        "pattern",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
    )
    for name in names:
        assert name in WORDING, name
        assert "breaks the constraint" not in broken(name, "5")
    assert accepted({"required": True, "unique": True, "maxLength": 80}) == (
        "không trùng; nhiều nhất 80 ký tự"
    )
    assert accepted({"unique": False, "enum": ["a", "b"]}) == "một trong: a; b"
    assert broken("maxLength", "80") == "is longer than 80 characters"


def test_nothing_in_the_repository_names_a_folder_outside_it():
    """A reader of the repository (or of the data package) has only what is in it: the
    report's text and the reference notes are kept inside, and named there. Every file
    of the book's folder is read (a copy without .git too, as CI's other Pythons use)."""
    from bao_cao.site.stamp import NOT_INPUTS

    root = DATA_DIR.parent
    outside = re.compile(r"\.\./shared\b|\bshared/(?:seed|reference)\b")
    named = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [
            name
            for name in subfolders
            if not name.startswith(".") and (name not in NOT_INPUTS or name == "tests")
        ]
        for name in names:
            path = Path(folder, name)
            if path == Path(__file__).resolve():
                continue
            if outside.search(path.read_text(encoding="utf-8", errors="ignore")):
                named.append(path.relative_to(root).as_posix())
    assert named == []
    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    kept = [source["path"] for source in descriptor["sources"] if "path" in source]
    assert kept == ["source/bao-cao-trich-xuat-pdf.txt", "source/tai-lieu-tham-khao.md"]
    assert all((DATA_DIR / path).is_file() for path in kept)
