"""CITATION.cff, read and checked: the Citation File Format 1.2.0 schema, and the book's rules.

Staff edit CITATION.cff by hand (a new version, the report's number and date, the site's
address). What they may get wrong is said as the data validator says it, with the line,
the key, the value and the rule, never as a traceback: broken YAML, a key the format does
not have, an unquoted version that YAML reads as a number (`0.10` is 0.1), a date written
the Vietnamese way. The schema is the one the format publishes (kept beside this file),
applied with jsonschema, as cffconvert does.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml

from bao_cao.data import spreadsheet

CITATION_FILE = "CITATION.cff"
SCHEMA_FILE = Path(__file__).with_name("citation-file-format-1.2.0.schema.json")
# A release of the edition: three numbers, as CHANGELOG.md and the release folders name it.
VERSION = re.compile(r"^\d+\.\d+\.\d+$")
# Keys whose value is a date, anywhere in the file.
DATE_KEYS = {"date-released", "date-published", "date-accessed", "date-downloaded", "date-start",
             "date-end"}  # fmt: skip


@dataclass(frozen=True)
class CitationProblem:
    """One rule broken in CITATION.cff."""

    rule: str
    line: int | None = None
    key: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = [CITATION_FILE]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.key:
            where.append(f"key '{self.key}'")
        if self.value is not None:
            where.append(f"value {self.value!r}")
        return ", ".join(where) + ": " + self.rule


class CitationFileError(ValueError):
    """CITATION.cff cannot be used; `problems` says why, each in the validator's style."""

    def __init__(self, problems: list[CitationProblem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class _TextLoader(yaml.SafeLoader):
    """YAML as the format's schema reads it: dates stay text (the schema checks their form)."""


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _lines(node: yaml.Node, path: tuple = ()) -> dict[tuple, tuple[int, str]]:
    """Each key path's line (1-based) and the value as typed, from the composed YAML."""
    found = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = (*path, key.value)
            typed = value.value if isinstance(value, yaml.ScalarNode) else ""
            found[here] = (key.start_mark.line + 1, typed)
            found.update(_lines(value, here))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found[(*path, index)] = (item.start_mark.line + 1, "")
            found.update(_lines(item, (*path, index)))
    return found


def _schema_rule(error: jsonschema.ValidationError) -> str:
    if error.validator == "required":
        return f"{error.message} (the Citation File Format 1.2.0 requires it)"
    if error.validator in ("pattern", "format") and error.path and error.path[-1] in DATE_KEYS:
        return "not a date in the form YYYY-MM-DD"
    return f"does not follow the Citation File Format 1.2.0: {error.message}"


def _date_rule(typed: str) -> str:
    """Said as the data's dates are (a day-first or month-first date read both ways)."""
    return spreadsheet.date_rule(typed) or (
        "not a real date in the form YYYY-MM-DD (for example 2026-12-14)"
    )


def check(book_dir: Path) -> tuple[dict, list[CitationProblem]]:
    """CITATION.cff as data (dates as text) and every problem in it."""
    path = book_dir / CITATION_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, [CitationProblem("the file is missing; restore it from version control")]
    except (OSError, UnicodeDecodeError) as error:
        return {}, [CitationProblem(f"cannot be read as UTF-8 text ({error})")]
    try:
        tree = yaml.compose(text, Loader=_TextLoader)
        cff = yaml.load(text, Loader=_TextLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        return {}, [
            CitationProblem(
                f"not valid YAML ({problem}): check the indentation, the colon after each "
                "key and the double quotes around texts near this line",
                mark.line + 1 if mark else None,
            )
        ]
    if not isinstance(cff, dict) or tree is None:
        return {}, [CitationProblem("must be a list of 'key: value' lines (YAML)")]
    lines = _lines(tree)
    problems = []
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    for violation in sorted(validator.iter_errors(cff), key=lambda e: [str(p) for p in e.path]):
        path_ = tuple(violation.path)
        if violation.validator == "additionalProperties":
            known = list(violation.schema.get("properties", {}))
            for extra in sorted(set(violation.instance) - set(known)):
                line, _ = lines.get((*path_, extra), (None, None))
                close = difflib.get_close_matches(extra, known, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                name = ".".join(str(part) for part in (*path_, extra))
                problems.append(
                    CitationProblem(
                        f"not a key of the Citation File Format 1.2.0{hint}", line, name
                    )
                )
            continue
        line, typed = lines.get(path_, (None, None))
        key = ".".join(str(part) for part in path_) or None
        if path_ and path_[-1] in DATE_KEYS:
            problems.append(CitationProblem(_date_rule(typed or ""), line, key, typed))
        else:
            problems.append(CitationProblem(_schema_rule(violation), line, key, typed or None))
    problems = list(dict.fromkeys(problems))  # a date breaks both its pattern and format
    problems.extend(_book_rules(cff, lines, {p.key for p in problems}))
    return cff, problems


def _book_rules(cff: dict, lines: dict, reported: set[str | None]) -> list[CitationProblem]:
    """What the book needs beyond the format: a version X.Y.Z written as text."""
    problems = []
    line, typed = lines.get(("version",), (None, None))
    version = cff.get("version")
    if version is None:
        problems.append(CitationProblem('the edition\'s version (version: "X.Y.Z") is missing'))
    elif not isinstance(version, str):
        problems.append(
            CitationProblem(
                f"YAML reads this unquoted version as the number {version!r}, not as the text "
                'typed: write it in double quotes, as three numbers (version: "0.10.0")',
                line,
                "version",
                typed,
            )
        )
    elif not VERSION.match(version) and "version" not in reported:
        problems.append(
            CitationProblem(
                'a version is three numbers separated by dots, nothing else ("0.2.0"); say '
                "what changed in CHANGELOG.md, not in the version",
                line,
                "version",
                version,
            )
        )
    return problems


def read(book_dir: Path) -> dict:
    """CITATION.cff as data, its dates as datetime.date; CitationFileError if it is wrong."""
    cff, problems = check(book_dir)
    if problems:
        raise CitationFileError(problems)
    return _with_dates(cff)


def _with_dates(value, key: str | None = None):
    if isinstance(value, dict):
        return {k: _with_dates(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_dates(item) for item in value]
    if key in DATE_KEYS and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value
