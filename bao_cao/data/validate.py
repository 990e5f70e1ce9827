"""Validate data/ before anything is built: the one entry point for staff, the build and CI.

Frictionless checks what the Table Schemas in datapackage.json express (types,
constraints, keys, foreign keys). This module adds what a schema cannot: that every row's
quote is the record's own words in its section and contains the values it supports, the
record's structure and its agreement with the report's source text, cross-field rules,
the rows the chapters and published addresses need, and text that must never reach the
book (legacy encodings, invisible characters, spreadsheet formulas). Markup in a cell
needs no rule: every output shows data as text (tests/test_untrusted_text.py). Every
problem names file, row, column, value and rule.

Run: `python -m bao_cao.data.validate [DATA_DIR] [--fix]`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import hashlib
import io
import json
import math
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from frictionless import Resource

from bao_cao.data import constraints, spreadsheet
from bao_cao.data.cell_text import (
    invisible_characters,
    legacy_encoding,
    legacy_encoding_rule,
    shown,
    zero_width_characters,
)
from bao_cao.data.completeness import WORD_BOUNDARY, Completeness, Unheld, standing_apart
from bao_cao.data.reading import (
    DATA_DIR,
    NOT_STATED,
    PACKAGE_FILE,
    WORKBOOK_SUFFIXES,
    CsvText,
    DataFileError,
    package_paths,
    read_csv_text,
    save_as_csv_instruction,
)
from bao_cao.data.record import Record, Section, describe_differences
from bao_cao.fmt import parse_written
from bao_cao.site import cff

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


# ---------------------------------------------------------------- frictionless errors


def _type_rule(field_type: str, cell: str) -> str:
    if field_type == "number":
        if DECIMAL_COMMA.match(cell.strip()):
            suggestion = cell.strip().replace(".", "").replace(",", ".")
            return (
                "not a number as the data files write them: use a dot for decimals and "
                f"no thousands separator (write {suggestion})"
            )
        return "not a number (digits, a dot for decimals, no thousands separator or unit)"
    if field_type == "integer":
        return "not a whole number (digits only, no unit, no leading sign)"
    if field_type == "date":
        return spreadsheet.date_rule(cell) or "not a real calendar date in the form YYYY-MM-DD"
    return f"not a valid {field_type}"


def _constraint_rule(note: str) -> str:
    match = re.match(r'constraint "(\w+)" is "(.*)"$', note or "")
    if not match:
        return note
    return constraints.broken(*match.groups())


# More than any file of data/ (at most 5 MB) can hold: every problem is found, none cut
# off; the listing summarises them (summarised).
MAX_ERRORS = 1_000_000


# What frictionless found in a table, by its schema and text: a table that did not change
# is not read again in the same process (staff's --fix run, the tests' many variants).
_SCHEMA_PROBLEMS: dict[str, list[Problem]] = {}


def _schema_problems(resource: dict, text: str, file: str) -> list[Problem]:
    """What the table's own schema rejects (types, constraints, keys), frictionless's
    reading. Foreign keys are another table's business: _foreign_key_problems."""
    schema = {k: v for k, v in resource["schema"].items() if k != "foreignKeys"}
    own = {**resource, "schema": schema, "path": "table.csv"}
    key = hashlib.sha256(json.dumps(own, sort_keys=True).encode() + text.encode()).hexdigest()
    if key not in _SCHEMA_PROBLEMS:
        with tempfile.TemporaryDirectory() as scratch:
            Path(scratch, "table.csv").write_text(text, encoding="utf-8")
            table = Resource(own, basepath=scratch)
            report = table.validate(limit_errors=MAX_ERRORS)
            errors = [error for task in report.tasks for error in task.errors]
            _SCHEMA_PROBLEMS[key] = list(_frictionless_problems(table.schema, errors, file))
    return _SCHEMA_PROBLEMS[key]


def _frictionless_problems(schema, errors: list, file: str) -> Iterator[Problem]:
    for error in errors:
        row = getattr(error, "row_number", None)
        column = getattr(error, "field_name", None) or getattr(error, "label", None)
        cell = getattr(error, "cell", None)
        kind = error.type
        if kind == "type-error":
            field_type = schema.get_field(column).type
            yield Problem(file, _type_rule(field_type, cell), row, column, cell)
        elif kind == "constraint-error":
            yield Problem(file, _constraint_rule(error.note), row, column, cell)
        elif kind == "blank-row":
            yield Problem(file, "the row is empty; delete it", row)
        elif kind == "unique-error":
            yield Problem(
                file, f"must be unique in its column, but repeats ({error.note})", row, column, cell
            )
        elif kind == "primary-key" and '"None"' in (error.note or ""):
            continue  # a key cell that is no valid value: its own error says why
        elif kind == "primary-key":
            yield Problem(file, f"the row's key repeats another row's ({error.note})", row)
        else:
            yield Problem(file, f"{kind}: {error.note or error.message}", row, column, cell)


def _foreign_key_problems(resources: list[dict], texts: dict[str, str]) -> Iterator[Problem]:
    """Each value of a foreign key is a key of the table it names (an empty cell refers to
    nothing). Checked here on the tables' text, not by frictionless, which read every
    referenced table again for every table that refers to it."""
    by_name = {resource["name"]: resource for resource in resources}
    rows = {name: _rows(text) for name, text in texts.items()}
    for resource in resources:
        file = f"data/{resource['path']}"
        for key in resource["schema"].get("foreignKeys", []):
            fields, reference = key["fields"], key["reference"]
            columns = [fields] if isinstance(fields, str) else fields
            targets = reference["fields"]
            targets = [targets] if isinstance(targets, str) else targets
            table = reference["resource"] or resource["name"]
            if table not in by_name:
                continue
            known = {tuple(row[t] for t in targets) for row in rows[table]}
            for row_number, row in enumerate(rows[resource["name"]], start=2):
                values = tuple(row[c] for c in columns)
                if all(values) and values not in known:
                    yield Problem(
                        file,
                        f"refers to something that does not exist: no {', '.join(targets)} "
                        f"{', '.join(values)!r} in {table}",
                        row_number,
                        ", ".join(columns),
                        ", ".join(values),
                    )


