"""Sphinx extension: the Vietnamese touches that configuration alone cannot give.

- The PDF's title page, set from the record's own title (data/record.csv), with what the
  record does not say about itself (its number and date) stated as not stated.
- Theme labels: Sphinx prefers the project's catalogue for its "sphinx" domain (via
  `locale_dirs`), but a theme's catalogue registered with `add_message_catalog` wins over
  any loaded later. sphinx-book-theme's Vietnamese reads wrong in places ("Phóng" for
  Launch, "Nội dung" for the on-page contents), so our `booktheme.po` goes in front.
- The search page's strings (translations.js), where Sphinx's Vietnamese leaves some empty.
"""

from __future__ import annotations

import gettext
import io
import json
import re
from pathlib import Path

import jinja2
import sphinx
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from docutils import nodes
from sphinx import locale
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.texescape import escape as tex_escape

from bao_cao import fmt, wording
from bao_cao.data.record import Record
from bao_cao.site.citation import ADDRESS_NOT_KNOWN, BookMetadata
from bao_cao.sphinxext import env_version
from bao_cao.sphinxext.bookdata import book_data

OVERRIDDEN_CATALOGS = ("booktheme",)


LATEX_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    block_start_string="<%",
    block_end_string="%>",
    variable_start_string="<<",
    variable_end_string=">>",
    comment_start_string="<#",
    comment_end_string="#>",
    autoescape=False,
)
LATEX_TEMPLATES.filters["tex"] = lambda value: tex_escape(str(value))


def title_page_latex(record: Record, metadata: BookMetadata) -> str:
    """The PDF's title page: the record's title, its issuer, what it leaves unstated, and
    the edition (version, data checksum, build date)."""
    rows = {p.id: p.text for p in record.paragraphs}
    notice_title, notice = wording.not_the_original(metadata.edition_author, metadata.author)
    return LATEX_TEMPLATES.get_template("titlepage.tex").render(
        notice_title=notice_title,
        notice=notice,
        released=metadata.release_statement,
        author=metadata.author,
        edition_author=metadata.edition_author,
        edition=wording.edition(),
        title=rows["TD.1"],
        subtitle=rows["TD.2"],
        number=metadata.report_number,
        date=fmt.date(metadata.report_date) if metadata.report_date else None,
        version_line=metadata.version_line,
        address=metadata.release_root or ADDRESS_NOT_KNOWN,
    )


def pdf_metadata_latex(metadata: BookMetadata) -> str:
    """The PDF's document properties (title, author, subject, keywords, language), which
    readers' PDF viewers, search engines and archives show; set once the document begins,
    after hyperref is loaded."""
    fields = {
        "pdftitle": metadata.edition_title,
        "pdfauthor": (
            f"{metadata.author}; {wording.edition(sentence_start=False)}: {metadata.edition_author}"
        ),
        "pdfsubject": metadata.abstract or metadata.report_title,
        "pdfkeywords": ", ".join(metadata.keywords),
        "pdflang": "vi",
    }
    values = ", ".join(f"{name}={{{tex_escape(value)}}}" for name, value in fields.items())
    # hyperref's XeTeX driver leaves pdflang out of the catalog: xdvipdfmx puts it there.
    language = r"\special{pdf:put @catalog <</Lang (vi)>>}"
    return f"\\AtBeginDocument{{\\hypersetup{{{values}}}{language}}}\n"


def set_title_page(app: Sphinx, config: Config) -> None:
    book = book_data(app)
    title_page = title_page_latex(book.record, book.metadata)
    config.latex_elements.setdefault("maketitle", title_page)
    preamble = config.latex_elements.get("preamble", "")
    config.latex_elements["preamble"] = preamble + pdf_metadata_latex(book.metadata)


