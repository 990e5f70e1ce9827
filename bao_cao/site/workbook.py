"""The data package as one Excel workbook, du-lieu.xlsx: the Excel route to the data.

The package's CSVs are UTF-8 without a byte-order mark, as machines and the Frictionless
standard read them; Excel on Windows opens such a file in the legacy code page and shows
"DÃ¢n sá»‘" for "Dân số". The workbook needs no import step: one sheet per table, its
columns headed by their Vietnamese titles with the field names beside them (one header
row, frozen and filtered, each heading's note the column's description), dates as
dates, numbers as numbers, and a first sheet that says what the tables are and where
their rows come from. Every title and
description is datapackage.json's, so the workbook, the page "Dữ liệu" and the package
say the same.

What staff typed stays text: a cell that starts with "=" is stored as a string, never a
formula. The same data give the same bytes: the document's dates and every zip entry's
are 1980-01-01, the zip format's epoch (openpyxl would write the time of saving).
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from bao_cao.data import package_descriptor, read_text

WORKBOOK_NAME = "du-lieu.xlsx"
INTRO_SHEET = "Giới thiệu"
DATE_FORMAT = "DD/MM/YYYY"  # as Vietnamese documents write dates
WIDEST_COLUMN = 60  # characters; longer text wraps
# The columns of the first sheet's list of tables.
CONTENTS_HEADER = ("Trang tính", "Bảng", "Nội dung", "Số dòng", "Tệp CSV trong gói")
INTRO_WIDTHS = {"A": 24, "B": 40, "C": WIDEST_COLUMN, "D": 10, "E": 30}  # characters


FIXED_TIME = datetime.datetime(1980, 1, 1)


class _DatedZip(zipfile.ZipFile):
    """A zip whose entries all carry one fixed date, whatever the clock says."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, FIXED_TIME.timetuple()[:6])
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
            zinfo_or_arcname.external_attr = 0o644 << 16
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl writes each sheet to a temporary file first: its bytes, not its date.
        self.writestr(arcname or Path(filename).name, Path(filename).read_bytes())


def typed(text: str, field: dict) -> object:
    """A CSV cell as the workbook holds it: by the field's type, empty as an empty cell.
    The validator has already refused a value its type cannot read."""
    if text == "":
        return None
    kind = field.get("type", "string")
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "date":
        return datetime.date.fromisoformat(text)
    if kind == "boolean":
        return text in field.get("trueValues", ["true", "True", "TRUE", "1"])
    return text


def _rows(data_dir: Path, resource: dict) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(read_text(data_dir / resource["path"]))))


def _put(sheet: Worksheet, row: int, column: int, value: object) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would read "=…" as a formula
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT


def _widths(sheet: Worksheet, columns: list[list[object]]) -> None:
    for index, values in enumerate(columns, start=1):
        longest = max((len(str(v)) for v in values if v is not None), default=8)
        width = min(max(longest, 8) + 2, WIDEST_COLUMN)
        sheet.column_dimensions[get_column_letter(index)].width = width
        if longest > WIDEST_COLUMN:
            for cell in sheet[get_column_letter(index)]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def header(field: dict) -> str:
    """A column's heading: its Vietnamese title, the field name beside it."""
    return f"{field['title']} ({field['name']})"


def _table_sheet(sheet: Worksheet, resource: dict, rows: list[dict[str, str]]) -> None:
    """One header row, so that a reader's tools (Excel's filters, pandas.read_excel) take
    it as the header; each heading's note holds the column's description."""
    fields = resource["schema"]["fields"]
    for column, field in enumerate(fields, start=1):
        _put(sheet, 1, column, header(field))
        heading = sheet.cell(row=1, column=column)
        heading.font = Font(bold=True)
        heading.comment = Comment(field["description"], "Mô tả cột", width=320, height=160)
        for number, row in enumerate(rows, start=2):
            _put(sheet, number, column, typed(row[field["name"]], field))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(fields))}{len(rows) + 1}"
    _widths(sheet, [[header(f), *(r[f["name"]] for r in rows)] for f in fields])


def _intro_sheet(sheet: Worksheet, descriptor: dict, counts: dict[str, int]) -> None:
    texts = [
        descriptor["title"],
        descriptor["description"],
        "Mỗi trang tính sau trang này là một bảng của gói dữ liệu (bấm tên bảng ở cột đầu "
        "để mở). Dòng đầu của mỗi bảng: tên cột bằng tiếng Việt, tên cột trong tệp CSV của "
        "gói ở trong ngoặc; ghi chú của ô tiêu đề là mô tả cột. Ô trống: không có giá trị. "
        "Mô tả đầy đủ: trang “Dữ liệu” của ấn bản.",
        "Giấy phép: "
        + "; ".join(item["title"] for item in descriptor["licenses"])
        + "".join(
            f"; riêng bảng {r['name']}: " + "; ".join(item["title"] for item in r["licenses"])
            for r in descriptor["resources"]
            if r.get("licenses")
        ),
        "Nguồn: " + "; ".join(item["title"] for item in descriptor.get("sources", [])),
    ]
    # The texts span the five columns of the list under them, wrapped: Excel does not
    # grow a row for a merged cell, so each row is given the height its lines need.
    span = sum(INTRO_WIDTHS.values())
    for number, text in enumerate(texts, start=1):
        _put(sheet, number, 1, text)
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=5)
        sheet.row_dimensions[number].height = 15 * (len(text) // span + 1) + 3
    sheet["A1"].font = Font(bold=True, size=14)
    header = len(texts) + 2
    for column, value in enumerate(CONTENTS_HEADER, start=1):
        _put(sheet, header, column, value)
        sheet.cell(row=header, column=column).font = Font(bold=True)
    for number, resource in enumerate(descriptor["resources"], start=header + 1):
        listed = (
            resource["name"],
            resource["title"],
            resource["description"],
            counts[resource["name"]],
            resource["path"],
        )
        for column, value in enumerate(listed, start=1):
            _put(sheet, number, column, value)
        link = sheet.cell(row=number, column=1)
        link.hyperlink = f"#'{resource['name']}'!A1"
        link.font = Font(color="0563C1", underline="single")
    for letter, width in INTRO_WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def workbook_bytes(data_dir: Path) -> bytes:
    """The workbook of the package in data_dir (validated first, by the build)."""
    descriptor = package_descriptor(data_dir)
    book = Workbook()
    book.properties.creator = ""  # not openpyxl's "openpyxl"
    book.properties.title = descriptor["title"]
    intro = book.active
    intro.title = INTRO_SHEET
    counts = {}
    for resource in descriptor["resources"]:
        rows = _rows(data_dir, resource)
        counts[resource["name"]] = len(rows)
        _table_sheet(book.create_sheet(resource["name"]), resource, rows)
    _intro_sheet(intro, descriptor, counts)
    # The zip's own epoch for the document's dates, which openpyxl cannot leave out: the
    # same data give the same file.
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    with _DatedZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return buffer.getvalue()