def _keep_first_cause(problems: list[Problem]) -> list[Problem]:
    """An empty row makes every other error in it (a required cell empty) noise. (A row with
    a wrong number of cells never reaches frictionless: _cell_count_problems.)"""
    causes = {(p.file, p.row) for p in problems if p.rule.startswith("the row is empty")}
    return [
        p
        for p in problems
        if (p.file, p.row) not in causes or p.rule.startswith("the row is empty")
    ]


# ---------------------------------------------------------------- rules beyond the schema


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


class _Tables:
    """The package's rows as plain strings, with each row's line number."""

    def __init__(self, descriptor: dict, texts: dict[str, str]):
        self.resources = {resource["name"]: resource for resource in descriptor["resources"]}
        self.rows = {name: _rows(text) for name, text in texts.items()}

    def file(self, name: str) -> str:
        return f"data/{self.resources[name]['path']}"

    def numbered(self, name: str) -> Iterator[tuple[int, dict[str, str]]]:
        return enumerate(self.rows[name], start=2)


def _record_rules(tables: _Tables) -> Iterator[Problem]:
    file = tables.file("record")
    order = [row["section_id"] for row in tables.rows["sections"]]
    last_position = -1
    for row_number, row in tables.numbered("record"):
        section, identifier = row["section"], row["id"]
        if row["kind"] == "heading" and identifier != section:
            yield Problem(
                file,
                f"a heading's id must be its section id ({section})",
                row_number,
                "id",
                identifier,
            )
        if row["kind"] != "heading" and not re.fullmatch(
            re.escape(section) + r"\.[1-9]\d*", identifier
        ):
            yield Problem(
                file, f"a paragraph's id must be '{section}.N'", row_number, "id", identifier
            )
        position = order.index(section) if section in order else last_position
        if position < last_position:
            yield Problem(
                file,
                "rows must follow the report's order of sections",
                row_number,
                "section",
                section,
            )
        last_position = max(last_position, position)


def _section_texts(tables: _Tables) -> dict[str, str]:
    texts: dict[str, list[str]] = {}
    for row in tables.rows["record"]:
        texts.setdefault(row["section"], []).append(row["text"])
    return {section: "\n".join(parts) for section, parts in texts.items()}


WORD_CHARACTER = re.compile(r"\w")


def known_names(tables: _Tables) -> set[str]:
    """The names the tables know: organisations, the words used for them, terms, the
    documents' mentions. A quote must not cut one of them in two."""
    names = set()
    for row in tables.rows.get("actors", []):
        names.add(row["name"])
        names.update(mention for mention in row["mentions"].split(";") if mention)
    names.update(row["term"] for row in tables.rows.get("glossary", []))
    names.update(row["mention"] for row in tables.rows.get("documents", []) if row["mention"])
    return {name for name in names if len(name.split()) > 1 or len(name) > 3}


@functools.lru_cache(maxsize=65536)
def _occurrences(text: str, words: str) -> tuple[int, ...]:
    """Where `words` start in `text` (overlapping too), found as plain text."""
    found, start = [], text.find(words)
    while start != -1:
        found.append(start)
        start = text.find(words, start + 1)
    return tuple(found)


def _cut_name(text: str, quote: str, names: set[str]) -> str | None:
    """A name (or a word) that every occurrence of `quote` in `text` starts or ends inside,
    or None when one occurrence is whole words cutting no name."""
    cut = None
    spans = [(a, a + len(name), name) for name in names for a in _occurrences(text, name)]
    for start in _occurrences(text, quote):
        end = start + len(quote)
        inside_word = (
            start > 0 and WORD_CHARACTER.match(text[start - 1]) and WORD_CHARACTER.match(quote[0])
        ) or (
            end < len(text) and WORD_CHARACTER.match(text[end]) and WORD_CHARACTER.match(quote[-1])
        )
        if inside_word:
            cut = cut or quote.split()[0 if start > 0 else -1]
            continue
        crossing = [name for a, b, name in spans if a < start < b or a < end < b]
        if not crossing:
            return None
        cut = cut or crossing[0]
    return cut


def _stands_in(value: str, source: str) -> bool:
    """`value` is in `source`, a number not as the tail of a longer one ("3" is not in
    "03 vòng": a spreadsheet that dropped the zero must not pass)."""
    if value[:1].isdigit():
        return re.search(rf"(?<![\d]){re.escape(value)}", source) is not None
    return value in source


def _provenance_rules(tables: _Tables) -> Iterator[Problem]:
    section_texts = _section_texts(tables)
    names = known_names(tables)
    record_texts = {row["id"]: row["text"] for row in tables.rows["record"]}
    for name, resource in tables.resources.items():
        provenance = resource["schema"].get("x-provenance")
        if not provenance:
            continue
        file = tables.file(name)
        for row_number, row in tables.numbered(name):
            if "record_id" in provenance:
                source = record_texts.get(row[provenance["record_id"]], "")
                where = f"record row {row[provenance['record_id']]}"
            else:
                quote = row[provenance["quote"]]
                section = row[provenance["section"]]
                source = quote
                if quote not in section_texts.get(section, ""):
                    yield Problem(
                        file,
                        f"the quote is not the record's words in section {section} "
                        "(copy it exactly from data/record.csv)",
                        row_number,
                        provenance["quote"],
                        quote,
                    )
                    continue
                cut = _cut_name(section_texts[section], quote, names)
                if cut:
                    yield Problem(
                        file,
                        f"the quote starts or ends inside “{cut}”: a quote is whole words, "
                        "and a name is quoted whole (extend it to the name's end, or to a "
                        "comma or semicolon)",
                        row_number,
                        provenance["quote"],
                        quote,
                    )
                    continue
                where = "the quote"
            for column in provenance["quoted"]:
                value = row[column]
                # "không nêu" says the report is silent: there are no words to quote.
                if value and value != NOT_STATED and not _stands_in(value, source):
                    yield Problem(
                        file,
                        spreadsheet.dropped_zero(value, source)
                        or f"{where} does not contain this value as written",
                        row_number,
                        column,
                        value,
                    )


def _section_list_rules(tables: _Tables) -> Iterator[Problem]:
    known = {row["section_id"] for row in tables.rows["sections"]}
    for name, resource in tables.resources.items():
        for column in resource["schema"].get("x-section-lists", []):
            for row_number, row in tables.numbered(name):
                for section in row[column].split(";"):
                    if section not in known:
                        yield Problem(
                            tables.file(name),
                            "not a section of the report (sections.section_id); "
                            "separate several with ';'",
                            row_number,
                            column,
                            section,
                        )


