"""Rules across the tables: the record's paragraphs and sections, mentions, lists,
indicators, documents, the glossary, and text that would be read as something else."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from bao_cao.data.completeness import WORD_BOUNDARY, standing_apart
from bao_cao.data.problems import FORMULA, Problem, Tables
from bao_cao.fmt import parse_written


def record_rules(tables: Tables) -> Iterator[Problem]:
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


def texts_by_section(tables: Tables) -> dict[str, str]:
    texts: dict[str, list[str]] = {}
    for row in tables.rows["record"]:
        texts.setdefault(row["section"], []).append(row["text"])
    return {section: "\n".join(parts) for section, parts in texts.items()}


def section_list_rules(tables: Tables) -> Iterator[Problem]:
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


def mention_sections(tables: Tables, name: str) -> dict[str, list[str]]:
    """Each row's sections (a body of actors.csv, a place of places.csv): where one of its
    mentions stands as whole words and not inside another row's mention ("Tỉnh ủy" in
    "Ban Dân vận Tỉnh ủy" is the Ban Dân vận, not the Tỉnh ủy)."""
    section_texts = texts_by_section(tables)
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


def actor_sections(tables: Tables) -> dict[str, list[str]]:
    """Each body's sections (see mention_sections)."""
    return mention_sections(tables, "actors")


def mention_rules(tables: Tables) -> Iterator[Problem]:
    """Tables of named things (x-mentions): every mention whole words of the record, and
    the sections list what the mentions find."""
    section_texts = texts_by_section(tables)
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


def list_reference_rules(tables: Tables) -> Iterator[Problem]:
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


def indicator_rules(tables: Tables) -> Iterator[Problem]:
    file = tables.file("indicators")
    for row_number, row in tables.numbered("indicators"):
        value, qualifier = row["value"], row["qualifier"]
        number = _number(value) if value else None
        if row["unit"] == "%" and number is not None and number > 100:
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


def document_rules(tables: Tables) -> Iterator[Problem]:
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


def _document_mentions(tables: Tables, file: str) -> Iterator[Problem]:
    """A document's mention stands as whole words in each section that cites it."""
    section_texts = texts_by_section(tables)
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


def glossary_rules(tables: Tables) -> Iterator[Problem]:
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


def text_safety_rules(tables: Tables) -> Iterator[Problem]:
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
