"""Validate data/ before anything is built: the one entry point for staff, the build and CI.

Frictionless checks what the Table Schemas in datapackage.json express (types,
constraints, keys, foreign keys). This module adds what a schema cannot: that every row's
quote is the record's own words in its section and contains the values it supports, the
record's structure, cross-field rules, and text that must never reach the book
(spreadsheet formulas, HTML). Every problem names file, row, column, value and rule.

Run: `python -m bao_cao.validate [DATA_DIR]`.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from frictionless import Package

from bao_cao.data import DATA_DIR, PACKAGE_FILE, DataFileError, read_text
from bao_cao.fmt import parse_written

# A cell a spreadsheet would run as a formula ("=HYPERLINK(...)", "+1", "@SUM"), or a
# dash that is not a Vietnamese list dash ("- " is text; "-1+1" is a formula).
FORMULA = re.compile(r"^(?:[=+@\t\r]|-(?=\S))")
HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")
DECIMAL_COMMA = re.compile(r"^-?\d{1,3}(?:\.\d{3})*,\d+$|^-?\d+,\d+$")
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class Problem:
    """One rule broken in one place."""

    file: str
    rule: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        if self.value:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            where.append(f"value {shown!r}")
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
        match = DAY_MONTH_YEAR.match(cell.strip())
        if match:
            day, month, year = match.groups()
            return f"dates are written YYYY-MM-DD: write {year}-{int(month):02d}-{int(day):02d}"
        return "not a real calendar date in the form YYYY-MM-DD"
    return f"not a valid {field_type}"


def _constraint_rule(note: str) -> str:
    match = re.match(r'constraint "(\w+)" is "(.*)"$', note or "")
    if not match:
        return note
    name, value = match.groups()
    return {
        "required": "required: this cell must not be empty",
        "unique": "must be unique in its column, but occurs more than once",
        "minimum": f"must be at least {value}",
        "maximum": f"must be at most {value}",
        "pattern": f"does not have the required form (pattern {value})",
        "enum": f"must be one of: {value}",
        "maxLength": f"is longer than {value} characters",
    }.get(name, f"breaks the constraint {name} = {value}")


def _frictionless_problems(package_file: Path, paths: dict[str, str]) -> Iterator[Problem]:
    package = Package(str(package_file))
    schemas = {resource.name: resource.schema for resource in package.resources}
    report = package.validate()
    for error in report.errors:
        yield Problem(PACKAGE_FILE, error.message)
    for task in report.tasks:
        file = paths.get(task.name, task.name)
        expected = ",".join(field.name for field in schemas[task.name].fields)
        for error in task.errors:
            row = getattr(error, "row_number", None)
            column = getattr(error, "field_name", None) or getattr(error, "label", None)
            cell = getattr(error, "cell", None)
            kind = error.type
            if kind == "type-error":
                field_type = schemas[task.name].get_field(column).type
                yield Problem(file, _type_rule(field_type, cell), row, column, cell)
            elif kind == "constraint-error":
                yield Problem(file, _constraint_rule(error.note), row, column, cell)
            elif kind == "missing-label":
                yield Problem(file, f"column is missing; the header must be: {expected}", 1, column)
            elif kind == "extra-label":
                yield Problem(
                    file, f"column is not in the schema; the header must be: {expected}", 1, column
                )
            elif kind in ("incorrect-label", "duplicate-label", "blank-label"):
                yield Problem(
                    file, f"header is wrong ({error.note}); it must be: {expected}", 1, column
                )
            elif kind == "blank-row":
                yield Problem(file, "the row is empty; delete it", row)
            elif kind == "extra-cell":
                yield Problem(
                    file,
                    "the row has more cells than the header has columns "
                    "(a comma inside a text needs the text in double quotes)",
                    row,
                    column,
                    cell,
                )
            elif kind == "missing-cell":
                yield Problem(file, "the row has fewer cells than the header", row, column)
            elif kind == "unique-error":
                yield Problem(
                    file,
                    f"must be unique in its column, but repeats ({error.note})",
                    row,
                    column,
                    cell,
                )
            elif kind == "primary-key":
                yield Problem(file, f"the row's key repeats another row's ({error.note})", row)
            elif kind == "foreign-key":
                yield _foreign_key_problem(file, row, error.note)
            else:
                yield Problem(file, f"{kind}: {error.note or error.message}", row, column, cell)


FOREIGN_KEY_NOTE = re.compile(
    r'for "(?P<column>[^"]+)": values "(?P<value>[^"]*)" not found in the lookup table '
    r'"(?P<table>[^"]+)" as "(?P<target>[^"]+)"'
)


def _foreign_key_problem(file: str, row: int | None, note: str) -> Problem:
    match = FOREIGN_KEY_NOTE.search(note or "")
    if not match:
        return Problem(file, f"refers to something that does not exist: {note}", row)
    return Problem(
        file,
        f"refers to something that does not exist: no {match['target']} "
        f"{match['value']!r} in {match['table']}",
        row,
        match["column"],
        match["value"],
    )


def _keep_first_cause(problems: list[Problem]) -> list[Problem]:
    """A row with a wrong number of cells, or an empty row, makes every other error in it noise."""
    causes = {
        (p.file, p.row) for p in problems if p.rule.startswith(("the row has", "the row is empty"))
    }
    return [
        p
        for p in problems
        if (p.file, p.row) not in causes or p.rule.startswith(("the row has", "the row is empty"))
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


def _provenance_rules(tables: _Tables) -> Iterator[Problem]:
    section_texts = _section_texts(tables)
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
                where = "the quote"
            for column in provenance["quoted"]:
                value = row[column]
                if value and value not in source:
                    yield Problem(
                        file,
                        f"{where} does not contain this value as written",
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


def _actor_rules(tables: _Tables) -> Iterator[Problem]:
    section_texts = _section_texts(tables)
    file = tables.file("actors")
    for row_number, row in tables.numbered("actors"):
        mentions = [mention for mention in row["mentions"].split(";") if mention]
        for mention in mentions:
            if not any(mention in text for text in section_texts.values()):
                yield Problem(
                    file, "this mention is not in the record", row_number, "mentions", mention
                )
        found = [s for s, text in section_texts.items() if any(m in text for m in mentions)]
        if row["sections"] != ";".join(found):
            yield Problem(
                file,
                f"must list every section where a mention occurs, in order: {';'.join(found)}",
                row_number,
                "sections",
                row["sections"],
            )
        if not any(mention in row["quote"] for mention in mentions):
            yield Problem(
                file, "the quote contains none of the mentions", row_number, "quote", row["quote"]
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
    section_texts = _section_texts(tables)
    for row_number, row in tables.numbered("documents"):
        for section in row["cited_in"].split(";"):
            if section in section_texts and row["mention"] not in section_texts[section]:
                yield Problem(
                    file,
                    f"the mention does not occur in section {section}, which cites it",
                    row_number,
                    "mention",
                    row["mention"],
                )
    file = tables.file("events")
    for row_number, row in tables.numbered("events"):
        if row["date_end"] and row["date_end"] < row["date"]:
            yield Problem(
                file, "the last day is before the first", row_number, "date_end", row["date_end"]
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
                if HTML_TAG.search(value):
                    yield Problem(
                        tables.file(name),
                        "contains HTML markup; write plain text",
                        row_number,
                        column,
                        value,
                    )


RULES = (
    _record_rules,
    _provenance_rules,
    _section_list_rules,
    _actor_rules,
    _indicator_rules,
    _document_rules,
    _glossary_rules,
    _text_safety_rules,
)


# ---------------------------------------------------------------- entry point


def validate(data_dir: Path = DATA_DIR) -> list[Problem]:
    """Every problem in the data package at `data_dir`; an empty list means valid."""
    descriptor_file = data_dir / PACKAGE_FILE
    try:
        descriptor = json.loads(descriptor_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [Problem(f"data/{PACKAGE_FILE}", f"cannot be read as JSON: {error}")]
    paths = {r["name"]: f"data/{r['path']}" for r in descriptor.get("resources", [])}
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    for resource in descriptor.get("resources", []):
        try:
            texts[resource["name"]] = read_text(data_dir / resource["path"])
        except DataFileError as error:
            message = str(error).replace(str(data_dir / resource["path"]), "", 1).lstrip(": ")
            problems.append(Problem(paths[resource["name"]], message))
    if problems:
        return problems
    # Frictionless reads the cleaned text, so that a BOM or CRLF from Excel is no error.
    with tempfile.TemporaryDirectory() as scratch:
        for resource in descriptor["resources"]:
            target = Path(scratch, resource["path"])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(texts[resource["name"]], encoding="utf-8")
        Path(scratch, PACKAGE_FILE).write_text(json.dumps(descriptor), encoding="utf-8")
        problems.extend(
            _keep_first_cause(list(_frictionless_problems(Path(scratch, PACKAGE_FILE), paths)))
        )
    if problems:
        return problems  # the rules below assume well-typed, well-keyed tables
    tables = _Tables(descriptor, texts)
    for rule in RULES:
        problems.extend(rule(tables))
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0]) if args else DATA_DIR
    problems = validate(data_dir)
    if problems:
        print(f"{len(problems)} problem(s) in {data_dir}:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    descriptor = json.loads((data_dir / PACKAGE_FILE).read_text(encoding="utf-8"))
    print(f"{data_dir}: valid ({len(descriptor['resources'])} tables)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