def mention_spans(text: str, mention: str) -> tuple[tuple[int, int], ...]:
    """Where `mention` stands in `text` as whole words (not inside a longer word)."""
    return standing_apart(text, mention, WORD_BOUNDARY)


def mention_sections(tables: _Tables, name: str) -> dict[str, list[str]]:
    """Each row's sections (a body of actors.csv, a place of places.csv): where one of its
    mentions stands as whole words and not inside another row's mention ("Tỉnh ủy" in
    "Ban Dân vận Tỉnh ủy" is the Ban Dân vận, not the Tỉnh ủy)."""
    section_texts = _section_texts(tables)
    resource = tables.resources[name]
    key = resource["schema"]["primaryKey"][0]
    column = resource["schema"]["x-mentions"]
    rows = tables.rows[name]
    mentions = {row[key]: [m for m in row[column].split(";") if m] for row in rows}
    found: dict[str, list[str]] = {identifier: [] for identifier in mentions}
    for section, text in section_texts.items():
        spans = {
            identifier: [span for m in names for span in mention_spans(text, m)]
            for identifier, names in mentions.items()
        }
        for identifier, own in spans.items():
            others = [
                span
                for other, other_spans in spans.items()
                if other != identifier
                for span in other_spans
            ]
            free = [
                (a, b)
                for a, b in own
                if not any(c <= a and b <= d and (d - c) > (b - a) for c, d in others)
            ]
            if free:
                found[identifier].append(section)
    return found


def actor_sections(tables: _Tables) -> dict[str, list[str]]:
    """Each body's sections (see mention_sections)."""
    return mention_sections(tables, "actors")


def _mention_rules(tables: _Tables) -> Iterator[Problem]:
    """Tables of named things (x-mentions): every mention whole words of the record, and
    the sections list what the mentions find."""
    section_texts = _section_texts(tables)
    for name, resource in tables.resources.items():
        column = resource["schema"].get("x-mentions")
        if not column or name not in tables.rows:
            continue
        file = tables.file(name)
        key = resource["schema"]["primaryKey"][0]
        found = mention_sections(tables, name)
        for row_number, row in tables.numbered(name):
            items = row[column].split(";")
            if "" in items:
                yield Problem(
                    file,
                    "an empty mention (two ';' together, or one at the start or end): every "
                    "item is words the record uses for this row",
                    row_number,
                    column,
                    row[column],
                )
            mentions = [mention for mention in items if mention]
            for mention in mentions:
                if not any(mention_spans(text, mention) for text in section_texts.values()):
                    yield Problem(
                        file,
                        "this mention is not in the record as whole words",
                        row_number,
                        column,
                        mention,
                    )
            sections = found[row[key]]
            if row["sections"] != ";".join(sections):
                yield Problem(
                    file,
                    "must list every section where a mention occurs (as whole words, not "
                    f"inside another row's mention), in order: {';'.join(sections)}",
                    row_number,
                    "sections",
                    row["sections"],
                )
            if not any(mention_spans(row["quote"], mention) for mention in mentions):
                yield Problem(
                    file,
                    "the quote contains none of the mentions",
                    row_number,
                    "quote",
                    row["quote"],
                )


def _list_reference_rules(tables: _Tables) -> Iterator[Problem]:
    """Columns that list several keys of another table, separated by ';' (x-list-references)."""
    for name, resource in tables.resources.items():
        for column, (target, field) in resource["schema"].get("x-list-references", {}).items():
            if name not in tables.rows or target not in tables.rows:
                continue
            known = {row[field] for row in tables.rows[target]}
            for row_number, row in tables.numbered(name):
                if not row[column]:
                    continue
                for item in row[column].split(";"):
                    if item not in known:
                        yield Problem(
                            tables.file(name),
                            f"not a {field} of {tables.file(target)} (separate several with ';', "
                            "no spaces, none empty)",
                            row_number,
                            column,
                            item,
                        )


def _indicator_rules(tables: _Tables) -> Iterator[Problem]:
    file = tables.file("indicators")
    for row_number, row in tables.numbered("indicators"):
        value, qualifier = row["value"], row["qualifier"]
        if row["unit"] == "%" and value and _number(value) is not None and _number(value) > 100:
            yield Problem(file, "a percentage must be at most 100", row_number, "value", value)
        if qualifier == "order_of_magnitude":
            if value:
                yield Problem(
                    file,
                    "an order of magnitude (hàng trăm …) has no value: leave it empty",
                    row_number,
                    "value",
                    value,
                )
            if not row["magnitude"]:
                yield Problem(
                    file,
                    "an order of magnitude needs its magnitude (100, 1000 …)",
                    row_number,
                    "magnitude",
                )
        else:
            if not value:
                yield Problem(file, f"a {qualifier} quantity needs its value", row_number, "value")
            written = parse_written(row["value_as_written"])
            if value and written is not None and not math.isclose(written, float(value)):
                yield Problem(
                    file,
                    f"disagrees with value_as_written {row['value_as_written']!r}, "
                    f"which reads as {written:g}",
                    row_number,
                    "value",
                    value,
                )
            if row["magnitude"]:
                yield Problem(
                    file,
                    "magnitude is only for orders of magnitude",
                    row_number,
                    "magnitude",
                    row["magnitude"],
                )


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _document_rules(tables: _Tables) -> Iterator[Problem]:
    file = tables.file("documents")
    for row_number, row in tables.numbered("documents"):
        yield from _document_provenance(file, row_number, row)
    yield from _document_mentions(tables, file)


def _document_provenance(file: str, row_number: int, row: dict[str, str]) -> Iterator[Problem]:
    """A document's date and issuer say where they come from, consistently."""
    if row["date"] and not row["date_source"]:
        yield Problem(
            file, "a date needs its source (record or reference)", row_number, "date_source"
        )
    if row["date_source"] == "record" and not row["date_as_written"]:
        yield Problem(
            file,
            "a date read from the record needs the date as written",
            row_number,
            "date_as_written",
        )
    if row["date_source"] == "reference" and row["date_as_written"]:
        yield Problem(
            file,
            "a date from the reference must not claim to be written in the record",
            row_number,
            "date_as_written",
            row["date_as_written"],
        )
    if row["date_source"] and not row["date"]:
        yield Problem(
            file, "a date source without a date", row_number, "date_source", row["date_source"]
        )
    if row["date_source"] == "reading" and not (row["date_as_written"] and row["note"]):
        yield Problem(
            file,
            "a date read from a malformed written date needs the date as written and a "
            "note saying how the edition read it",
            row_number,
            "note" if row["date_as_written"] else "date_as_written",
        )
    if row["issuer_source"] in ("reading", "reference") and not row["note"]:
        yield Problem(
            file,
            f"an issuer from the edition's {row['issuer_source']} needs a note saying so",
            row_number,
            "note",
        )


