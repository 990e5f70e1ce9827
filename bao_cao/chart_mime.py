"""The mime type under which a chapter's cell hands a chart to the book: its own module, so
that the Sphinx process that renders charts needs not import matplotlib to know it."""

CHART_MIME = "application/vnd.bao-cao.chart+json"
