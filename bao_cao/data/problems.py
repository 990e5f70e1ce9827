"""A problem in the data (file, row, column, value, rule), and the tables as every rule
of the validator reads them."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from bao_cao.data.cell_text import (
    shown,
)

# A cell a spreadsheet would run as a formula ("=HYPERLINK(...)", "+1", "@SUM"), or a
# dash that is not a Vietnamese list dash ("- " is text; "-1+1" is a formula).
FORMULA = re.compile(r"^(?:[=+@\t\r]|-(?=\S))")


DECIMAL_COMMA = re.compile(r"^-?\d{1,3}(?:\.\d{3})*,\d+$|^-?\d+,\d+$")


@dataclass(frozen=True)
class Problem:
    """One rule broken in one place."""

    file: str
    rule: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    # A text file (CITATION.cff) has lines and keys where a table has rows and columns.
    units: tuple[str, str] = ("row", "column")

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"{self.units[0]} {self.row}")
        if self.column is not None:
            where.append(f"{self.units[1]} '{self.column}'")
        if self.value:
            where.append(f"value {shown(self.value)}")
        return ", ".join(where) + ": " + self.rule


def table_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


class Tables:
    """The package's rows as plain strings, with each row's line number."""

    def __init__(self, descriptor: dict, texts: dict[str, str]):
        self.resources = {resource["name"]: resource for resource in descriptor["resources"]}
        self.rows = {name: table_rows(text) for name, text in texts.items()}

    def file(self, name: str) -> str:
        return f"data/{self.resources[name]['path']}"

    def numbered(self, name: str) -> Iterator[tuple[int, dict[str, str]]]:
        return enumerate(self.rows[name], start=2)