def _document_mentions(tables: _Tables, file: str) -> Iterator[Problem]:
    """A document's mention stands as whole words in each section that cites it."""
    section_texts = _section_texts(tables)
    for row_number, row in tables.numbered("documents"):
        for section in row["cited_in"].split(";"):
            if section in section_texts and not mention_spans(
                section_texts[section], row["mention"]
            ):
                yield Problem(
                    file,
                    f"the mention does not occur as whole words in section {section}, which "
                    "cites it",
                    row_number,
                    "mention",
                    row["mention"],
                )


def _glossary_rules(tables: _Tables) -> Iterator[Problem]:
    file = tables.file("glossary")
    for row_number, row in tables.numbered("glossary"):
        if (row["meaning_source"] == "not_stated") != (not row["meaning"]):
            yield Problem(
                file,
                "meaning must be empty exactly when meaning_source is not_stated",
                row_number,
                "meaning",
                row["meaning"],
            )


def _text_safety_rules(tables: _Tables) -> Iterator[Problem]:
    for name, resource in tables.resources.items():
        columns = [f["name"] for f in resource["schema"]["fields"] if f["type"] == "string"]
        for row_number, row in tables.numbered(name):
            for column in columns:
                value = row.get(column) or ""
                if FORMULA.match(value):
                    yield Problem(
                        tables.file(name),
                        "starts like a spreadsheet formula (=, +, @, -); remove the sign or "
                        "rephrase",
                        row_number,
                        column,
                        value,
                    )


# ---------------------------------------------------------------- cells, before the schema

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LOOSE_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
NOT_A_NUMBER = re.compile(r"^[+-]?(nan|inf|infinity)$", re.IGNORECASE)


def exact_columns(resource: dict) -> set[str]:
    """Columns whose value is matched or computed with, never only shown: keys, ids,
    numbers, dates, enumerations, the words a row quotes, mentions and terms."""
    schema = resource["schema"]
    columns = set(schema.get("primaryKey", []))
    for key in schema.get("foreignKeys", []):
        columns.update(key["fields"])
    columns.update(schema.get("x-provenance", {}).get("quoted", []))
    columns.update(schema.get("x-section-lists", []))
    columns.update(schema.get("x-list-references", {}))
    if "x-mentions" in schema:
        columns.add(schema["x-mentions"])
    for field in schema["fields"]:
        constraints = field.get("constraints", {})
        if (
            field["type"] != "string"
            or "enum" in constraints
            or "pattern" in constraints
            or field.get("x-exact")
        ):
            columns.add(field["name"])
    return columns


def _header_problems(file: str, header: list[str], expected: list[str]) -> Iterator[Problem]:
    """The first row must be the schema's column names, in its order."""
    if header == expected:
        return
    wanted = ",".join(expected)
    missing = [name for name in expected if name not in header]
    extra = [name for name in header if name not in expected]
    for name in missing:
        yield Problem(file, f"column is missing; the header must be: {wanted}", 1, name)
    for name in dict.fromkeys(name for name in extra if name.strip()):
        yield Problem(file, f"column is not in the schema; the header must be: {wanted}", 1, name)
    empty = [number for number, name in enumerate(header, start=1) if not name.strip()]
    if empty:
        yield Problem(
            file,
            f"{len(empty)} header cell(s) are empty (column number {', '.join(map(str, empty))}"
            "): a column with no name, which Excel keeps when a column was typed in and then "
            f"cleared, and which has values in some row; delete the column (or move its values "
            f"into the right one), so that the header is: {wanted}",
            1,
        )
    if not missing and not extra and not empty:
        repeated = sorted({name for name in header if header.count(name) > 1})
        found = ",".join(header)
        reason = f"{', '.join(repeated)} repeated" if repeated else "columns in another order"
        yield Problem(file, f"header is wrong ({reason}): found {found}; it must be: {wanted}", 1)


def _cell_count_problems(file: str, read: CsvText, header: list[str]) -> Iterator[Problem]:
    """Rows with more or fewer cells than the header: said before anything else, since a
    shifted cell makes every later cell of the row wrong."""
    rows = list(csv.reader(io.StringIO(read.text)))[1:]
    for row_number, row in enumerate(rows, start=2):
        if len(row) == len(header) or not any(cell.strip() for cell in row):
            continue  # an empty row has its own message
        last = row_number == len(rows) + 1
        if len(row) < len(header) and last and not read.ends_with_line_break:
            yield Problem(
                file,
                f"the file ends in the middle of this row ({len(row)} of {len(header)} cells): "
                "it was cut off, or saved before it was finished; restore it from the last "
                "good copy or version control and make the change again",
                row_number,
            )
        elif len(row) > len(header):
            yield Problem(
                file,
                f"the row has {len(row)} cells, the header {len(header)}: a text with a comma "
                'must be inside double quotes ("Ủy ban nhân dân, tỉnh"); Excel adds them when '
                "it saves as CSV, a text editor does not",
                row_number,
            )
        else:
            yield Problem(
                file,
                f"the row has {len(row)} cells, the header {len(header)}: a cell is missing "
                "(a deleted comma?), or a double quote opened in a text is never closed",
                row_number,
            )


def _cell_problems(
    file: str, resource: dict, rows: list[dict[str, str]], vocabulary: set[str]
) -> Iterator[Problem]:
    """What no cell may hold, whatever its column: checked on the text as written (one
    problem a cell, the first rule it breaks)."""
    fields = {field["name"]: field for field in resource["schema"]["fields"]}
    exact = exact_columns(resource)
    for row_number, row in enumerate(rows, start=2):
        for column, value in row.items():
            if column not in fields or not isinstance(value, str) or not value:
                continue
            field_type = fields[column]["type"]
            rule = _text_rule(value, field_type, column in exact, vocabulary) or _typed_rule(
                value, field_type
            )
            if rule:
                yield Problem(file, rule, row_number, column, value)


