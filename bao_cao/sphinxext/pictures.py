"""Sphinx extension and myst-nb mime renderer: every chart as a <picture>, drawn for the
page and for a phone.

A chart drawn for the page, scaled down to a phone's 327 px, had text 5.5 to 7 px high.
A chapter's cell shows a bao_cao.charts.Chart, whose output holds two SVGs (the book's
own mime type, Chart.MIME). On the web, ChartRenderer (registered with myst-nb through
the `myst_nb.mime_renderers` entry point in pyproject.toml) makes the wide one the
figure's image, with the cell's alt text and width, and keeps the phone one beside it;
this extension copies that file into _images and writes

    <picture><source media="(max-width: 600px)" srcset="…phone.svg"><img src="…wide.svg"></picture>

so that the browser fetches only the drawing it shows. The PDF takes the chart's PDF
output, as before. The chart's table stays with the picture: it is the page's CSV
download (bao_cao.sphinxext.citations).
"""

from __future__ import annotations

import hashlib
import posixpath
from html import escape
from typing import ClassVar

from docutils import nodes
from myst_nb.core.render import MimeData, load_mime_renders
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.osutil import relative_uri

from bao_cao.chart_mime import CHART_MIME
from bao_cao.sphinxext import env_version

# The image node's attribute that keeps the chart's table (read at build-finished for the
# page's CSV: myst-nb renders every output's mime types when it reads the page, so the
# table is in the doctree Sphinx keeps).
CHART_TABLE = "chart_table"

# A phone in portrait, and a small tablet: where the wide drawing's text fell under 11 px.
PHONE_MEDIA = "(max-width: 600px)"


class ChartRenderer:
    """myst-nb's renderer for CHART_MIME: the wide SVG as the image, the phone SVG kept."""

    mime_priority_overrides: ClassVar[list[tuple[str, str, int]]] = [
        (builder, CHART_MIME, 5) for builder in ("html", "dirhtml", "singlehtml", "readthedocs")
    ]

    @staticmethod
    def handle_mime(renderer, data: MimeData, inline: bool) -> list[nodes.Element] | None:
        if data.mime_type != CHART_MIME:
            return None
        drawings = data.content
        wide = MimeData(
            "image/svg+xml",
            drawings["wide"],
            cell_metadata=data.cell_metadata,
            cell_index=data.cell_index,
            output_index=data.output_index,
            line=data.line,
        )
        image_nodes = renderer.render_image(wide)
        phone = drawings["phone"].encode("utf-8")
        name = f"{hashlib.sha256(phone).hexdigest()}.svg"
        image_nodes[0]["phone"] = renderer.write_file([name], phone, exists_ok=True)
        if "table" in drawings:
            image_nodes[0][CHART_TABLE] = drawings["table"]
        return image_nodes


def chart_tables(doctree: nodes.document) -> list[dict]:
    """The tables of a page's charts, in order ({"columns": [...], "rows": [[...]]})."""
    return [image[CHART_TABLE] for image in doctree.findall(nodes.image) if image.get(CHART_TABLE)]


def register_phone_drawings(app: Sphinx, doctree: nodes.document) -> None:
    """The phone drawing is an image of the page like the wide one: Sphinx copies it."""
    for image in doctree.findall(nodes.image):
        if image.get("phone"):
            image["phone"] = image["phone"].lstrip("/")
            app.env.images.add_file(app.env.docname, image["phone"])


def phone_addresses(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Where the page finds the phone drawing, once Sphinx has named it in _images."""
    images = getattr(app.builder, "images", None)
    if images is None or app.builder.format != "html":
        return
    folder = relative_uri(app.builder.get_target_uri(docname), app.builder.imagedir)
    for image in doctree.findall(nodes.image):
        source = image.get("phone")
        if source and source in app.env.images:
            images[source] = app.env.images[source][1]
            image["phone_address"] = posixpath.join(folder, images[source])


def visit_image(self, node: nodes.image) -> None:
    address = node.get("phone_address")
    if address:
        self.body.append(
            f'<picture><source media="{PHONE_MEDIA}" srcset="{escape(address)}" '
            'type="image/svg+xml">'
        )
    type(self).visit_image(self, node)


def depart_image(self, node: nodes.image) -> None:
    type(self).depart_image(self, node)
    if node.get("phone_address"):
        self.body.append("</picture>")


def check_renderer_installed(app: Sphinx) -> None:
    """Without the entry point (the package not installed), charts would silently lose their
    phone drawing: say how to install it."""
    if not any(renderer is ChartRenderer for renderer in load_mime_renders()):
        raise ExtensionError(
            "myst-nb does not know the book's chart renderer: install the package "
            "(.venv/bin/pip install --no-deps --editable .), as scripts/build.sh does"
        )


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", check_renderer_installed)
    app.connect("doctree-read", register_phone_drawings)
    app.connect("doctree-resolved", phone_addresses)
    app.add_node(nodes.image, override=True, html=(visit_image, depart_image))
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": env_version()}
