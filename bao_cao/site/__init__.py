"""Building and publishing the book: what runs around Sphinx, not inside it.

- `build`: validate data/, run jupyter-book (HTML, LaTeX), typeset the PDF, and swap the
  finished site into _build/html only when everything succeeded (`python -m
  bao_cao.site.build`); `sphinx_build` runs one jupyter-book builder with parallel jobs;
- `stamp`: what a build's outputs depend on, as one hash: nothing to do when it has not
  changed (standard library only); `lock`: one build at a time in a book's folder;
- `addresses`: the published addresses (published-addresses.txt), checked by every build;
- `cff`: CITATION.cff read and checked (the format's schema and the book's rules);
- `citation`: the edition's metadata from CITATION.cff, its citations and BibTeX;
- `releases`: a release kept as built (`archives`: the kept ones, checked), and the
  site assembled from all of them; `version_list`: the list of versions beside each
  copy of a release (switcher.json, phien-ban/index.html); `changes`: what changed in
  the data between two;
- `compress`: precompressed copies of the site's text files;
- `publish`: put a finished site in place of the last (the build's and the releases'
  two renames), and copy the site to a served folder and switch it in one rename;
- `names`: the names of what is published (the PDF's, the releases' folder, the
  switcher's file), standard library only.
"""
