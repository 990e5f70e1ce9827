"""Sphinx extension: the record's paragraph ids on the page, and links from its words.

Every paragraph of the record (data/record.csv) is found on its page by its exact text
and gets its id (II.6.2) as the HTML anchor, with a small visible number that links to
it, and the same number in the PDF's margin. A paragraph that cannot be found fails the
build: the chapters must carry the record's text word for word. Ids follow the record,
not the page's order of blocks, so an added note or chart changes none of them.

In those paragraphs, each mention of a cited document links to its entry in the list of
documents, and the first use on a page of each glossary term links to the glossary.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import cast

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import StandardDomain
from sphinx.util import logging, texescape

from bao_cao.data import is_missing, plain
from bao_cao.data.record import Paragraph, describe_differences
from bao_cao.sphinxext import env_version
from bao_cao.sphinxext.bookdata import book_data

logger = logging.getLogger(__name__)


def document_target(document_id: str) -> str:
    """The anchor of a document's entry in the list of documents."""
    return f"van-ban-{document_id}"


@dataclass(frozen=True)
class Mention:
    """Words of the record that name something the book can link to."""

    words: str
    target: str  # a std label (reftype "ref") or a glossary term (reftype "term")
    title: str
    reftype: str = "ref"
    # The sections whose text names it (a document's cited_in); None: every section.
    sections: frozenset[str] | None = None


def _text_without_notes(node: nodes.Element) -> str:
    parts = [
        text.astext()
        for text in node.findall(nodes.Text)
        if not any(isinstance(a, nodes.footnote_reference) for a in _ancestors(text, node))
    ]
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _ancestors(node: nodes.Node, stop: nodes.Node):
    parent = node.parent
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.parent


@dataclass(frozen=True)
class Mentions:
    """What the record's words can link to: every cited document and every glossary term."""

    documents: list[Mention]
    glossary: list[Mention]


def _document_title(row) -> str:
    number = "" if is_missing(row.number) else f" số {row.number}"
    return f"{row.kind}{number} — {row.issuer}"


def mentions(app: Sphinx) -> Mentions:
    """The mentions, made once per build from the shared tables."""
    book = book_data(app)

    def make() -> Mentions:
        documents = plain(book.table("documents"))
        glossary = plain(book.table("glossary"))
        # Longest first: "Kế hoạch của Sở Y tế …" is that plan, not the bare "Kế hoạch" of
        # II.1; and a document is linked only in the sections that cite it.
        return Mentions(
            sorted(
                (
                    Mention(
                        row.mention,
                        document_target(row.document_id),
                        _document_title(row),
                        sections=frozenset(row.cited_in.split(";")),
                    )
                    for row in documents.itertuples()
                ),
                key=lambda mention: -len(mention.words),
            ),
            [
                Mention(row.term, row.term, row.meaning or "", "term")
                for row in glossary.itertuples()
            ],
        )

    return book.derived("paragraph-mentions", make)


def anchor_paragraphs(app: Sphinx, doctree: nodes.document) -> None:
    """Give each paragraph of the record on this page its id, number and links."""
    docname = app.env.docname
    book = book_data(app)
    rows = book.paragraphs(docname)
    if not rows:
        return
    # The page's ids and links come from these tables: a change to one re-reads the page.
    for table in ("record.csv", "sections.csv", "documents.csv", "glossary.csv"):
        app.env.note_dependency(str(book.data_dir / table))
    links = mentions(app)
    candidates = [
        node
        for node in doctree.findall(lambda n: isinstance(n, nodes.paragraph | nodes.title))
        if not any(
            isinstance(a, nodes.footnote | nodes.admonition | nodes.caption)
            for a in _ancestors(node, doctree)
        )
    ]
    position = 0
    seen_terms: set[str] = set()
    for row in rows:
        for index in range(position, len(candidates)):
            if _text_without_notes(candidates[index]) == row.text:
                node = candidates[index]
                position = index + 1
                break
        else:
            logger.warning(
                "paragraph %s of the record is not on page %s word for word: %s",
                row.id,
                docname,
                _closest_difference(row, candidates[position:], app.env.doc2path(docname, False)),
                location=docname,
            )
            continue
        if isinstance(node, nodes.title):
            node.parent["ids"].append(row.id)
            _citable_label(app, docname, row.id, f"Mục {row.id}")
            continue
        node["ids"].insert(0, row.id)
        _citable_label(app, docname, row.id, f"Đoạn {row.id}")
        node["classes"].append("doan-bao-cao")
        _link_mentions(
            node, [m for m in links.documents if m.sections is None or row.section in m.sections]
        )
        _link_first_uses(node, links.glossary, seen_terms)
        node.insert(0, _paragraph_number(row.id))


