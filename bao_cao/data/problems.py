"""A problem in the data (file, row, column, value, rule), and the tables as every rule
of the validator reads them."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
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


class UnsoundTable(Exception):
    """A rule read a table whose own checks failed (unreadable, misshapen, wrongly typed):
    the rule is said once that table is fixed (Tables.problems_of)."""


class SoundRows(Mapping[str, list[dict[str, str]]]):
    """The tables' rows by name, where reading a table that failed its own checks (or
    could not be read at all) raises UnsoundTable: a rule never reasons from cells the
    checks have refused."""

    def __init__(self, rows: dict[str, list[dict[str, str]]], declared: set[str], sound: set[str]):
        self._rows, self._declared, self._sound = rows, declared, sound & set(rows)

    def __getitem__(self, name: str) -> list[dict[str, str]]:
        if name in self._declared and name not in self._sound:
            raise UnsoundTable(name)
        return self._rows[name]

    def __contains__(self, name: object) -> bool:
        return name in self._declared

    def __iter__(self) -> Iterator[str]:
        return iter(self._declared)

    def __len__(self) -> int:
        return len(self._declared)


class Tables:
    """The package's rows as plain strings, with each row's line number. `sound`: the
    tables whose own checks passed (all, if not given); the others cannot be read."""

    def __init__(self, descriptor: dict, texts: dict[str, str], sound: Iterable[str] | None = None):
        self.resources = {resource["name"]: resource for resource in descriptor["resources"]}
        rows = {name: table_rows(text) for name, text in texts.items()}
        self.rows = SoundRows(rows, set(self.resources), set(rows if sound is None else sound))

    def file(self, name: str) -> str:
        return f"data/{self.resources[name]['path']}"

    def numbered(self, name: str) -> Iterator[tuple[int, dict[str, str]]]:
        return enumerate(self.rows[name], start=2)

    @staticmethod
    def problems_of(rule: Iterable[Problem]) -> list[Problem]:
        """What a rule finds, up to the first table it reads that failed its own checks
        (what it found before that is about sound tables, and is kept)."""
        found: list[Problem] = []
        try:
            for problem in rule:
                found.append(problem)
        except UnsoundTable:
            pass
        return found