def _text_rule(value: str, field_type: str, exact: bool, vocabulary: set[str]) -> str | None:
    """The text's own rules: its encoding, characters nobody sees, and for a value that is
    matched or computed with, plain spaces only and none around it."""
    # TCVN3 codes "ư" as a soft hyphen: the encoding is the message, not the character.
    if field_type == "string" and (found := legacy_encoding(value, vocabulary)):
        return legacy_encoding_rule(*found)
    if hidden := zero_width_characters(value):
        return (
            f"contains characters nobody sees ({', '.join(hidden)}), pasted with the "
            "text; retype the cell or delete them"
        )
    if exact and (invisible := invisible_characters(value)):
        return (
            f"contains {', '.join(invisible)}: a value that is matched or computed "
            "with must use plain spaces only"
        )
    if exact and value != value.strip():
        return "starts or ends with a space; delete it"
    return None


def _typed_rule(value: str, field_type: str) -> str | None:
    """What a spreadsheet does to numbers, ranges and dates, said before frictionless's
    plain type error."""
    numeric = field_type in ("number", "integer")
    if numeric and (rule := spreadsheet.scientific_rule(value)):
        return rule
    if field_type == "string" and (rule := spreadsheet.range_turned_date(value)):
        return rule
    if numeric and NOT_A_NUMBER.match(value):
        return (
            f"{value!r} is not a number (a spreadsheet writes it for a failed or empty "
            "calculation): write the number, or leave the cell empty"
        )
    loose = field_type == "date" and not ISO_DATE.match(value) and LOOSE_ISO_DATE.match(value)
    if loose:
        year, month, day = loose.groups()
        return (
            "dates are written YYYY-MM-DD with two-digit month and day: write "
            f"{year}-{int(month):02d}-{int(day):02d}"
        )
    return None


def record_vocabulary(record_rows: list[dict[str, str]]) -> set[str]:
    """The record's syllables, lower case: what real Vietnamese looks like in this book."""
    return {
        word.lower()
        for row in record_rows
        for word in re.findall(r"\w+", unicodedata.normalize("NFC", row.get("text") or ""))
    }


# ---------------------------------------------------------------- the book's needs and source


