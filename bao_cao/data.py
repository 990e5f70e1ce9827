"""Reading the data package: one reader for the validator, the book and the tests.

Staff edit the CSV files in spreadsheet programs, so the reader accepts what those write
(a UTF-8 byte-order mark, CRLF line ends, empty rows at the end) and refuses what would
put wrong text into the book (another encoding, mis-decoded text, an empty or huge file).
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pandas as pd

# The book being built sets this (bao_cao.sphinx_data), so that the kernels executing its
# chapters read that book's data, wherever this package is installed from.
DATA_DIR_VARIABLE = "BAO_CAO_DATA_DIR"
DATA_DIR = Path(
    os.environ.get(DATA_DIR_VARIABLE) or Path(__file__).resolve().parent.parent / "data"
)
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


def read_text(path: Path) -> str:
    """The file's text, with a BOM, CRLF line ends and trailing empty rows removed."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise DataFileError(f"{path}: file not found") from error
    if len(raw) > MAX_FILE_BYTES:
        raise DataFileError(
            f"{path}: {len(raw) / 2**20:.1f} MB is larger than the {MAX_FILE_BYTES // 2**20} MB "
            "a data file may be; is it the right file?"
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataFileError(f"{path}: saved as UTF-16; save it as “CSV UTF-8” instead")
    raw = raw.removeprefix(UTF8_BOM)
    if not raw.strip():
        raise DataFileError(f"{path}: the file is empty; it needs at least its header row")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataFileError(
            f"{path}: not UTF-8 (byte 0x{raw[error.start]:02X} at position {error.start}); "
            "it was probably saved in another encoding (cp1258, latin-1); "
            "save it as “CSV UTF-8”"
        ) from error
    if match := MOJIBAKE.search(text):
        line = text.count("\n", 0, match.start()) + 1
        raise DataFileError(
            f"{path}: row {line}: {match.group()!r} looks like Vietnamese decoded in the wrong "
            "encoding and saved again; re-type the text or restore it from version control"
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return TRAILING_EMPTY_ROWS.sub("", text) + "\n"


def package_descriptor(data_dir: Path = DATA_DIR) -> dict:
    """The data package's descriptor (datapackage.json)."""
    return json.loads((data_dir / PACKAGE_FILE).read_text(encoding="utf-8"))


def resource_descriptor(name: str, data_dir: Path = DATA_DIR) -> dict:
    """One resource's descriptor by name."""
    for resource in package_descriptor(data_dir)["resources"]:
        if resource["name"] == name:
            return resource
    raise KeyError(f"{data_dir / PACKAGE_FILE}: no resource named {name!r}")


def load_table(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """A resource as a DataFrame, typed by its Table Schema (empty cells are missing)."""
    resource = resource_descriptor(name, data_dir)
    READ_LOG.append(name)
    text = read_text(data_dir / resource["path"])
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
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


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with Python values and None for missing cells (for text, not arithmetic)."""
    return frame.astype(object).where(frame.notna(), None)
