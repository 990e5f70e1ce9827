"""Where each value comes from: a row's quote stands in the record, word for word, in
its section, and holds the values it supports; a name is not cut off."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from bao_cao.data import spreadsheet
from bao_cao.data.fact_rules import texts_by_section
from bao_cao.data.problems import Problem, Tables
from bao_cao.data.reading import (
    NOT_STATED,
)

WORD_CHARACTER = re.compile(r"\w")


def known_names(tables: Tables) -> set[str]:
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


def provenance_rules(tables: Tables) -> Iterator[Problem]:
    section_texts = texts_by_section(tables)
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
