# A tiny book for the extensions' own tests (tests/test_extensions.py): the record's
# paragraphs on one page, the documents list, the glossary and the milestones, in the
# book's theme with the book's own options and templates (_config.yml and book/_templates
# of the repository this package is in): every page's citation is in the article footer
# the book's options name.
from pathlib import Path

import yaml

import bao_cao

_REPO = Path(bao_cao.__file__).resolve().parents[1]
_BOOK = yaml.safe_load((_REPO / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]

extensions = [
    "bao_cao.sphinxext.paragraphs",
    "bao_cao.sphinxext.references",
    "bao_cao.sphinxext.citations",
    "bao_cao.sphinxext.theme",
]
language = "vi"
exclude_patterns = ["data"]
html_theme = "sphinx_book_theme"
templates_path = [str(_REPO / "book" / "_templates")]
html_theme_options = _BOOK["html_theme_options"]