def _citable_label(app: Sphinx, docname: str, identifier: str, title: str) -> None:
    """The paragraph's id as a label of Sphinx's standard domain, so that objects.inv lists
    it and a later review built with Sphinx or Jupyter Book cross-references it through
    intersphinx ({ref}`bao-cao:II.6.2`, lower-cased as Sphinx keeps labels). A chapter's
    own label of the same name keeps it."""
    standard = cast(StandardDomain, app.env.get_domain("std"))
    name = identifier.lower()
    if name not in standard.labels and name not in standard.anonlabels:
        standard.labels[name] = (docname, identifier, title)
        standard.anonlabels[name] = (docname, identifier)


def _closest_difference(row: Paragraph, candidates: list[nodes.Element], source: str) -> str:
    """Where the page's closest paragraph differs from the record, word by word."""
    texts = [_text_without_notes(node) for node in candidates]
    if not texts:
        return f"the page has no paragraph left for it: {row.text[:80]}"

    def similarity(text: str) -> float:
        return difflib.SequenceMatcher(a=row.text.split(), b=text.split()).ratio()

    closest = max(texts, key=similarity)
    if similarity(closest) < 0.5:
        return f"no paragraph on the page is close to it: {row.text[:80]}"
    differences = describe_differences(row.text, closest, "record.csv", str(source))
    return (
        f"{differences} (record.csv is checked against the report's source text: correct "
        "the chapter)"
    )


def _paragraph_number(identifier: str) -> nodes.Node:
    """A small number linking to the paragraph on the web; a margin number in the PDF."""
    web = addnodes.only(expr="html")
    web += nodes.reference(
        "", identifier, refid=identifier, classes=["so-doan"], reftitle=f"Đoạn {identifier}"
    )
    # marginnote, not marginpar: the signature block sits in a minipage, where floats are lost.
    # The id comes from record.csv: escaped, so that it is text in LaTeX too.
    pdf = nodes.raw(
        "", rf"\marginnote{{\scriptsize\sffamily {texescape.escape(identifier)}}}", format="latex"
    )
    container = nodes.inline(classes=["so-doan-wrapper"])
    container += [web, pdf]
    return container


def _link_mentions(paragraph: nodes.Element, mentions: list[Mention]) -> None:
    """Link every mention of a cited document."""
    for mention in mentions:
        while _link_first(paragraph, mention):
            pass


def _link_first_uses(paragraph: nodes.Element, mentions: list[Mention], seen: set[str]) -> None:
    """Link the first use on the page of each glossary term."""
    for mention in mentions:
        if mention.words not in seen and _link_first(paragraph, mention):
            seen.add(mention.words)


SKIPPED_PARENTS = (
    nodes.reference,
    addnodes.pending_xref,
    nodes.footnote_reference,
    nodes.literal,
)


def _link_first(paragraph: nodes.Element, mention: Mention) -> bool:
    """Turn the first unlinked occurrence of the mention's words into a link."""
    pattern = re.compile(r"(?<![\w/.-])" + re.escape(mention.words) + r"(?![\w/-])")
    for text in list(paragraph.findall(nodes.Text)):
        if any(isinstance(a, SKIPPED_PARENTS) for a in _ancestors(text, paragraph)):
            continue
        match = pattern.search(text.astext())
        if not match:
            continue
        source = text.astext()
        xref = addnodes.pending_xref(
            "",
            refdomain="std",
            reftype=mention.reftype,
            reftarget=mention.target,
            refexplicit=True,
            refwarn=True,
            reftitle=mention.title,
        )
        xref += nodes.inline(match.group(), match.group(), classes=["lien-ket-bao-cao"])
        pieces = [nodes.Text(source[: match.start()]), xref, nodes.Text(source[match.end() :])]
        parent = text.parent
        index = parent.index(text)
        parent.remove(text)
        for offset, piece in enumerate(p for p in pieces if p.astext()):
            parent.insert(index + offset, piece)
        return True
    return False


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", anchor_paragraphs)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": env_version()}
