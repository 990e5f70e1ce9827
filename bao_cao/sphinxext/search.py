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

The search page ranks and shows results itself (static/search-page-vi.js): Sphinx's
snippets were cut from the whole page (header buttons, citation, paragraph ids glued to
words: "NN.9UBND") at the first place the query matched as typed, so a query without
diacritics got the page's first lines; and it fetched every result page to make them.
The build writes each page's own text once (search-texts.js: title, headings, and each
paragraph with its address), loaded by the search page alone; results are ranked by
where the words stand (title, heading, text) and how often, snippets come from the
best paragraph with the matched words marked, folded or not, and link to it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import unicodedata
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

from bao_cao.sphinxext import env_version
from bao_cao.sphinxext.bookdata import book_data

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
    terms += [f"{a}_{b}" for a, b in itertools.pairwise(folded)]
    return terms


def query_terms(query: str) -> list[str]:
    """What the browser's splitQuery (static/search-vi.js) returns, for the tests."""
    syllables = SYLLABLE.findall(unicodedata.normalize("NFC", query).lower())
    folded = [fold(syllable) for syllable in syllables]
    pairs = [f"{a}_{b}" for a, b in itertools.pairwise(folded)]
    return [*syllables, *number_terms(syllables), *pairs]


# The browser's side, kept as JavaScript beside this module (static/search-vi.js).
STATIC = Path(__file__).resolve().parent / "static"
JS_CODE = (STATIC / "search-vi.js").read_text(encoding="utf-8")


class SearchVietnamese(SearchLanguage):
    lang = "vi"
    language_name = "Vietnamese"
    # Sphinx writes both strings into language_data.js: the splitter and the stemmer.
    js_splitter_code = JS_CODE
    js_stemmer_code = ""

    def init(self, options: dict) -> None:
        self.stopwords = set()  # every syllable is searchable

    def split(self, input: str) -> list[str]:
        return index_terms(input)

    def stem(self, word: str) -> str:
        return word

    def word_filter(self, word: str) -> bool:
        return len(word) > 0


# What is not the page's own text: controls, the citation block, paragraph ids (they
# would glue to the words: "NN.9UBND"), footnote marks ("tại tại[2]"), heading anchors,
# a chart's code.
NOT_TEXT = (
    ".so-doan-wrapper, .headerlink, .trich-dan, .copybtn, .tai-ve, .cell_input, "
    "a.footnote-reference, template, script, style"
)
BLOCKS = "p, li:not(:has(p, li)), dt, dd, th, td:not(:has(p)), figcaption:not(:has(p)), pre"
# Loaded by the search page alone (book/_templates/search.html), after Sphinx's search.
TEXTS_SCRIPT = "search-texts.js"
# A query that finds nothing is answered with the report's own word for it, where a
# reader typed an English one (tests/test_search.py: every word is in the book).
SUGGESTIONS = {
    "vaccine": "vắc xin",
    "vaccines": "vắc xin",
    "vaccination": "tiêm chủng",
    "covid": "COVID-19",
    "lockdown": "phong tỏa",
    "quarantine": "cách ly",
    "isolation": "cách ly",
    "award": "khen thưởng",
    "commendation": "khen thưởng",
    "inspection": "kiểm tra",
    "supervision": "giám sát",
    "hospital": "bệnh viện",
    "worker": "người lao động",
    "workers": "người lao động",
    "poor": "hộ nghèo",
    "elderly": "người cao tuổi",
    "epidemic": "dịch bệnh",
    "pandemic": "đại dịch",
    "plan": "kế hoạch",
    "decision": "quyết định",
}


def article_of(html: str) -> str:
    """The page's article, "" if it has none. Text from data is escaped, so the first
    "</article>" after its start is its end."""
    start = html.find('<article class="bd-article"')
    end = html.find("</article>", start)
    return html[start : end + len("</article>")] if start >= 0 and end >= 0 else ""


def page_text(html: str) -> dict:
    """A page's own words: title, headings and paragraphs (each with the address of the
    nearest element that has one: the paragraph's id, else its section's). Only the
    article is parsed (a third of the page: the navigation is the rest)."""
    article = BeautifulSoup(article_of(html), "html.parser").article
    if article is None:
        return {"title": "", "headings": [], "blocks": []}
    for element in article.select(NOT_TEXT):
        element.decompose()

    def clean(element) -> str:
        return " ".join(element.get_text().split())

    def address(element) -> str:
        for candidate in [element, *element.parents]:
            if candidate is article:
                break
            if candidate.get("id"):
                return candidate["id"]
        return ""

    headings = [clean(h) for h in article.select("h1, h2, h3, h4, h5, h6")]
    blocks = []
    for block in article.select(BLOCKS):
        text = clean(block)
        if text and not block.find_parent(["p", "pre"]):
            blocks.append([address(block), text])
    return {"title": headings[0] if headings else "", "headings": headings[1:], "blocks": blocks}


def write_search_texts(app: Sphinx, exception: Exception | None) -> None:
    """search-texts.js: every page's own text, for the search page's ranking and snippets."""
    if exception is not None or app.builder.format != "html":
        return
    # Every page is written on every build; most articles are the same bytes as last
    # time: their texts are kept, by the article's hash and the code's (env_version: an
    # edit to the extraction makes every text again), beside Sphinx's environment.
    kept = Path(app.doctreedir, "search-texts.json")
    try:
        earlier = json.loads(kept.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        earlier = {}
    texts, by_article = {}, {}
    for docname in sorted(app.env.found_docs):
        page = Path(app.outdir, app.builder.get_target_uri(docname))
        if page.is_file():
            html = page.read_text(encoding="utf-8")
            article = f"{env_version()}\0{article_of(html)}"
            key = hashlib.sha256(article.encode()).hexdigest()
            texts[docname] = by_article[key] = dict(earlier.get(key) or page_text(html))
            # The edition's own pages come after the report's for the report's words
            # (search-page-vi.js): a page that carries none of the record is the edition's.
            texts[docname]["edition"] = not book_data(app).paragraphs(docname)
    kept.write_text(json.dumps(by_article, ensure_ascii=False), encoding="utf-8")
    # A script, not JSON fetched: the search works from the file system too. "</" is
    # escaped so that no page text can close the script.
    data = json.dumps(texts, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    suggestions = json.dumps(SUGGESTIONS, ensure_ascii=False)
    script = (
        f"window.BAO_CAO_SEARCH_TEXTS = {data};\n"
        f"window.BAO_CAO_SEARCH_SUGGESTIONS = {suggestions};\n"
    )
    Path(app.outdir, "_static", TEXTS_SCRIPT).write_text(script, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.add_search_language(SearchVietnamese)
    app.connect("build-finished", write_search_texts)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": env_version()}
