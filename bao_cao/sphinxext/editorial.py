"""Sphinx extension: the report's slips, noted from data/editorial_notes.csv.

The editorial policy (book/ve-an-ban.md): nothing is corrected; a slip that changes or
obscures the meaning (FOOTNOTED kinds) gets a footnote after its words in the text, or a
boxed note under a heading; the others (spacing, capitals, punctuation, spellings) are
listed only. `{danh-sach-ghi-chu}` lists every note, each linked to its paragraph.

The chapters carry the report's words only: the notes come from the table, so that the
table and the book cannot disagree. Every value is a text node, never markup.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from bao_cao.data import plain
from bao_cao.sphinxext import env_version, text_table
from bao_cao.sphinxext.bookdata import book_data

logger = logging.getLogger(__name__)

# Slips that change or obscure the meaning: a footnote in the text. The other kinds
# (khoảng trắng, chữ hoa, dấu câu, cách viết) are listed on the page of notes only.
FOOTNOTED = ("chính tả", "thiếu từ", "lặp từ", "ngày, số", "câu chữ lẫn lộn", "tên riêng")
EDITION_CLASS = "ghi-chu-bien-tap"
# Every sentence the edition writes carries this label, on the web and in print.
EDITION_LABEL = "Ấn bản: "
LABEL_CLASS = "nhan-an-ban"


def footnoted(kind: str) -> bool:
    return kind in FOOTNOTED


def _notes(app: Sphinx):
    return plain(book_data(app).table("editorial_notes"))


def _find(doctree: nodes.document, identifier: str) -> nodes.Element | None:
    for node in doctree.findall(nodes.Element):
        if identifier in node.get("ids", ()):
            return node
    return None


def _insert_mark(paragraph: nodes.Element, original: str, mark: nodes.Node) -> bool:
    """Put `mark` right after the first occurrence of `original` in the paragraph's text
    (the words may span several text nodes when a link starts inside them)."""
    texts = [
        text
        for text in paragraph.findall(nodes.Text)
        if not any(
            isinstance(a, nodes.footnote_reference | addnodes.only) for a in _ancestors(text)
        )
    ]
    joined = "".join(text.astext() for text in texts)
    found = joined.find(original)
    if found < 0:
        return False
    end = found + len(original)
    offset = 0
    for text in texts:
        length = len(text.astext())
        if offset < end <= offset + length:
            cut = end - offset
            link = _outermost_link(text, paragraph)
            if link is not None:
                # Never a link inside a link: the link is cut in two at the words' end, the
                # mark between its halves (both lead where the link led).
                left, right = _split(link, text, cut)
                index = link.parent.index(link)
                parent = link.parent
                parent.remove(link)
                for position, piece in enumerate(p for p in (left, mark, right) if p.astext()):
                    parent.insert(index + position, piece)
                return True
            source = text.astext()
            parent = text.parent
            index = parent.index(text)
            parent.remove(text)
            pieces = [nodes.Text(source[:cut]), mark, nodes.Text(source[cut:])]
            for position, piece in enumerate(p for p in pieces if p.astext() or p is mark):
                parent.insert(index + position, piece)
            return True
        offset += length
    return False


def _split(
    element: nodes.Element, text: nodes.Text, cut: int
) -> tuple[nodes.Element, nodes.Element]:
    """Two copies of `element`: its content before and after `cut` characters of `text`."""
    left, right = element.copy(), element.copy()
    found = False
    for child in element.children:
        if child is text:
            left += nodes.Text(text.astext()[:cut])
            right += nodes.Text(text.astext()[cut:])
            found = True
        elif isinstance(child, nodes.Element) and any(t is text for t in child.findall(nodes.Text)):
            child_left, child_right = _split(child, text, cut)
            left += child_left
            right += child_right
            found = True
        elif found:
            right += child.deepcopy()
        else:
            left += child.deepcopy()
    return left, right


def _outermost_link(text: nodes.Text, paragraph: nodes.Element) -> nodes.Element | None:
    """The link (a cross-reference or a reference) the text stands in, if any."""
    link = None
    for ancestor in _ancestors(text):
        if ancestor is paragraph:
            break
        if isinstance(ancestor, addnodes.pending_xref | nodes.reference):
            link = ancestor
    return link


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def note_footnotes(app: Sphinx, doctree: nodes.document) -> None:
    """Footnotes (and boxed notes under headings) for this page's slips of the meaning."""
    docname = app.env.docname
    book = book_data(app)
    rows = {row.id: row for row in book.paragraphs(docname)}
    if not rows:
        return
    app.env.note_dependency(str(book.data_dir / "editorial_notes.csv"))
    # Numbered through the book, in the report's order: "chú thích 5" is one note, on the
    # web and in the PDF, where pages of several chapters share a printed page.
    headings = {p.id for p in book.record.paragraphs if p.kind == "heading"}
    every = [
        n for n in _notes(app).itertuples() if footnoted(n.kind) and n.paragraph_id not in headings
    ]
    boxed = [
        n for n in _notes(app).itertuples() if footnoted(n.kind) and n.paragraph_id in headings
    ]
    notes = [n for n in boxed + every if n.paragraph_id in rows]
    footnotes: list[nodes.footnote] = []
    for note in notes:
        node = _find(doctree, note.paragraph_id)
        if node is None:
            continue  # paragraphs.py has already warned that the paragraph is missing
        if rows[note.paragraph_id].kind == "heading":
            box = nodes.admonition(classes=[EDITION_CLASS, "ghi-chu-tieu-de"])
            box += nodes.title(text="Ghi chú biên tập")
            box += nodes.paragraph(text=f"Tiêu đề in “{note.original}”: {note.note}")
            title = node.next_node(nodes.title)
            title.parent.insert(title.parent.index(title) + 1, box)
            continue
        number = str(every.index(note) + 1)
        slug = re.sub(r"[^a-z0-9]+", "-", note.paragraph_id.lower())
        footnote_id = f"ghi-chu-{slug}-{number}"
        # docname: what Sphinx's FootnoteDocnameUpdater gives footnotes read from a source,
        # which the PDF's footnote transforms need.
        reference = nodes.footnote_reference(
            number, number, ids=[f"{footnote_id}-ref"], refid=footnote_id, docname=docname,
            classes=[EDITION_CLASS],
        )  # fmt: skip
        if not _insert_mark(node, note.original, reference):
            logger.warning(
                "editorial note: “%s” is not in paragraph %s as the page shows it",
                note.original,
                note.paragraph_id,
                location=docname,
            )
            continue
        footnote = nodes.footnote(
            ids=[footnote_id], backrefs=[f"{footnote_id}-ref"], docname=docname,
            classes=[EDITION_CLASS],
        )  # fmt: skip
        footnote += nodes.label(number, number)
        # The words it is about first: a mark after a name may stand a few words on.
        footnote += nodes.paragraph(text=f"“{note.original}”: {note.note}")
        footnotes.append(footnote)
    if footnotes:
        section = doctree.next_node(nodes.section)
        (section or doctree).extend(footnotes)


