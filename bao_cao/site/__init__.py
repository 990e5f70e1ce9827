"""Building and publishing the book: what runs around Sphinx, not inside it.

- `build`: validate data/, run jupyter-book (HTML, LaTeX), typeset the PDF, and swap the
  finished site into _build/html only when everything succeeded (`python -m
  bao_cao.site.build`);
- `addresses`: the published addresses (published-addresses.txt), checked by every build;
- `lock`: one build at a time in a book's folder;
- `cff`: CITATION.cff read and checked (the format's schema and the book's rules);
- `citation`: the edition's metadata from CITATION.cff, its citations and BibTeX;
- `publish`: copy the site to a served folder and switch it in one rename.
"""