def _date_of(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text and ISO_DATE.match(text) else None
    except ValueError:
        return None


def _written_numbers(start: dt.date, end: dt.date | None, precision: str) -> list[int]:
    """The numbers a Vietnamese date as written must show, in order (day first)."""
    if precision == "month":
        return [start.month, start.year]
    if end is None or end == start:
        return [start.day, start.month, start.year]
    if (end.year, end.month) == (start.year, start.month):
        return [start.day, end.day, start.month, start.year]
    if end.year == start.year:
        return [start.day, start.month, end.day, end.month, start.year]
    return [start.day, start.month, start.year, end.day, end.month, end.year]


def written_date_agrees(
    written: str, start: dt.date, end: dt.date | None = None, precision: str = "day"
) -> bool:
    """ "10/9/2021" agrees with 2021-09-10, not with 2021-10-09; "06/82021" with 2021-08-06.

    The report writes the day first and pads as it likes; its slips may drop a separator,
    so the numbers are matched in order, with or without a leading zero.
    """
    numbers = _written_numbers(start, end, precision)
    pattern = r"\D*" + r"\D*".join(rf"0?{number}" for number in numbers) + r"\D*"
    return re.fullmatch(pattern, written.strip()) is not None


def _reading_of(written: str) -> str:
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", written.strip())
    if not match:
        return ""
    day, month, year = (int(part) for part in match.groups())
    try:
        return f" (as the report writes dates, day first, it is {dt.date(year, month, day)})"
    except ValueError:
        return ""


def _date_agreement_rules(tables: _Tables) -> Iterator[Problem]:
    """ISO dates say what the report's written dates say, day first."""
    file = tables.file("documents")
    for row_number, row in tables.numbered("documents"):
        date = _date_of(row["date"])
        written = row["date_as_written"]
        recorded = row["date_source"] == "record" and date and written
        if recorded and not written_date_agrees(written, date):
            yield Problem(
                file,
                f"disagrees with date_as_written {written!r}{_reading_of(written)}",
                row_number,
                "date",
                row["date"],
            )
    file = tables.file("events")
    for row_number, row in tables.numbered("events"):
        start, end = _date_of(row["date"]), _date_of(row["date_end"])
        if start and end and end < start:
            yield Problem(
                file, "the last day is before the first", row_number, "date_end", row["date_end"]
            )
            continue
        if start and not written_date_agrees(
            row["date_as_written"], start, end, row["date_precision"]
        ):
            yield Problem(
                file,
                f"disagrees with date_as_written {row['date_as_written']!r}"
                f"{_reading_of(row['date_as_written'])}",
                row_number,
                "date",
                row["date"],
            )


CHAPTER_FIGURE = re.compile(r"\bfigures\.(\w+)\(")


def _book_needs_rules(tables: _Tables, book_dir: Path) -> Iterator[Problem]:
    """Rows that chapter code and published addresses need must be there."""
    keys = {
        name: {column: {row[column] for row in rows} for column in (rows[0].keys() if rows else [])}
        for name, rows in tables.rows.items()
    }
    for chapter in sorted((book_dir / "book").glob("*.md")):
        yield from _figure_needs(tables, keys, chapter)
    pages = {chapter.stem for chapter in (book_dir / "book").glob("*.md")}
    if pages:
        for row_number, row in tables.numbered("sections"):
            if row["page"] not in pages:
                yield Problem(
                    tables.file("sections"),
                    f"no chapter book/{row['page']}.md carries this section",
                    row_number,
                    "page",
                    row["page"],
                )
    manifest = book_dir / "published-addresses.txt"
    if manifest.is_file():
        yield from _published_rows(tables, keys, book_dir, manifest)


def _figure_needs(tables: _Tables, keys: dict, chapter: Path) -> Iterator[Problem]:
    """The rows each figure function a chapter calls needs (figures.NEEDS)."""
    from bao_cao.figures import NEEDS  # imports matplotlib: only when there is a book

    page = f"book/{chapter.name}"
    for function in dict.fromkeys(CHAPTER_FIGURE.findall(chapter.read_text("utf-8"))):
        for need in NEEDS.get(function, ()):
            if need.table not in tables.rows:
                continue
            file = tables.file(need.table)
            if len(tables.rows[need.table]) < need.at_least:
                yield Problem(
                    file,
                    f"has {len(tables.rows[need.table])} row(s); {page} (figures.{function})"
                    f" needs at least {need.at_least}",
                )
            present = keys[need.table].get(need.key, set()) if need.key else set()
            for key in [key for key in need.rows if key not in present]:
                yield Problem(
                    file,
                    f"no row with {need.key} {key!r}, which {page} (figures.{function}) "
                    "needs; restore the row (or change the chapter first)",
                    column=need.key,
                )


def _published_rows(
    tables: _Tables, keys: dict, book_dir: Path, manifest: Path
) -> Iterator[Problem]:
    """The rows whose anchors are published addresses (published-addresses.txt): a
    document's entry, a paragraph of the record."""
    documents = keys["documents"].get("document_id", set())
    record_ids = keys["record"].get("id", set())
    citable_id = Record(
        (),
        tuple(
            Section(row["section_id"], row["label"], row["page"]) for row in tables.rows["sections"]
        ),
    ).citable_id()
    chapter_anchors = _chapter_anchors(book_dir)
    for line in manifest.read_text(encoding="utf-8").splitlines():
        address = line.strip()
        if not address or address.startswith("#") or "#" not in address:
            continue
        anchor = address.partition("#")[2]
        if anchor in chapter_anchors:
            continue
        if anchor.startswith("van-ban-") and anchor.removeprefix("van-ban-") not in documents:
            yield Problem(
                tables.file("documents"),
                f"no row with document_id {anchor.removeprefix('van-ban-')!r}, whose entry is "
                f"the published address {address}; published addresses never disappear: "
                "restore the row",
                column="document_id",
            )
        elif citable_id.match(anchor) and anchor not in record_ids:
            yield Problem(
                tables.file("record"),
                f"no paragraph {anchor!r}, which is the published address {address}; "
                "restore the row",
                column="id",
            )


LABEL = re.compile(r"^\((?P<label>[^)]+)\)=\s*$", re.MULTILINE)
HEADING = re.compile(r"^#+ (?P<title>.+)$", re.MULTILINE)


def _chapter_anchors(book_dir: Path) -> set[str]:
    """Anchors the chapters' own text makes (labels, headings), not data rows."""
    from docutils.nodes import make_id  # the ids docutils gives sections (public API)

    anchors = set()
    for chapter in (book_dir / "book").glob("*.md"):
        text = chapter.read_text(encoding="utf-8")
        anchors.update(match["label"] for match in LABEL.finditer(text))
        anchors.update(make_id(match["title"]) for match in HEADING.finditer(text))
    return anchors


def _source_text_rules(descriptor: dict, data_dir: Path, tables: _Tables) -> Iterator[Problem]:
    """record.csv is the report's source text, word for word, and the source is unchanged."""
    from bao_cao.data.prepare_record import prepare

    source = descriptor.get("x-source-text")
    if not source:
        yield Problem(f"data/{PACKAGE_FILE}", "x-source-text (the report's source text) is missing")
        return
    path = data_dir / source["path"]
    file = f"data/{source['path']}"
    try:
        raw = path.read_bytes()
    except OSError:
        yield Problem(file, "the report's source text is missing; restore it from version control")
        return
    if hashlib.sha256(raw).hexdigest() != source["sha256"]:
        yield Problem(
            file,
            "the report's source text has changed (its SHA-256 is not the one in "
            "datapackage.json); it is never edited: restore it from version control",
        )
        return
    yield from _record_against_source(tables, {row["id"]: row for row in prepare(path)}, source)


def _record_against_source(
    tables: _Tables, expected: dict[str, dict], source: dict
) -> Iterator[Problem]:
    """Each paragraph of record.csv as the source text gives it, none missing."""
    file = tables.file("record")
    seen = set()
    for row_number, row in tables.numbered("record"):
        seen.add(row["id"])
        original = expected.get(row["id"])
        if original is None:
            yield Problem(
                file, "the report's source text has no such paragraph", row_number, "id", row["id"]
            )
            continue
        if row["text"] != original["text"]:
            differences = describe_differences(
                original["text"], row["text"], "the source", "record.csv"
            )
            yield Problem(
                file,
                f"{row['id']}: {differences or 'the spacing differs'} (record.csv is the "
                f"report's words exactly; copy them from {source['path']})",
                row_number,
                "text",
            )
        for column in ("section", "kind", "seed_lines"):
            if row[column] != original[column]:
                yield Problem(
                    file,
                    f"{row['id']}: the source gives {original[column]!r}",
                    row_number,
                    column,
                    row[column],
                )
    for identifier in [identifier for identifier in expected if identifier not in seen]:
        yield Problem(
            file,
            f"paragraph {identifier} of the report is missing: "
            f"{shown(expected[identifier]['text'])}",
            column="id",
        )


# What each table holds of the record, for the message when a row of it is missing.
HOLDS = {
    "glossary": "the abbreviation",
    "documents": "the document",
    "actors": "the body",
    "places": "the place",
    "recipients": "the recipient line",
    "signature": "the signature line",
}


def _completeness_rules(tables: _Tables) -> Iterator[Problem]:
    """Every fact the record states is held by a row (bao_cao.data.completeness): a table
    cut off at a row boundary, or a row deleted by mistake, is named with what it lost,
    once for each missing thing, with the paragraphs that state it."""
    found: dict[tuple[str, str, str], list[Unheld]] = {}
    for unheld in Completeness(tables.resources, tables.rows).unheld():
        found.setdefault((unheld.table, unheld.column, unheld.words), []).append(unheld)
    restore = "a row was deleted or the file was cut off: restore it from the last good copy"
    for (table, column, words), places in found.items():
        paragraphs = ", ".join(dict.fromkeys(unheld.paragraph for unheld in places))
        if table == "indicators":  # a number may be held by any table
            yield Problem(
                "data/",
                f"the record states {words!r} in {paragraphs}, but no row of any table "
                f"holds it; {restore}",
                value=places[0].context,
            )
            continue
        yield Problem(
            tables.file(table),
            f"the record names {HOLDS[table]} {words!r} in {paragraphs}, but no row holds "
            f"it; {restore}",
            column=column,
            value=places[0].context,
        )


def _source_gap_days(ranges: list[str]) -> set[dt.date]:
    """The days of "2020-04-11" and "2020-05-09/2020-05-10" (a range, both days in)."""
    days = set()
    for item in ranges:
        first, _, last = item.partition("/")
        day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last or first)
        while day <= end:
            days.add(day)
            day += dt.timedelta(days=1)
    return days


