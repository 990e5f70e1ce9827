"""Each table on its own: its text and shape (header, row lengths, rows), what no cell may
hold, and what its schema rejects (frictionless: types, constraints, keys), said the way
staff can act on."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from frictionless import Resource

from bao_cao.data import constraints, spreadsheet
from bao_cao.data.cell_text import (
    invisible_characters,
    legacy_encoding,
    legacy_encoding_rule,
    zero_width_characters,
)
from bao_cao.data.problems import DECIMAL_COMMA, Problem, table_rows
from bao_cao.data.reading import (
    CsvText,
    DataFileError,
    read_csv_text,
)


def _type_rule(field_type: str, cell: str | None) -> str:
    text = (cell or "").strip()
    if field_type == "number":
        if DECIMAL_COMMA.match(text):
            suggestion = text.replace(".", "").replace(",", ".")
            return (
                "not a number as the data files write them: use a dot for decimals and "
                f"no thousands separator (write {suggestion})"
            )
        return "not a number (digits, a dot for decimals, no thousands separator or unit)"
    if field_type == "integer":
        return "not a whole number (digits only, no unit, no leading sign)"
    if field_type == "date":
        return spreadsheet.date_rule(text) or "not a real calendar date in the form YYYY-MM-DD"
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
    rows = {name: table_rows(text) for name, text in texts.items()}
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


def read_tables(
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


def shape_problems(
    resources: list[dict],
    paths: dict[str, str],
    reads: dict[str, CsvText],
    problems: list[Problem],
) -> list[Problem]:
    """Each table's header, row lengths and rows added to `problems`; the problems of its
    cells (text as written) returned, to be said with what the types find."""
    vocabulary = record_vocabulary(table_rows(reads["record"].text))
    cell_problems: list[Problem] = []
    for resource in resources:
        file, read = paths[resource["name"]], reads[resource["name"]]
        header = next(csv.reader(io.StringIO(read.text)), [])
        expected = [field["name"] for field in resource["schema"]["fields"]]
        shape = list(_header_problems(file, header, expected)) or list(
            _cell_count_problems(file, read, header)
        )
        rows = table_rows(read.text) if not shape else []
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


def typed_problems(
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


# Letters only Vietnamese writes (with their capitals): a title or description without
# any is not Vietnamese ("Stable key.", "Sections of the report").
VIETNAMESE_LETTERS = frozenset(
    "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)


def is_vietnamese(text: object) -> bool:
    return isinstance(text, str) and any(letter in VIETNAMESE_LETTERS for letter in text.lower())


def description_problems(descriptor: dict, file: str) -> list[Problem]:
    """Every table and every column is named and described in Vietnamese: the page "Dữ
    liệu", the PDF and the workbook show these texts to Vietnamese readers. (English may
    stay beside them, in `x-en`, which nothing shows.)"""
    problems = []

    def described(item: dict, where: str) -> None:
        for key in ("title", "description"):
            if not is_vietnamese(item.get(key)):
                found = item.get(key)
                state = "missing" if not found else "not in Vietnamese"
                problems.append(
                    Problem(
                        file,
                        f"{where}: its `{key}` is {state}; write it in Vietnamese (the page "
                        "'Dữ liệu', the PDF and the workbook du-lieu.xlsx show it); English "
                        "may stay beside it, under `x-en`",
                        value=found if isinstance(found, str) else None,
                    )
                )

    for resource in descriptor.get("resources", []):
        name = resource.get("name", "?")
        described(resource, f"resource '{name}'")
        for field in resource.get("schema", {}).get("fields", []):
            described(field, f"resource '{name}', field '{field.get('name', '?')}'")
    return problems
