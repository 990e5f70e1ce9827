"""Validate data/ before anything is built: the one entry point for staff, the build and CI.

Frictionless checks what the Table Schemas in datapackage.json express (types,
constraints, keys, foreign keys). This module adds what a schema cannot: that every row's
quote is the record's own words in its section and contains the values it supports, the
record's structure and its agreement with the report's source text, cross-field rules,
the rows the chapters and published addresses need, and text that must never reach the
book (legacy encodings, invisible characters, spreadsheet formulas). Markup in a cell
needs no rule: every output shows data as text (tests/test_untrusted_text.py). Every
problem names file, row, column, value and rule.

The rules, by concern: `table_rules` (each table's text, shape, cells and schema),
`provenance_rules` (quotes that stand in the record), `fact_rules` (the record, mentions,
lists, indicators, documents, glossary, safe text), `date_rules`, `book_rules` (what the
chapters and published addresses need, the source text, completeness); `problems` is
what they share. This module runs them in stages (check) and is the command.

Run: `python -m bao_cao.data.validate [DATA_DIR] [--fix]`."""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from bao_cao.data.book_rules import book_needs_rules, completeness_rules, source_text_rules
from bao_cao.data.date_rules import daily_series_rules, date_agreement_rules
from bao_cao.data.fact_rules import (
    document_rules,
    glossary_rules,
    indicator_rules,
    list_reference_rules,
    mention_rules,
    record_rules,
    section_list_rules,
    text_safety_rules,
)
from bao_cao.data.problems import Problem, Tables
from bao_cao.data.provenance_rules import provenance_rules
from bao_cao.data.reading import (
    DATA_DIR,
    PACKAGE_FILE,
    WORKBOOK_SUFFIXES,
    CsvText,
    package_paths,
    save_as_csv_instruction,
)
from bao_cao.data.table_rules import (
    description_problems,
    read_tables,
    shape_problems,
    typed_problems,
)
from bao_cao.site import cff

RULES = (
    record_rules,
    provenance_rules,
    section_list_rules,
    mention_rules,
    list_reference_rules,
    indicator_rules,
    document_rules,
    glossary_rules,
    text_safety_rules,
    date_agreement_rules,
    daily_series_rules,
)


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

    In stages, each on the tables the last found sound: the files (readable, CSV,
    declared), the tables' shape and cells, their types and keys, then the book's own
    rules (each as far as the tables it reads are sound)."""
    descriptor_file = data_dir / PACKAGE_FILE
    try:
        descriptor = json.loads(descriptor_file.read_text(encoding="utf-8"))
        resources = descriptor["resources"]
        paths = {r["name"]: f"data/{r['path']}" for r in resources}
    except (OSError, ValueError, KeyError, TypeError) as error:
        return Validation([Problem(f"data/{PACKAGE_FILE}", f"cannot be read: {error}")], {})
    problems: list[Problem] = workbooks(data_dir) + undeclared_files(data_dir)
    problems += description_problems(descriptor, f"data/{PACKAGE_FILE}")
    problems += citation_file_problems(data_dir.parent)
    reads, normalised = read_tables(data_dir, resources, paths, problems)
    if "record" not in reads:  # every cell is read against the record's words
        return Validation(problems, normalised)
    texts = {name: read.text for name, read in reads.items()}
    readable = [resource for resource in resources if resource["name"] in reads]
    cell_problems = shape_problems(readable, paths, reads, problems)

    def sound(candidates: list[dict]) -> list[dict]:
        """The tables no problem names so far: each stage checks only those (the header
        decides what every cell means; the rules assume well-typed tables), so that one
        run says every problem it can, not one stage's at a time."""
        named = {problem.file for problem in problems}
        return [resource for resource in candidates if paths[resource["name"]] not in named]

    problems += typed_problems(sound(readable), paths, texts, cell_problems)
    tables = Tables(descriptor, texts, sound=[r["name"] for r in sound(readable)])
    for rule in RULES:
        problems += tables.problems_of(rule(tables))
    problems += tables.problems_of(source_text_rules(descriptor, data_dir, tables))
    problems += tables.problems_of(book_needs_rules(tables, data_dir.parent))
    if not problems:  # a wrong cell is said where it is, not again as something lost
        problems.extend(completeness_rules(tables))
    return Validation(problems, normalised)


def summarised(problems: list[Problem], shown: int = 3) -> list[str]:
    """The problems as lines to print: of one rule in one column of one file, the first
    `shown` in full, then how many more there are and in which rows (a US-style date in
    every row of a 647-row series is one problem to fix, not 647 lines to read)."""
    groups: dict[tuple[str, str | None, str], list[Problem]] = {}
    for problem in problems:
        # One kind of problem: the same rule but for the numbers and dates it names.
        kind = re.sub(r"\d", "#", problem.rule)
        groups.setdefault((problem.file, problem.column, kind), []).append(problem)
    lines: list[str] = []
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