def _days_text(days: list[dt.date]) -> str:
    if len(days) == 1:
        return f"{days[0].isoformat()} is missing"
    return f"{len(days)} days are missing, {days[0].isoformat()} to {days[-1].isoformat()}"


def _daily_series_rules(tables: _Tables) -> Iterator[Problem]:
    """A daily series (x-daily-series) has every day once, in order, from its first to its
    last, but for the days its source itself lacks (source-gaps): a deleted day, or a date
    far after the last, is named with the missing dates."""
    for name, resource in tables.resources.items():
        series = resource["schema"].get("x-daily-series")
        if not series or name not in tables.rows:
            continue
        column, file = series["field"], tables.file(name)
        source_gaps = _source_gap_days(series.get("source-gaps", []))
        previous: dt.date | None = None
        for row_number, row in tables.numbered(name):
            day = _date_of(row[column])
            if day is None:
                continue
            if previous is not None and day <= previous:
                yield Problem(
                    file,
                    f"the rows must be in date order, one per day: this date comes after "
                    f"{previous.isoformat()} (sort the sheet by {column}, oldest first)",
                    row_number,
                    column,
                    row[column],
                )
                previous = day  # compared with the row before it, not with the highest
                continue
            if previous is not None:
                between = [previous + dt.timedelta(days=n) for n in range(1, (day - previous).days)]
                missing = [d for d in between if d not in source_gaps]
                if missing:
                    yield Problem(
                        file,
                        f"the series must have every day: after {previous.isoformat()} comes "
                        f"this date, so {_days_text(missing)} (add a row for each day, with 0 "
                        "where nothing was reported, or correct the date)",
                        row_number,
                        column,
                        row[column],
                    )
            previous = day


RULES = (
    _record_rules,
    _provenance_rules,
    _section_list_rules,
    _mention_rules,
    _list_reference_rules,
    _indicator_rules,
    _document_rules,
    _glossary_rules,
    _text_safety_rules,
    _date_agreement_rules,
    _daily_series_rules,
)


# ---------------------------------------------------------------- entry point


def workbooks(data_dir: Path) -> list[Problem]:
    """Spreadsheet workbooks in data/: the book reads only CSV, so say so, not ignore them."""
    problems = []
    for path in sorted(data_dir.rglob("*")):
        if path.suffix.lower() not in WORKBOOK_SUFFIXES or is_office_lock_file(path):
            continue
        csv_name = path.with_suffix(".csv").name
        problems.append(
            Problem(
                f"data/{path.relative_to(data_dir).as_posix()}",
                f"a spreadsheet workbook beside the data; the book reads only CSV files, so "
                f"this one would be ignored. To use it, {save_as_csv_instruction()} under the "
                f"name {csv_name}, then delete {path.name}",
            )
        )
    return problems


def is_office_lock_file(path: Path) -> bool:
    """Excel's "~$name" and LibreOffice's ".~lock.name#": the program has the file open."""
    return path.name.startswith(("~$", ".~lock"))


def undeclared_files(data_dir: Path) -> list[Problem]:
    """Files in data/ that no table of datapackage.json declares: the book would ignore
    them without a word, so they are named (a workbook has its own message)."""
    declared = set(package_paths(data_dir))
    problems = []
    for path in sorted(data_dir.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(data_dir).parts)
        if (
            not path.is_file()
            or path in declared
            or hidden
            or is_office_lock_file(path)
            or path.suffix.lower() in WORKBOOK_SUFFIXES
        ):
            continue
        name = path.relative_to(data_dir).as_posix()
        problems.append(
            Problem(
                f"data/{name}",
                "no table of datapackage.json is this file, so the book would ignore it. If "
                "it is a new version of a table, save it under that table's name (replacing "
                "the old file); otherwise move it out of data/",
            )
        )
    return problems


def citation_file_problems(book_dir: Path) -> list[Problem]:
    """CITATION.cff (bao_cao.site.cff), when the data belongs to a book that has one."""
    if not (book_dir / cff.CITATION_FILE).exists():
        return []
    return [
        Problem(cff.CITATION_FILE, p.rule, p.line, p.key, p.value, units=("line", "key"))
        for p in cff.check(book_dir)[1]
    ]


@dataclass
class Validation:
    """What validating the data found: problems, and what reading had to normalise."""

    problems: list[Problem]
    normalised: dict[Path, CsvText]


def check(data_dir: Path = DATA_DIR) -> Validation:
    """Every problem in the data package at `data_dir`, and the files read in a changed form.

    In stages, each on what the last found sound: the files (readable, CSV, declared),
    the tables' shape and cells, their types and keys, then the book's own rules."""
    descriptor_file = data_dir / PACKAGE_FILE
    try:
        descriptor = json.loads(descriptor_file.read_text(encoding="utf-8"))
        resources = descriptor["resources"]
        paths = {r["name"]: f"data/{r['path']}" for r in resources}
    except (OSError, ValueError, KeyError, TypeError) as error:
        return Validation([Problem(f"data/{PACKAGE_FILE}", f"cannot be read: {error}")], {})
    problems: list[Problem] = workbooks(data_dir) + undeclared_files(data_dir)
    problems += citation_file_problems(data_dir.parent)
    reads, normalised = _read_tables(data_dir, resources, paths, problems)
    if problems:
        return Validation(problems, normalised)
    texts = {name: read.text for name, read in reads.items()}
    cell_problems = _shape_problems(resources, paths, reads, problems)
    if problems:
        return Validation(problems, normalised)  # the header decides what every cell means
    problems += _typed_problems(resources, paths, texts, cell_problems)
    if problems:
        return Validation(problems, normalised)  # the rules below assume well-typed tables
    tables = _Tables(descriptor, texts)
    for rule in RULES:
        problems.extend(rule(tables))
    problems.extend(_source_text_rules(descriptor, data_dir, tables))
    problems.extend(_book_needs_rules(tables, data_dir.parent))
    if not problems:  # a wrong cell is said where it is, not again as something lost
        problems.extend(_completeness_rules(tables))
    return Validation(problems, normalised)


