"""The book's code: data → this package → chapters (book/) → outputs (_build/).

- `bao_cao.figures`, `bao_cao.charts`, `bao_cao.fmt`: what chapters call — a figure's
  data and glued numbers, the charts in one style, Vietnamese formatting;
- `bao_cao.data`: reading and validating data/, the record of the report
  (`python -m bao_cao.data.validate`);
- `bao_cao.sphinxext`: the Sphinx extensions (paragraph ids, documents and glossary,
  citations, data-aware execution, Vietnamese search and labels, theme fixes);
- `bao_cao.site`: building, checking the published addresses, citing, publishing
  (`python -m bao_cao.site.build`).

Development tools (the build benchmark, page weights) are in benchmarks/, outside it.
"""