def compile_po(po_file: Path) -> gettext.GNUTranslations:
    """Compile a .po file in memory into a translations object."""
    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def prefer_project_catalogs(app: Sphinx) -> None:
    """Put the project's catalogue for each theme domain in front of the theme's own."""
    language = app.config.language
    for catalog in OVERRIDDEN_CATALOGS:
        for locale_dir in app.config.locale_dirs:
            po_file = Path(app.srcdir, locale_dir, language, "LC_MESSAGES", f"{catalog}.po")
            if not po_file.is_file():
                continue
            ours = compile_po(po_file)
            theirs = locale.translators.get(("sphinx", catalog))
            if theirs is not None:
                ours.add_fallback(theirs)
            locale.translators[("sphinx", catalog)] = ours


def search_page_strings(app: Sphinx, config: Config) -> None:
    """The search page's strings, as Sphinx's own translations.js carries them, with those
    its Vietnamese catalogue leaves empty filled in.

    Documentation.gettext shows an empty translation as an empty string, so the search
    page would have no heading and no status line. Ours, from our sphinx.po (English
    where a string is still empty), is a static file of this build's own (written with
    its doctrees, on html_static_path), so Sphinx copies it over its own: the page is
    written whole, never edited afterwards.
    """
    language = config.language or "en"
    theirs = Path(sphinx.package_dir, "locale", language, "LC_MESSAGES", "sphinx.js")
    if not theirs.is_file():
        return
    text = theirs.read_text(encoding="utf-8")
    start, end = text.index("{"), text.rindex("}") + 1
    data = json.loads(text[start:end])
    ours = {}
    for locale_dir in config.locale_dirs:
        po_file = Path(app.srcdir, locale_dir, language, "LC_MESSAGES", "sphinx.po")
        if po_file.is_file():
            with po_file.open("rb") as handle:
                ours.update({m.id: m.string for m in read_po(handle) if m.id and m.string})
    for msgid, translated in data["messages"].items():
        if isinstance(translated, str) and not translated:
            data["messages"][msgid] = ours.get(msgid, msgid)
    for msgid, translated in ours.items():
        data["messages"].setdefault(msgid, translated)
    folder = Path(app.doctreedir, "bao-cao-static")
    folder.mkdir(parents=True, exist_ok=True)
    written = text[:start] + json.dumps(data, ensure_ascii=False, indent=4) + text[end:]
    target = folder / "translations.js"
    if not target.is_file() or target.read_text(encoding="utf-8") != written:
        target.write_text(written, encoding="utf-8")
    config.html_static_path = [*config.html_static_path, str(folder)]


# A code written with a hyphen ("COVID-19", "2484/KH-UBND"): a browser breaks a line at
# its hyphen, leaving "COVID-" at a line's end. Short ones are kept on one line; a long
# one (an address) may still wrap rather than widen a phone's page.
HYPHENATED_CODE = re.compile(r"(?<!\S)\S*\w-\w\S*")
LONGEST_UNBROKEN = 24
UNBROKEN_CLASS = "khong-ngat"


class KeepCodesWhole(SphinxPostTransform):
    """On the web, every short hyphenated code in the text stands in an inline that does
    not break (bao-cao.css); the words are unchanged, and literal text is left alone."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for text in list(self.document.findall(nodes.Text)):
            if not _may_wrap(text.parent):
                continue
            value = text.astext()
            pieces: list[nodes.Node] = []
            last = 0
            for match in HYPHENATED_CODE.finditer(value):
                if len(match.group()) > LONGEST_UNBROKEN:
                    continue
                pieces.append(nodes.Text(value[last : match.start()]))
                pieces.append(nodes.inline(match.group(), match.group(), classes=[UNBROKEN_CLASS]))
                last = match.end()
            if pieces:
                pieces.append(nodes.Text(value[last:]))
                text.parent.replace(text, [piece for piece in pieces if piece.astext()])


def _may_wrap(parent: nodes.Element | None) -> bool:
    """Text the reader reads: not literal text, raw output, or a code already kept whole."""
    if parent is None or isinstance(parent, nodes.FixedTextElement | nodes.literal | nodes.raw):
        return False
    return UNBROKEN_CLASS not in parent.get("classes", [])


def setup(app: Sphinx) -> dict:
    app.add_post_transform(KeepCodesWhole)
    app.connect("config-inited", search_page_strings)
    app.connect("config-inited", set_title_page)
    app.connect("builder-inited", prefer_project_catalogs)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": env_version()}