def _read_tables(
    data_dir: Path, resources: list[dict], paths: dict[str, str], problems: list[Problem]
) -> tuple[dict[str, CsvText], dict[Path, CsvText]]:
    """Each table's text as standard CSV, by name, and those read in a changed form; a
    file that cannot be read is a problem added to `problems`."""
    reads: dict[str, CsvText] = {}
    normalised: dict[Path, CsvText] = {}
    for resource in resources:
        path = data_dir / resource["path"]
        try:
            read = read_csv_text(path)
        except DataFileError as error:
            message = str(error).replace(str(path), "", 1).lstrip(": ")
            problems.append(Problem(paths[resource["name"]], message))
            continue
        reads[resource["name"]] = read
        if read.changes:
            normalised[path] = read
    return reads, normalised


def _shape_problems(
    resources: list[dict],
    paths: dict[str, str],
    reads: dict[str, CsvText],
    problems: list[Problem],
) -> list[Problem]:
    """Each table's header, row lengths and rows added to `problems`; the problems of its
    cells (text as written) returned, to be said with what the types find."""
    vocabulary = record_vocabulary(_rows(reads["record"].text))
    cell_problems: list[Problem] = []
    for resource in resources:
        file, read = paths[resource["name"]], reads[resource["name"]]
        header = next(csv.reader(io.StringIO(read.text)), [])
        expected = [field["name"] for field in resource["schema"]["fields"]]
        shape = list(_header_problems(file, header, expected)) or list(
            _cell_count_problems(file, read, header)
        )
        rows = _rows(read.text) if not shape else []
        if not shape and not rows:
            shape = [
                Problem(
                    file,
                    "has only its header row: every table of the book has rows (was the file "
                    "saved before the rows were pasted, or cut off? restore it from the last "
                    "good copy or version control)",
                    2,
                )
            ]
        problems.extend(shape)
        if not shape:
            cell_problems.extend(_cell_problems(file, resource, rows, vocabulary))
    return cell_problems


def _typed_problems(
    resources: list[dict],
    paths: dict[str, str],
    texts: dict[str, str],
    cell_problems: list[Problem],
) -> list[Problem]:
    """The cells' own problems, then what the schema rejects (types, constraints, keys)
    in a cell they have not already explained."""
    # Frictionless reads the cleaned text, so that a BOM or CRLF from Excel is no error.
    schema_problems = _keep_first_cause(
        [
            problem
            for resource in resources
            for problem in _schema_problems(
                resource, texts[resource["name"]], paths[resource["name"]]
            )
        ]
    )
    wrong_cells = {(p.file, p.row, p.column) for p in schema_problems}
    schema_problems += [
        problem
        for problem in _foreign_key_problems(resources, texts)
        if (problem.file, problem.row, problem.column) not in wrong_cells
    ]
    # A cell already explained (an invisible character, a NaN) needs no second message.
    explained = {(p.file, p.row, p.column) for p in cell_problems}
    return [
        *cell_problems,
        *(p for p in schema_problems if (p.file, p.row, p.column) not in explained),
    ]


def summarised(problems: list[Problem], shown: int = 3) -> list[str]:
    """The problems as lines to print: of one rule in one column of one file, the first
    `shown` in full, then how many more there are and in which rows (a US-style date in
    every row of a 647-row series is one problem to fix, not 647 lines to read)."""
    groups: dict[tuple[str, str | None, str], list[Problem]] = {}
    for problem in problems:
        # One kind of problem: the same rule but for the numbers and dates it names.
        kind = re.sub(r"\d", "#", problem.rule)
        groups.setdefault((problem.file, problem.column, kind), []).append(problem)
    lines = []
    for (file, column, _rule), group in groups.items():
        if len(group) <= shown + 1:
            lines.extend(str(problem) for problem in group)
            continue
        lines.extend(str(problem) for problem in group[:shown])
        rest = [problem.row for problem in group[shown:] if problem.row is not None]
        rows = ", ".join(map(str, rest[:10])) + (f", … {rest[-1]}" if len(rest) > 10 else "")
        where = f" in column '{column}'" if column else ""
        lines.append(
            f"… and the same problem{where} in {len(group) - shown} more row(s) of {file} "
            f"({len(group)} in all; rows {rows})"
        )
    return lines


def validate(data_dir: Path = DATA_DIR) -> list[Problem]:
    """Every problem in the data package at `data_dir`; an empty list means valid."""
    return check(data_dir).problems


def fix(normalised: dict[Path, CsvText]) -> list[Path]:
    """Rewrite the files read in a changed form as standard CSV UTF-8 (NFC, commas)."""
    for path, read in normalised.items():
        path.write_text(read.text, encoding="utf-8", newline="")
    return list(normalised)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bao_cao.data.validate", description=__doc__.splitlines()[0]
    )
    parser.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR)
    parser.add_argument(
        "--fix",
        action="store_true",
        help="rewrite files read in another form (Unicode tổ hợp, ';' between cells) as "
        "standard CSV UTF-8",
    )
    args = parser.parse_args(argv)
    data_dir = args.data_dir
    try:
        result = check(data_dir)
    except Exception as error:
        print(
            f"{data_dir}: validation stopped on something it does not know how to read "
            f"({type(error).__name__}: {error}); check the file you last changed, or report "
            "this to the book's maintainers",
            file=sys.stderr,
        )
        return 2
    for path, read in result.normalised.items():
        name = path.relative_to(data_dir).as_posix()
        if args.fix and not result.problems:
            continue
        hint = "" if args.fix else " (python -m bao_cao.data.validate --fix rewrites it)"
        print(f"note: data/{name}: {'; '.join(read.changes)}{hint}", file=sys.stderr)
    if result.problems:
        print(f"{len(result.problems)} problem(s) in {data_dir}:", file=sys.stderr)
        for line in summarised(result.problems):
            print(f"  {line}", file=sys.stderr)
        return 1
    if args.fix:
        for path in fix(result.normalised):
            print(f"fixed: data/{path.relative_to(data_dir).as_posix()} (standard CSV UTF-8, NFC)")
    descriptor = json.loads((data_dir / PACKAGE_FILE).read_text(encoding="utf-8"))
    print(f"{data_dir}: valid ({len(descriptor['resources'])} tables)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
