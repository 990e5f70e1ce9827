"""Sphinx extension: a citation on every page, citation meta tags, the edition's version.

All of it comes from CITATION.cff through bao_cao.site.citation. The citation blocks and
the footer's edition line are the theme's own slots (book/_templates/trich-dan.html, an
article footer item, and phien-ban.html, a footer item), given their values when a page
is written (not when it is read); the edition (version, data checksum, build date) is a
configuration value that asks Sphinx to rewrite every page when it changes, so no page
keeps an old version or checksum.
"""

from __future__ import annotations

import csv
import posixpath
import urllib.parse
from dataclasses import replace
from pathlib import Path

import jinja2
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from bao_cao import wording
from bao_cao.data import field_titles, load_table, package_descriptor, package_paths
from bao_cao.site.citation import BookMetadata, citation_text, data_checksum
from bao_cao.site.cited_work import (
    CitedWork,
    citation_tags,
    cited_work,
    csl_json,
    ris,
    work_bibtex,
)
from bao_cao.site.names import SITE_PDF_NAME
from bao_cao.site.version_list import VERSIONS_PAGE, VERSIONS_TITLE
from bao_cao.site.workbook import WORKBOOK_NAME
from bao_cao.sphinxext import env_version
from bao_cao.sphinxext.bookdata import book_data
from bao_cao.sphinxext.datapage import FOLDER as DATA_FOLDER
from bao_cao.sphinxext.pictures import chart_tables

TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True,
    keep_trailing_newline=False,
)
# The front-matter-like flag a page carries where the whole book is cited (its directive).
WHOLE_BOOK = "trich_dan_ca_sach"
BIBTEX_KEY_PREFIX = "ubnd-ninh-thuan-covid19-"


def metadata(app: Sphinx) -> BookMetadata:
    return book_data(app).metadata


def read_metadata(app: Sphinx, config: Config) -> None:
    """Show the edition (version, data checksum, build day) in every page's footer."""
    meta = metadata(app)
    # A new version or build day rewrites every page's footer; a data change rewrites only
    # the pages that show the changed data (their checksum is their data's: page_metadata).
    config.bao_cao_edition = f"{meta.version}/{meta.built.isoformat()}"
    config.version = config.release = meta.version


def page_data_files(app: Sphinx, docname: str) -> list[Path]:
    """The data files a page shows: those its reading noted (the record, the tables its
    directives draw) and those its cells read (front matter data_reads)."""
    book = book_data(app)
    data_dir = book.data_dir.resolve()
    files = {Path(app.srcdir, name).resolve() for name in app.env.dependencies.get(docname, ())}
    # Read once per build: every page asks, for its footer, citations and downloads.
    paths = book.derived(
        "resource-paths",
        lambda: {r["name"]: r["path"] for r in package_descriptor(book.data_dir)["resources"]},
    )
    files |= {
        (data_dir / paths[name]).resolve() for name in book.page_reads(docname) if name in paths
    }
    return sorted(path for path in files if path.is_relative_to(data_dir) and path.is_file())


def page_metadata(app: Sphinx, docname: str) -> BookMetadata:
    """The book's metadata as a page cites it: the checksum of the data the page shows, so
    that a change to one table changes (and rewrites) only the pages that show it; none
    for a page that shows no data."""
    files = page_data_files(app, docname)
    checksum = data_checksum(book_data(app).data_dir, files) if files else ""
    return replace(metadata(app), data_checksum=checksum)


