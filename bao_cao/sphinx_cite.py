"""Sphinx extension: a citation on every page, citation meta tags, the edition's version.

All of it comes from CITATION.cff through bao_cao.citation. The citation block is added
when a page is written (not when it is read), and the edition (version, data checksum,
build date) is a configuration value that asks Sphinx to rewrite every page when it
changes, so no page keeps an old version or checksum.
"""

from __future__ import annotations

import html
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective

from bao_cao import code_version
from bao_cao.citation import BookMetadata, citation_bibtex, citation_text, load_metadata
from bao_cao.record import load_sections

CITATION_PAGE = "book/trich-dan"
WHOLE_BOOK_PLACEHOLDER = "trich-dan-ca-sach"
REPORT_PAGES_PART = {"index": None, "ket-thuc": "Phần kết thúc văn bản, nơi nhận và chữ ký"}


def metadata(app: Sphinx) -> BookMetadata:
    return app.bao_cao_metadata


def read_metadata(app: Sphinx, config: Config) -> None:
    """Load CITATION.cff; show the version in every page's footer."""
    meta = load_metadata(Path(app.srcdir))
    app.bao_cao_metadata = meta
    config.bao_cao_edition = f"{meta.version}/{meta.data_checksum}/{meta.built.isoformat()}"
    config.version = config.release = meta.version
    options = dict(config.html_theme_options or {})
    options["extra_footer"] = f'<p class="phien-ban">{html.escape(meta.version_line)}</p>'
    config.html_theme_options = options


def page_part(app: Sphinx, docname: str, title: str) -> str | None:
    """How a citation names the part of the book a page holds: "Mục II.6", a page title."""
    page = docname.removeprefix("book/")
    if page in REPORT_PAGES_PART:
        return REPORT_PAGES_PART[page]
    numbered = [
        s.label
        for s in load_sections(Path(app.srcdir, "data", "sections.csv"))
        if s.page == page and s.label == s.id
    ]
    return f"Mục {numbered[0]}" if numbered else f"Trang “{title}”"


def _title(app: Sphinx, docname: str) -> str:
    title = app.env.titles.get(docname)
    return title.astext() if title else docname


def _citation_block(app: Sphinx, docname: str, heading: str, part: str | None) -> nodes.Node:
    """A rubric, a line of help, and the reference and BibTeX, each with a copy button."""
    meta = metadata(app)
    page_path = f"{docname}.html"
    key = "ubnd-ninh-thuan-covid19-" + docname.removeprefix("book/").replace("index", "sach")
    block = nodes.container(classes=["trich-dan"])
    block += nodes.rubric(text=heading)
    intro = nodes.paragraph(text="Sao chép bằng nút ở góc mỗi khung. ")
    if docname != CITATION_PAGE:
        uri = app.builder.get_relative_uri(docname, CITATION_PAGE)
        intro += nodes.Text("Trích dẫn cả ấn bản: trang ")
        intro += nodes.reference("", "Trích dẫn", refuri=uri)
        intro += nodes.Text(".")
    block += intro
    text = citation_text(meta, page_path, part)
    block += nodes.literal_block(text, text, language="none", classes=["trich-dan-van-ban"])
    bibtex = citation_bibtex(meta, key, page_path, part)
    block += nodes.literal_block(bibtex, bibtex, language="bibtex", classes=["trich-dan-bibtex"])
    return block


class WholeBookCitation(SphinxDirective):
    """Where the citation of the whole book goes (filled in when the page is written)."""

    def run(self) -> list[nodes.Node]:
        return [nodes.container(classes=[WHOLE_BOOK_PLACEHOLDER])]


def add_citation_blocks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On the web, every page ends with its citation; the Trích dẫn page cites the book."""
    if app.builder.format != "html":
        return
    for placeholder in list(doctree.findall(nodes.container)):
        if WHOLE_BOOK_PLACEHOLDER in placeholder["classes"]:
            placeholder.replace_self(
                _citation_block(app, "book/index", "Trích dẫn cả ấn bản", None)
            )
    part = page_part(app, docname, _title(app, docname))
    doctree += _citation_block(app, docname, "Trích dẫn trang này", part)


def add_meta_tags(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """citation_* meta tags, which Google Scholar and Zotero read."""
    if doctree is None:
        return
    meta = metadata(app)
    published = meta.report_date or meta.released or meta.built
    tags = {
        "citation_title": meta.report_title,
        "citation_author": meta.author,
        "citation_technical_report_institution": meta.author,
        "citation_language": "vi",
        "citation_publication_date": str(published),
        "citation_pdf_url": meta.address("bao-cao.pdf"),
        "citation_public_url": meta.address(f"{pagename}.html"),
        "citation_version": meta.version,
    }
    if meta.report_number:
        tags["citation_technical_report_number"] = meta.report_number
    lines = [
        f'<meta name="{name}" content="{html.escape(str(value), quote=True)}" />'
        for name, value in tags.items()
    ]
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(lines)


def setup(app: Sphinx) -> dict:
    # A new version, data checksum or build day rewrites every page (footer, citations).
    app.add_config_value("bao_cao_edition", "", "html")
    app.connect("config-inited", read_metadata)
    app.add_directive("trich-dan-ca-sach", WholeBookCitation)
    app.connect("doctree-resolved", add_citation_blocks)
    app.connect("html-page-context", add_meta_tags)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": code_version()}