def _label() -> nodes.inline:
    return nodes.inline(EDITION_LABEL, EDITION_LABEL, classes=[LABEL_CLASS])


def _has_label(node: nodes.Element) -> bool:
    return any(LABEL_CLASS in n.get("classes", ()) for n in node.findall(nodes.inline))


def label_edition_text(app: Sphinx, doctree: nodes.document) -> None:
    """Mark what the edition writes as the edition's: its notes and summaries (class
    ghi-chu-bien-tap), its footnotes and its figures' captions begin with the label."""
    marked = [
        node
        for node in doctree.findall(nodes.Element)
        if EDITION_CLASS in node.get("classes", ()) or isinstance(node, nodes.caption)
    ]
    for node in marked:
        if _has_label(node):
            continue
        if isinstance(node, nodes.paragraph | nodes.caption):
            node.insert(0, _label())
        elif isinstance(node, nodes.admonition):
            title = node.next_node(nodes.title)
            if title is not None:
                title.insert(0, _label())
        elif isinstance(node, nodes.footnote):
            paragraph = node.next_node(nodes.paragraph)
            if paragraph is not None:
                paragraph.insert(0, _label())


class EditionTextInPrint(SphinxPostTransform):
    """In the PDF, the edition's blocks stand in their own type (the environment
    sphinxclassghi-chu-bien-tap of the LaTeX preamble), apart from the report's words."""

    default_priority = 200
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        blocks = [
            node
            for node in self.document.findall(nodes.Element)
            if EDITION_CLASS in node.get("classes", ())
            and isinstance(node, nodes.paragraph | nodes.admonition | nodes.Sequential)
            and not isinstance(node.parent, nodes.container)
        ]
        for node in blocks:
            wrapper = nodes.container(classes=[EDITION_CLASS])
            node.replace_self(wrapper)
            wrapper += node


class NotesList(SphinxDirective):
    """Every editorial note, in the report's order, linked to its paragraph."""

    def run(self) -> list[nodes.Node]:
        book = book_data(self.env.app)
        self.env.note_dependency(str(book.data_dir / "editorial_notes.csv"))
        self.env.note_dependency(str(book.data_dir / "record.csv"))
        pages = {section.id: section.page for section in book.record.sections}
        section_of = {row.id: row.section for row in book.record.paragraphs}
        rows = []
        for note in _notes(self.env.app).itertuples():
            page = pages[section_of[note.paragraph_id]]
            shown = "chú thích trong văn bản" if footnoted(note.kind) else "chỉ liệt kê ở đây"
            rows.append(
                [
                    _paragraph_link(note.paragraph_id, page),
                    f"“{note.original}”",
                    note.kind,
                    shown,
                    note.note,
                ]
            )
        table = text_table(
            ["Đoạn", "Nguyên văn", "Loại", "Thể hiện", "Ghi chú"],
            rows,
            widths=[10, 22, 14, 14, 40],
            classes=["danh-sach-ghi-chu"],
        )
        return [table]


def _paragraph_link(identifier: str, page: str) -> nodes.Node:
    """The paragraph's id, a link to it on the web; the id alone in print (its margin
    number in the PDF says where it is)."""
    web = addnodes.only(expr="html")
    web += nodes.reference(identifier, identifier, refuri=f"{page}.html#{identifier}")
    pdf = addnodes.only(expr="latex")
    pdf += nodes.Text(identifier)
    wrapper = nodes.inline()
    wrapper += [web, pdf]
    return wrapper


def setup(app: Sphinx) -> dict:
    # After bao_cao.sphinxext.paragraphs has given the paragraphs their ids.
    app.connect("doctree-read", note_footnotes, priority=600)
    app.connect("doctree-read", label_edition_text, priority=700)
    app.add_post_transform(EditionTextInPrint)
    app.add_directive("danh-sach-ghi-chu", NotesList)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": env_version()}
