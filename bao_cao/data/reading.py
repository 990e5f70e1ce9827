"""Reading the data package: one reader for the validator, the book and the tests.

Staff edit the CSV files in spreadsheet programs, so the reader accepts what those write
(a UTF-8 byte-order mark, CRLF line ends, empty rows at the end) and refuses what would
put wrong text into the book (another encoding, mis-decoded text, an empty or huge file).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

# The book being built sets this (bao_cao.sphinxext.execution), so that the kernels executing its
# chapters read that book's data, wherever this package is installed from.
DATA_DIR_VARIABLE = "BAO_CAO_DATA_DIR"
DATA_DIR = Path(os.environ.get(DATA_DIR_VARIABLE) or Path(__file__).resolve().parents[2] / "data")
PACKAGE_FILE = "datapackage.json"
# The largest file is a few kilobytes; a file this big is a mistake (a pasted export).
MAX_FILE_BYTES = 5 * 1024 * 1024
UTF8_BOM = b"\xef\xbb\xbf"
# UTF-8 Vietnamese read as cp1252/latin-1 and saved again: "Æ°" for "ư", "áº" for "ạ"...
MOJIBAKE = re.compile(r"Ã[\x80-\xbf]|Ä[\x80-\xbf‘]|Æ[°¡]|á»|áº|Ä‘")
TRAILING_EMPTY_ROWS = re.compile(r"(\n[ \t,]*)+\Z")
# Names of the resources load_table has read in this process, in order: tests compare it
# with what each chapter declares it reads (data_reads), so no dependency goes unnoticed.
READ_LOG: list[str] = []


class DataFileError(ValueError):
    """A data file that cannot be read as UTF-8 CSV text; the message names the file."""


@dataclass(frozen=True)
class CsvText:
    """A data file's text as the book reads it, and what reading it had to change.

    `changes` names what a spreadsheet wrote that the reader turned into the standard
    form (decomposed Unicode, semicolons): nothing is lost, but `validate --fix` rewrites
    the file in that form, so that what is in the repository is what the book shows.
    """

    text: str
    changes: tuple[str, ...] = ()
    # The file's last row ended with a line break, as every program that saves CSV writes
    # it: a file that ends inside a row was cut off (or never finished saving).
    ends_with_line_break: bool = True


# Bytes a spreadsheet workbook starts with: Office Open XML and OpenDocument are zip
# files; Excel 97–2003 (.xls) is an OLE compound file.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SAVE_AS_CSV = {
    "Excel": "in Excel: File › Save As › “CSV UTF-8 (Comma delimited) (*.csv)”",
    "LibreOffice": (
        "in LibreOffice Calc: File › Save As › “Text CSV (.csv)”, Character set “Unicode "
        "(UTF-8)”, Field delimiter “,”"
    ),
}
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def workbook_kind(raw: bytes) -> str | None:
    """ "an Excel workbook (.xlsx)" etc. if the bytes are a spreadsheet file, not text."""
    if raw.startswith(OLE_MAGIC):
        return "an Excel 97–2003 workbook (.xls)"
    if raw.startswith(ZIP_MAGIC):
        if b"opendocument.spreadsheet" in raw[:200]:
            return "a LibreOffice/OpenDocument spreadsheet (.ods)"
        return "an Excel workbook (.xlsx)"
    return None


def save_as_csv_instruction(kind: str = "") -> str:
    """The exact steps to save a sheet as the CSV the book reads."""
    if "OpenDocument" in kind:
        return f"open it and save it {SAVE_AS_CSV['LibreOffice']}"
    return f"open it and save it {SAVE_AS_CSV['Excel']} ({SAVE_AS_CSV['LibreOffice']})"


def _record_number(text: str, offset: int) -> int:
    """The row (as a spreadsheet counts: header = 1) holding character `offset`."""
    return max(1, len(list(csv.reader(io.StringIO(text[:offset] + "x")))))


def _delimiter(text: str) -> str:
    """ "," or ";" (Excel writes ";" where the list separator is ";", as in Vietnamese)."""
    header = next(csv.reader(io.StringIO(text)), [])
    if len(header) == 1 and ";" in header[0]:
        return ";"
    return ","


def _as_commas(text: str) -> str:
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def read_csv_text(path: Path) -> CsvText:
    """The file's text as standard CSV: UTF-8, NFC, commas, "\\n" line ends, no BOM.

    Accepted and turned into that form: a BOM, CRLF line ends, empty rows at the end,
    decomposed Unicode (Unikey's "Unicode tổ hợp"), semicolons between cells. Refused
    with a message that says what to do: a workbook, UTF-16, another encoding, text
    decoded in the wrong encoding and saved again, an empty or huge file.
    """
    text = _utf8_text(path, _csv_bytes(path))
    changes = []
    normalised = unicodedata.normalize("NFC", text)
    if normalised != text:
        changes.append("decomposed Unicode (“Unicode tổ hợp”) read as precomposed (“dựng sẵn”)")
        text = normalised
    ends_with_line_break = text.endswith("\n")  # before any rewriting adds one
    if _delimiter(text) == ";":
        changes.append("cells separated by “;” read as separated by “,”")
        text = _as_commas(text)
    text = TRAILING_EMPTY_ROWS.sub("", text) + "\n"
    if (trimmed := _without_empty_columns(text)) != text:
        changes.append(
            "empty columns right of the last one left out (Excel keeps a column that was "
            "typed in and then cleared)"
        )
        text = trimmed
    return CsvText(text, tuple(changes), ends_with_line_break)


def _csv_bytes(path: Path) -> bytes:
    """The file's bytes without a BOM, refused when they cannot be CSV text: a workbook,
    UTF-16, an empty or huge file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise DataFileError(f"{path}: file not found") from error
    except OSError as error:
        raise DataFileError(f"{path}: cannot be read ({error.strerror})") from error
    if kind := workbook_kind(raw):
        raise DataFileError(
            f"{path}: this is {kind} saved under a .csv name, not CSV text; "
            + save_as_csv_instruction(kind)
        )
    if len(raw) > MAX_FILE_BYTES:
        raise DataFileError(
            f"{path}: {len(raw) / 2**20:.1f} MB is larger than the {MAX_FILE_BYTES // 2**20} MB "
            "a data file may be; is it the right file?"
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        raise DataFileError(
            f"{path}: saved as UTF-16 (Excel's “Unicode Text”); "
            f"save it as “CSV UTF-8” instead: {SAVE_AS_CSV['Excel']}"
        )
    raw = raw.removeprefix(UTF8_BOM)
    if not raw.strip():
        raise DataFileError(f"{path}: the file is empty; it needs at least its header row")
    return raw


def _utf8_text(path: Path, raw: bytes) -> str:
    """The bytes as UTF-8 text with "\\n" line ends, refused in another encoding, with NUL
    bytes, or decoded in the wrong encoding and saved again."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataFileError(
            f"{path}: not UTF-8 (byte 0x{raw[error.start]:02X} at position {error.start}); "
            "it was saved in another encoding (Windows-1258 “Vietnamese (Windows)”, "
            f"latin-1); save it as “CSV UTF-8”: {SAVE_AS_CSV['Excel']}"
        ) from error
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise DataFileError(f"{path}: contains NUL bytes, so it is not a text file")
    if match := MOJIBAKE.search(text):
        raise DataFileError(
            f"{path}: row {_record_number(text, match.start())}: {match.group()!r} looks like "
            "Vietnamese decoded in the wrong encoding and saved again; re-type the text or "
            "restore it from version control"
        )
    return text


def _without_empty_columns(text: str) -> str:
    """The table without columns at its right end that are empty in the header and in
    every row (a row shorter than the header is left as it is, for the validator)."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0][-1:] != [""]:
        return text
    keep = len(rows[0])
    while keep and rows[0][keep - 1] == "":
        keep -= 1
    if keep == 0 or any(any(cell.strip() for cell in row[keep:]) for row in rows[1:]):
        return text
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(row[:keep] for row in rows)
    return out.getvalue()


def read_text(path: Path) -> str:
    """The file's text as standard CSV (see read_csv_text)."""
    return read_csv_text(path).text


def package_descriptor(data_dir: Path = DATA_DIR) -> dict:
    """The data package's descriptor (datapackage.json)."""
    return json.loads((data_dir / PACKAGE_FILE).read_text(encoding="utf-8"))


# Files of data/ that belong to the package without being tables.
PACKAGE_DOCUMENTATION = ("README.md",)


def field_titles(names: tuple[str, ...], data_dir: Path = DATA_DIR) -> dict[str, str]:
    """Each field's Vietnamese title (datapackage.json), from the first of the resources
    `names` that has a field of that name."""
    titles: dict[str, str] = {}
    for name in reversed(names):
        fields = resource_descriptor(name, data_dir)["schema"]["fields"]
        titles |= {field["name"]: field.get("title", field["name"]) for field in fields}
    return titles


def package_paths(data_dir: Path = DATA_DIR) -> list[Path]:
    """The files that make up the data package, sorted: datapackage.json, its README, each
    table it declares, the report's source text and the package's other sources kept in it
    (a source with a `path`). Anything else in data/ is no part of it: it is named by the
    validator, and left out of the data's checksums."""
    paths = {data_dir / PACKAGE_FILE}
    paths.update(data_dir / name for name in PACKAGE_DOCUMENTATION if (data_dir / name).is_file())
    try:
        descriptor = package_descriptor(data_dir)
        paths.update(data_dir / resource["path"] for resource in descriptor["resources"])
        if source := descriptor.get("x-source-text"):
            paths.add(data_dir / source["path"])
        paths.update(
            data_dir / kept["path"] for kept in descriptor.get("sources", []) if "path" in kept
        )
    except (OSError, ValueError, KeyError, TypeError):
        pass  # an unreadable descriptor is the validator's to report
    return sorted(path for path in paths if path.is_file())


def resource_descriptor(name: str, data_dir: Path = DATA_DIR) -> dict:
    """One resource's descriptor by name."""
    for resource in package_descriptor(data_dir)["resources"]:
        if resource["name"] == name:
            return resource
    raise KeyError(f"{data_dir / PACKAGE_FILE}: no resource named {name!r}")


def load_table(name: str, data_dir: Path = DATA_DIR, as_written: bool = False) -> pd.DataFrame:
    """A resource as a DataFrame, typed by its Table Schema (empty cells are missing), or
    `as_written`: every cell the text the CSV holds ("" where empty)."""
    resource = resource_descriptor(name, data_dir)
    READ_LOG.append(name)
    text = read_text(data_dir / resource["path"])
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if as_written:
        return frame
    for field in resource["schema"]["fields"]:
        column = frame[field["name"]].replace("", pd.NA)
        if field["type"] == "number":
            frame[field["name"]] = pd.to_numeric(column).astype("Float64")
        elif field["type"] == "integer":
            frame[field["name"]] = pd.to_numeric(column).astype("Int64")
        elif field["type"] == "date":
            frame[field["name"]] = pd.to_datetime(column, format="%Y-%m-%d")
        else:
            frame[field["name"]] = column.astype("string")
    return frame


# What a cell holds where the report is silent on something it is about (the form of an
# award, the text of a provenance): a value of the data, not an empty cell. Charts show
# it, and the validator asks no quote of it (there are no words to quote).
NOT_STATED = "không nêu"


def is_missing(value: object) -> bool:
    """An empty cell, however it arrives: None, "", pandas NA or NaN ("not stated")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    if isinstance(value, str):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with Python values and None for missing cells (for text, not arithmetic)."""
    return frame.astype(object).where(frame.notna(), None)


def numbered_events(events: pd.DataFrame) -> list[tuple[int, Any]]:
    """The milestones numbered as the timeline chart and the list of milestones number
    them (by date): [(1, row), …]. Here, not in charts: the list is built without
    matplotlib."""
    ordered = events.sort_values(["date", "event_id"], kind="stable")
    return list(enumerate(ordered.itertuples(), start=1))
