"""Sphinx extension: a citation on every page, citation meta tags, the edition's version.

All of it comes from CITATION.cff through bao_cao.site.citation. The citation block is added
when a page is written (not when it is read), and the edition (version, data checksum,
build date) is a configuration value that asks Sphinx to rewrite every page when it
changes, so no page keeps an old version or checksum.
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective

from bao_cao.data import read_text
from bao_cao.data.record import load_record, load_sections
from bao_cao.site.citation import BookMetadata, citation_bibtex, citation_text, load_metadata
from bao_cao.sphinxext import env_version

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


def _citation_html(app: Sphinx, pagename: str, citing: str, heading: str, part) -> str:
    """A rubric, a line of help, and the reference and BibTeX, each with a copy button."""
    meta = metadata(app)
    page_path = f"{citing}.html"
    key = "ubnd-ninh-thuan-covid19-" + citing.removeprefix("book/").replace("index", "sach")
    help_text = "Sao chép bằng nút ở góc mỗi khung."
    if pagename != CITATION_PAGE:
        uri = html.escape(app.builder.get_relative_uri(pagename, CITATION_PAGE))
        help_text += f' Trích dẫn cả ấn bản: trang <a href="{uri}">Trích dẫn</a>.'
    blocks = [
        ("none", citation_text(meta, page_path, part)),
        ("bibtex", citation_bibtex(meta, key, page_path, part)),
    ]
    boxes = "".join(
        f'<div class="highlight-{language} notranslate"><div class="highlight">'
        f"<pre>{html.escape(text)}</pre></div></div>"
        for language, text in blocks
    )
    return f'<div class="trich-dan"><p class="rubric">{heading}</p><p>{help_text}</p>{boxes}</div>'


class WholeBookCitation(SphinxDirective):
    """Where the citation of the whole book goes (filled in when the page is written)."""

    def run(self) -> list[nodes.Node]:
        return [nodes.container(classes=[WHOLE_BOOK_PLACEHOLDER])]


PLACEHOLDER_HTML = re.compile(rf'<div class="{WHOLE_BOOK_PLACEHOLDER}[^"]*">\s*</div>')


def add_citation_blocks(app: Sphinx, pagename: str, templatename: str, context, doctree) -> None:
    """Every page ends with its citation; the Trích dẫn page also cites the whole book.

    Added to the written page, after Sphinx has indexed it for search: the same citation on
    every page must not make every page a search result.
    """
    if doctree is None or "body" not in context:
        return
    book = _citation_html(app, pagename, "book/index", "Trích dẫn cả ấn bản", None)
    body = PLACEHOLDER_HTML.sub(lambda _: book, context["body"])
    part = page_part(app, pagename, _title(app, pagename))
    context["body"] = body + _citation_html(app, pagename, pagename, "Trích dẫn trang này", part)


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


# For pages that carry none of the record's text: the table they are drawn from.
PAGE_TABLES = {
    "dong-thoi-gian": "events.csv",
    "van-ban-vien-dan": "documents.csv",
    "thuat-ngu": "glossary.csv",
    "phu-luc-boi-canh-dich-benh": "supplementary/ninh-thuan-covid-daily.csv",
}
DOWNLOADS = "_static/tai-ve"


def page_downloads(app: Sphinx, pagename: str) -> dict[str, str]:
    """The files a page offers: its data as CSV and its citation as BibTeX."""
    name = pagename.removeprefix("book/")
    return {"csv": f"{DOWNLOADS}/{name}.csv", "bib": f"{DOWNLOADS}/{name}.bib"}


def add_download_links(app: Sphinx, pagename: str, templatename: str, context, doctree) -> None:
    if doctree is not None and pagename.startswith("book/"):
        context["tai_ve"] = page_downloads(app, pagename)


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Each page's CSV (its paragraphs of the record, or the table it is drawn from) and .bib."""
    if exception is not None or app.builder.format != "html":
        return
    data_dir = Path(app.srcdir, "data")
    target = Path(app.outdir, DOWNLOADS)
    target.mkdir(parents=True, exist_ok=True)
    record = load_record(data_dir / "record.csv")
    sections = {s.id: s.page for s in load_sections(data_dir / "sections.csv")}
    meta = metadata(app)
    for docname in sorted(app.env.found_docs):
        if not docname.startswith("book/"):
            continue
        name = docname.removeprefix("book/")
        rows = [p for p in record if sections.get(p.section) == name]
        with (target / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            if rows or name not in PAGE_TABLES:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(["id", "section", "kind", "text"])
                chosen = rows or record  # pages without record text offer the whole record
                writer.writerows((p.id, p.section, p.kind, p.text) for p in chosen)
            else:
                handle.write(read_text(data_dir / PAGE_TABLES[name]))
        part = page_part(app, docname, _title(app, docname))
        bibtex = citation_bibtex(meta, f"ubnd-ninh-thuan-covid19-{name}", f"{docname}.html", part)
        (target / f"{name}.bib").write_text(bibtex + "\n", encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", add_download_links)
    app.connect("build-finished", write_downloads)
    # A new version, data checksum or build day rewrites every page (footer, citations).
    app.add_config_value("bao_cao_edition", "", "html")
    app.connect("config-inited", read_metadata)
    app.add_directive("trich-dan-ca-sach", WholeBookCitation)
    app.connect("html-page-context", add_citation_blocks)
    app.connect("html-page-context", add_meta_tags)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": env_version()}
