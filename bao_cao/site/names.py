"""The names the build gives what it publishes, in one place. Standard library only:
bao_cao.site.stamp reads them before any package is installed."""

from __future__ import annotations

# The whole book as a PDF, beside the site's pages (_build/html/bao-cao.pdf).
SITE_PDF_NAME = "bao-cao.pdf"


def release_pdf_name(version: str) -> str:
    """A release's PDF, named with its version: bao-cao-0.2.0.pdf."""
    stem = SITE_PDF_NAME.removesuffix(".pdf")
    return f"{stem}-{version}.pdf"


# The site's public address when CITATION.cff has no url: a host that knows where it
# publishes (GitHub Pages' configure-pages step) says it here. CITATION.cff's url wins,
# and a release needs it there (bao_cao.site.releases).
PUBLIC_URL_VARIABLE = "BAO_CAO_PUBLIC_URL"

# Where each release stays on the site: /phien-ban/0.2.0/ (and the list of versions,
# /phien-ban/index.html, for a reader without JavaScript).
RELEASES_FOLDER = "phien-ban"
# The list of released versions the theme's switcher reads, at the root of each copy of a
# release on the assembled site (bao_cao.site.releases writes it).
SWITCHER_FILE = "switcher.json"
