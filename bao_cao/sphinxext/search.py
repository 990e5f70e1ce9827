"""Sphinx extension: site search that works for Vietnamese.

Sphinx has no Vietnamese search: it falls back to English, drops "to", "no", "in", "be",
"at", "as" as stop words though they are Vietnamese syllables, and tells "tiêm" from
"tiem". This search language keeps every syllable and indexes each twice, as written
("tiêm") and folded ("tiem"), plus every pair of adjacent syllables, folded
("tiem_chung"). The query is split the same way in the browser: syllables typed without
diacritics match their folded forms, syllables typed with them match exactly, and the
pairs make several typed syllables match as a phrase ("tiem chung" finds "tiêm chủng",
not a page with "tiêm" here and "chủng" there). Python and JavaScript fold alike:
NFD, drop combining marks, đ → d.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

from bao_cao.sphinxext import env_version

SYLLABLE = re.compile(r"\w+")
# Sphinx's search drops every query word of digits alone ("3079"), so a number is also
# indexed and asked for with a mark that no split can produce ("#3079"): readers look
# documents up by their number.
NUMBER = re.compile(r"^[0-9]+$")


def number_terms(syllables: list[str]) -> list[str]:
    """ "#3079" for each syllable that is a number."""
    return [f"#{syllable}" for syllable in syllables if NUMBER.match(syllable)]


def fold(text: str) -> str:
    """Vietnamese without diacritics: "Đảm bảo tiêm chủng" → "dam bao tiem chung"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(char for char in decomposed if unicodedata.category(char) != "Mn")


def index_terms(text: str) -> list[str]:
    """Every syllable as written and folded, and every adjacent pair folded (lower case).

    Pairs are indexed folded only (the index stays small: every page loads it); the
    syllables of a query keep their diacritics, so exactness is still asked for.
    """
    # NFC before splitting: in decomposed text ("Unicode tổ hợp") a combining mark is no
    # word character, and \w+ would cut "tiêm" into "tie" and "m".
    syllables = SYLLABLE.findall(unicodedata.normalize("NFC", text).lower())
    folded = [fold(syllable) for syllable in syllables]
    terms = [*syllables, *folded, *number_terms(syllables)]
    terms += [f"{a}_{b}" for a, b in zip(folded, folded[1:], strict=False)]
    return terms


def query_terms(query: str) -> list[str]:
    """What the browser's splitQuery (static/search-vi.js) returns, for the tests."""
    syllables = SYLLABLE.findall(unicodedata.normalize("NFC", query).lower())
    folded = [fold(syllable) for syllable in syllables]
    pairs = [f"{a}_{b}" for a, b in zip(folded, folded[1:], strict=False)]
    return [*syllables, *number_terms(syllables), *pairs]


# The browser's side, kept as JavaScript beside this module (static/search-vi.js).
JS_CODE = (Path(__file__).resolve().parent / "static" / "search-vi.js").read_text(encoding="utf-8")


class SearchVietnamese(SearchLanguage):
    lang = "vi"
    language_name = "Vietnamese"
    stopwords: set[str] = set()  # every syllable is searchable
    # Sphinx writes both strings into language_data.js: the splitter and the stemmer.
    js_splitter_code = JS_CODE
    js_stemmer_code = ""

    def split(self, input: str) -> list[str]:
        return index_terms(input)

    def stem(self, word: str) -> str:
        return word

    def word_filter(self, word: str) -> bool:
        return len(word) > 0


def setup(app: Sphinx) -> dict:
    app.add_search_language(SearchVietnamese)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": env_version()}
