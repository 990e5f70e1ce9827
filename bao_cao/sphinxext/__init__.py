"""The book's Sphinx extensions, one module each, listed in _config.yml.

- `paragraphs`: the record's paragraph ids on the page and in the PDF margin, links from
  its words to the documents list and the glossary, checked word for word;
- `references`: the documents list, the glossary and the milestones, from data;
- `citations`: a citation block and meta tags on every page, the edition's version,
  per-page CSV and BibTeX downloads;
- `execution`: chapters re-execute when the data or code they read change, and only then;
- `search`: a Vietnamese search language (syllables with and without diacritics);
- `vietnamese`: the PDF's title page, the theme's Vietnamese labels;
- `theme`: the theme's icons from a small stylesheet, unused assets left out.

What a build has read from data/ (the record, its sections, the tables) is one object,
`bao_cao.sphinxext.bookdata.book_data(app)`, made once per process and shared.
"""

from __future__ import annotations

import functools

from docutils import nodes

from bao_cao.codehash import PACKAGE_ROOT, closure, files_hash


@functools.cache
def env_version() -> int:
    """A number that changes when the code that shapes pages does (the extensions and what
    they import), so that Sphinx re-reads pages instead of reusing old doctrees; a change
    to the build script, the publisher or the benchmark leaves it alone."""
    modules = [
        f"bao_cao.sphinxext.{path.stem}" for path in (PACKAGE_ROOT / "sphinxext").glob("*.py")
    ]
    return int(files_hash(closure(modules), PACKAGE_ROOT.parent), 16) % 2**31


def text_table(
    header: list[str],
    rows: list[list[str | nodes.Node]],
    classes: list[str],
    widths: list[int] | None = None,
) -> nodes.table:
    """A docutils table whose cells are text (what staff typed never read as markup).

    With `widths`, the columns keep those proportions on the web and in the PDF (where
    Sphinx's tabulary would otherwise squeeze the long columns)."""
    table = nodes.table(classes=[*classes, *(["colwidths-given"] if widths else [])])
    group = nodes.tgroup(cols=len(header))
    table += group
    group += [nodes.colspec(colwidth=width) for width in (widths or [1] * len(header))]
    head, body = nodes.thead(), nodes.tbody()
    group += [head, body]
    for target, cells in [(head, header), *((body, row) for row in rows)]:
        row_node = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            if isinstance(cell, nodes.Node):
                paragraph = nodes.paragraph()
                paragraph += cell
                entry += paragraph
            else:
                entry += nodes.paragraph(text=cell)
            row_node += entry
        target += row_node
    return table