def page_footer(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """What the footer's item phien-ban.html (book/_templates, a theme footer item) says
    on this page: who wrote what, this page's version line, where the data are."""
    meta = page_metadata(app, pagename)
    context["an_ban"] = {
        "version_line": meta.version_line,
        "report_author": meta.author,
        "edition_author": meta.edition_author,
        "edition": wording.edition(),
        "licence": meta.licence,
        "about_page": context["pathto"](app.config.bao_cao_about_page),
        "data_page": context["pathto"](app.config.bao_cao_data_page),
        "workbook": context["pathto"](f"{DATA_FOLDER}/{WORKBOOK_NAME}", 1),
        # The list of versions beside this copy of the release (bao_cao.site.version_list).
        "versions_page": meta.base_url and context["pathto"](VERSIONS_PAGE, 1),
        "versions_title": VERSIONS_TITLE,
    }


def page_part(app: Sphinx, docname: str, title: str) -> str | None:
    """How a citation names the part of the book a page holds: "Mục II.6", a page title."""
    book = book_data(app)
    page = book.page_name(docname)
    parts = app.config.bao_cao_page_parts
    if page in parts:
        return parts[page]
    section = book.record.numbered_section(page)
    return f"Mục {section.label}" if section else f"Trang “{title}”"


def edition_page(app: Sphinx, docname: str) -> bool:
    """A page the edition wrote, carrying none of the report's text (the timeline, the
    glossary, the appendix…): cited as the edition's, not the Committee's."""
    book = book_data(app)
    return book.page_name(docname) not in set(book.record.pages.values())


def _title(app: Sphinx, docname: str) -> str:
    title = app.env.titles.get(docname)
    return title.astext() if title else docname


def bibtex_key(docname: str) -> str:
    """ "book/muc-ii-6" → "ubnd-ninh-thuan-covid19-muc-ii-6"; the front page is "…-sach"."""
    return BIBTEX_KEY_PREFIX + book_page(docname).replace("index", "sach")


def book_page(docname: str) -> str:
    return docname.removeprefix("book/")


def page_work(app: Sphinx, docname: str, meta: BookMetadata, whole_book: bool = False) -> CitedWork:
    """What a page cites (bao_cao.site.cited_work): the whole book for its root page's
    "Trích dẫn cả ấn bản", else the page's part of the report, or the edition's page."""
    if whole_book:
        docname = app.config.root_doc
    part = None if whole_book else page_part(app, docname, _title(app, docname))
    return cited_work(
        meta, bibtex_key(docname), f"{docname}.html", part, _title(app, docname),
        edition_page=not whole_book and edition_page(app, docname),
    )  # fmt: skip


def _citation(app: Sphinx, pagename: str, citing: str, heading: str, part, meta) -> dict:
    """What a citation block shows (book/_templates/trich-dan.html): a rubric, a line of
    help, the reference and BibTeX, each with a copy button, and, for the page's own
    citation, its downloads for reference managers."""
    page_path = f"{citing}.html"
    citation_page = app.config.bao_cao_citation_page
    uri = None
    if pagename != citation_page:
        uri = app.builder.get_relative_uri(pagename, citation_page)
    whole_book = citing != pagename
    own = not whole_book and edition_page(app, citing)
    work = page_work(app, pagename, meta, whole_book=whole_book)
    blocks = [
        ("none", citation_text(meta, page_path, part, edition_page=own)),
        ("bibtex", work_bibtex(work, meta)),
    ]
    downloads = None
    if not whole_book and pagename.startswith("book/"):
        downloads = {kind: page_downloads(app, pagename)[kind] for kind in CITATION_FILES}
    return {"heading": heading, "citation_page_uri": uri, "blocks": blocks, "downloads": downloads}


class Makers(SphinxDirective):
    """Who wrote the report and who made the edition, from CITATION.cff: a list in the
    edition's type, each line text (never markup)."""

    def run(self) -> list[nodes.Node]:
        meta = metadata(self.env.app)
        self.env.note_dependency(str(Path(self.env.srcdir, "CITATION.cff")))
        lines = [
            f"Văn bản báo cáo: {meta.author}, cơ quan ban hành. Ấn bản in lại nguyên văn, "
            "không sửa chữ nào và không cấp thêm quyền gì đối với văn bản ấy.",
            f"{wording.edition()}: {meta.edition_author} (theo tệp CITATION.cff). Ấn bản thêm vào: "
            "mã số đoạn, liên kết, biểu đồ, bảng dữ liệu, tóm tắt số liệu, ghi chú biên tập, và "
            "các trang sau phần kết thúc của báo cáo.",
            f"Giấy phép cho phần của ấn bản (bảng dữ liệu, mã số, ghi chú, biểu đồ): "
            f"{meta.licence or 'chưa ghi'}. Số liệu bổ sung ở phụ lục theo nguồn ghi ở trang ấy.",
        ]
        listing = nodes.bullet_list(classes=["ghi-chu-bien-tap"])
        for line in lines:
            item = nodes.list_item()
            item += nodes.paragraph(text=line)
            listing += item
        return [listing]


class NotTheOriginal(SphinxDirective):
    """The front page's first words after its title (as the PDF's title page's): this is
    the edition, not the authentic document (bao_cao.wording.not_the_original)."""

    def run(self) -> list[nodes.Node]:
        meta = metadata(self.env.app)
        self.env.note_dependency(str(Path(self.env.srcdir, "CITATION.cff")))
        title, sentence = wording.not_the_original(meta.edition_author, meta.author)
        notice = nodes.container(classes=["khong-phai-ban-goc"])
        heading = nodes.paragraph(classes=["khong-phai-ban-goc-tieu-de"])
        heading += nodes.strong(text=title)
        notice += [heading, nodes.paragraph(text=sentence)]
        return [notice]


class whole_book_in_print(nodes.General, nodes.Element):
    """Where the printed book shows the whole book's citation (PrintedCitation fills it
    in when the PDF is written; the web shows it in the article's footer)."""


class WholeBookCitation(SphinxDirective):
    """Where the whole book is cited: the page's article footer shows it before the page's
    own citation (citation_blocks), the PDF in the page's text. It names the checksum of
    all the data: its page depends on every data file."""

    def run(self) -> list[nodes.Node]:
        data_dir = book_data(self.env.app).data_dir
        for path in package_paths(data_dir):
            self.env.note_dependency(str(path))
        self.env.metadata[self.env.docname][WHOLE_BOOK] = True
        return [whole_book_in_print()]


class PrintedCitation(SphinxPostTransform):
    """In the PDF, the whole book's citation where the page asks for it, in Vietnamese and
    as BibTeX, made when the PDF is written (so from this build's version and address);
    and every link to a file of the site absolute, to this release's copy of it, or plain
    text while the address is not known: a relative link is dead once the PDF is saved."""

    default_priority = 5  # before Sphinx's own post-transforms read the references
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        app = self.app
        meta = metadata(app)
        for node in list(self.document.findall(whole_book_in_print)):
            work = page_work(app, app.config.root_doc, meta, whole_book=True)
            text = citation_text(meta, f"{app.config.root_doc}.html", None)
            # In the book's own font, line by line: the monospaced font has no Vietnamese.
            bibtex = nodes.line_block(classes=["bibtex"])
            bibtex += [nodes.line(line, line) for line in work_bibtex(work, meta).splitlines()]
            node.replace_self(
                [nodes.rubric(text="Trích dẫn cả ấn bản"), nodes.paragraph(text=text), bibtex]
            )
        for reference in list(self.document.findall(nodes.reference)):
            refuri = reference.get("refuri", "")
            if not refuri or refuri.startswith("#") or urllib.parse.urlsplit(refuri).scheme:
                continue
            # The book's first page is the PDF's start, inlined in no other.
            docname = _source_document(reference) or app.config.root_doc
            target = posixpath.normpath(posixpath.join(posixpath.dirname(docname), refuri))
            if address := meta.address(target):
                reference["refuri"] = address
            else:
                reference.replace_self(nodes.inline("", "", *reference.children))


def _source_document(node: nodes.Node) -> str | None:
    """The page a node of the assembled PDF came from: Sphinx marks every section of each
    page it inlines with the page's name."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section) and "docname" in parent:
            return parent["docname"]
        parent = parent.parent
    return None


def _left_out(translator, node: nodes.Node) -> None:
    raise nodes.SkipNode


def citation_blocks(app: Sphinx, pagename: str, templatename: str, context, doctree) -> None:
    """What the article footer's item trich-dan.html shows (a theme slot, _config.yml):
    every page's citation, the whole book's where a page asks for it, and the template of
    a paragraph's citation where the page has numbered paragraphs. In the footer, outside
    the page's text: the same citation on every page makes no page a search result."""
    if doctree is None:
        return
    whole_book = None
    if app.env.metadata.get(pagename, {}).get(WHOLE_BOOK):
        whole_book = _citation(
            app, pagename, app.config.root_doc, "Trích dẫn cả ấn bản", None, metadata(app)
        )
    part = page_part(app, pagename, _title(app, pagename))
    page = _citation(
        app, pagename, pagename, "Trích dẫn trang này", part, page_metadata(app, pagename)
    )
    paragraph = None
    if 'class="so-doan' in context.get("body", ""):
        paragraph = _paragraph_citation(app, pagename, part)
    context["trich_dan"] = {"whole_book": whole_book, "page": page, "paragraph": paragraph}


# Where a paragraph's id goes in its citation (trich-dan-doan.js puts it in).
PARAGRAPH_TOKEN = "⟦đoạn⟧"


def _paragraph_citation(app: Sphinx, pagename: str, part: str | None) -> dict:
    """The citation of one paragraph of the page, its id left as a token: a click on a
    paragraph's id (II.6.2) offers it, with the paragraph's own address."""
    meta = page_metadata(app, pagename)
    where = f"{part}, đoạn {PARAGRAPH_TOKEN}" if part else f"Đoạn {PARAGRAPH_TOKEN}"
    text = citation_text(
        meta, f"{pagename}.html", where, anchor=PARAGRAPH_TOKEN,
        edition_page=edition_page(app, pagename),
    )  # fmt: skip
    return {"text": text, "token": PARAGRAPH_TOKEN}


def add_meta_tags(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Highwire Press citation_* tags (Google Scholar, Zotero's Embedded Metadata), from
    the page's one citation model, as its BibTeX, CSL-JSON and RIS. Addresses only when
    absolute (CITATION.cff url): a relative one resolves to nothing from a reader's
    library. The canonical link is Sphinx's own (html_baseurl, set to the release)."""
    if doctree is None:
        return
    meta = page_metadata(app, pagename)
    tags = citation_tags(page_work(app, pagename, meta), meta.address(meta.pdf_name))
    rendered = TEMPLATES.get_template("meta-trich-dan.html").render(tags=tags)
    context["metatags"] = context.get("metatags", "") + rendered


def set_base_url(app: Sphinx, config: Config) -> None:
    """Sphinx's canonical link (html_baseurl): the page in this release, never moved."""
    root = metadata(app).release_root
    if root:
        config.html_baseurl = root


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """sitemap.xml: every page's address in this release (written only when it is known)."""
    meta = metadata(app)
    if exception is not None or app.builder.format != "html" or not meta.release_root:
        return
    pages = sorted(app.env.found_docs)
    rendered = TEMPLATES.get_template("sitemap.xml").render(
        addresses=[meta.address(app.builder.get_target_uri(page)) for page in pages],
        released=meta.released.isoformat() if meta.released else None,
    )
    Path(app.outdir, "sitemap.xml").write_text(rendered, encoding="utf-8")


# A page's citation for reference managers: BibTeX (LaTeX), RIS (EndNote, Zotero),
# CSL-JSON (Zotero, Mendeley, pandoc), by file suffix.
CITATION_FILES = {"bib": "bib", "ris": "ris", "json": "json"}


def shows_data(app: Sphinx, docname: str) -> bool:
    """Whether a page shows data of its own: paragraphs of the record, or tables it is
    drawn from (its charts' pages declare theirs too)."""
    book = book_data(app)
    return bool(book.paragraphs(docname) or book.page_reads(docname))


def page_downloads(app: Sphinx, pagename: str) -> dict[str, str]:
    """The files a page offers: its data as CSV (where it shows data) and its citation in
    each format."""
    name = book_page(pagename)
    folder = app.config.bao_cao_downloads
    data = {"csv": f"{folder}/{name}.csv"} if shows_data(app, pagename) else {}
    return data | {kind: f"{folder}/{name}.{suffix}" for kind, suffix in CITATION_FILES.items()}


def add_download_links(app: Sphinx, pagename: str, templatename: str, context, doctree) -> None:
    """What the header's download buttons (book/_templates/tai-pdf.html) link to."""
    context["tai_pdf"] = SITE_PDF_NAME
    if doctree is not None and pagename.startswith("book/"):
        context["tai_ve"] = page_downloads(app, pagename)


def _page_data(app: Sphinx, docname: str) -> tuple[list[str], list[list[str]]]:
    """The data a page shows, as a header of Vietnamese titles and rows of text."""
    book = book_data(app)
    if tables := chart_tables(app.env.get_doctree(docname)):
        # Several charts on a page: their rows one after another, under all their columns.
        columns = list(dict.fromkeys(c for table in tables for c in table["columns"]))
        rows = [
            [dict(zip(table["columns"], row, strict=True)).get(c, "") for c in columns]
            for table in tables
            for row in table["rows"]
        ]
        return columns, rows
    if paragraphs := book.paragraphs(docname):
        titles = field_titles(("record",), book.data_dir)
        columns = [titles[field] for field in ("id", "section", "kind", "text")]
        return columns, [[p.id, p.section, p.kind, p.text] for p in paragraphs]
    table = book.page_reads(docname)[0]
    written = load_table(table, book.data_dir, as_written=True)
    titles = field_titles((table,), book.data_dir)
    return [titles[c] for c in written.columns], written.to_numpy().tolist()


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Each page's citations and, where it shows data, its CSV, every column under its
    Vietnamese title: its charts' tables, or else its paragraphs of the record, or else
    the table it is drawn from (the first of its data_reads)."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir, app.config.bao_cao_downloads)
    target.mkdir(parents=True, exist_ok=True)
    for docname in sorted(app.env.found_docs):
        meta = page_metadata(app, docname)
        if not docname.startswith("book/"):
            continue
        name = book_page(docname)
        if shows_data(app, docname):
            columns, rows = _page_data(app, docname)
            # With a BOM: Excel on Windows opens a double-clicked CSV as UTF-8 only then.
            with (target / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(columns)
                writer.writerows(rows)
        work = page_work(app, docname, meta)
        (target / f"{name}.bib").write_text(work_bibtex(work, meta) + "\n", encoding="utf-8")
        (target / f"{name}.json").write_text(csl_json(work), encoding="utf-8")
        # RIS lines end in CR LF, as EndNote writes them.
        (target / f"{name}.ris").write_bytes(ris(work).encode("utf-8"))


def setup(app: Sphinx) -> dict:
    # Where the whole-book citation is, where downloads are written, and how citations
    # name the pages that are not a numbered section of the report.
    app.add_config_value("bao_cao_citation_page", "book/trich-dan", "html", str)
    app.add_config_value("bao_cao_data_page", "book/du-lieu", "html", str)
    app.add_config_value("bao_cao_about_page", "book/ve-an-ban", "html", str)
    app.add_config_value("bao_cao_downloads", "_static/tai-ve", "html", str)
    app.add_config_value(
        "bao_cao_page_parts",
        {"index": None, "ket-thuc": "Phần kết thúc văn bản, nơi nhận và chữ ký"},
        "env",
        dict,
    )
    # A new version, data checksum or build day rewrites every page (footer, citations).
    app.add_config_value("bao_cao_edition", "", "html")
    app.connect("html-page-context", add_download_links)
    app.connect("build-finished", write_downloads)
    app.connect("config-inited", read_metadata)
    app.add_directive("trich-dan-ca-sach", WholeBookCitation)
    app.add_node(
        whole_book_in_print,
        html=(_left_out, None),
        latex=(_left_out, None),
        text=(_left_out, None),
    )
    app.add_post_transform(PrintedCitation)
    app.add_directive("nguoi-lap-an-ban", Makers)
    app.add_directive("khong-phai-van-ban-goc", NotTheOriginal)
    app.connect("html-page-context", citation_blocks)
    app.connect("html-page-context", add_meta_tags)
    app.connect("html-page-context", page_footer)
    app.connect("config-inited", set_base_url)
    app.connect("build-finished", write_sitemap)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": env_version()}
