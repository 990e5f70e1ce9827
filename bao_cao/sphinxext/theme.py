"""Sphinx extension: the theme's icons from a small stylesheet instead of a 1.5 MB script.

pydata-sphinx-theme loads Font Awesome's whole SVG+JS bundle (fontawesome.js, about
1.5 MB) on every page to draw a dozen icons. The book's template override drops that
script; this extension reads the icons the pages use from the same bundle at build time
and writes them as CSS masks (icons.css, a few kilobytes), so they look the same and
follow the text colour. Font Awesome Free icons: CC BY 4.0, fontawesome.com/license/free.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pydata_sphinx_theme
from sphinx.application import Sphinx

from bao_cao.sphinxext import env_version

FONTAWESOME = (
    Path(pydata_sphinx_theme.__file__).parent
    / "theme/pydata_sphinx_theme/static/scripts/fontawesome.js"
)
# Every icon the theme and the book's templates show.
ICONS = (
    "bars", "list", "magnifying-glass", "sun", "moon", "circle-half-stroke", "download",
    "chevron-down", "chevron-right", "arrow-up", "angle-right", "angle-left", "outdent",
    "xmark", "link", "bell", "triangle-exclamation",
)  # fmt: skip
# The theme also draws these with the icon font (which alone weighs 156 kB): the book
# draws them with the same masks. Selector → icon.
PSEUDO_ICONS = {
    ".admonition>.admonition-title:after, div.admonition>.admonition-title:after": "bell",
    ".admonition.warning>.admonition-title:after, div.admonition.warning>.admonition-title:after": (
        "triangle-exclamation"
    ),
    "a.reference.download:before": "download",
}
# Assets for features the book does not use: sphinx-design's cards and tabs (55 kB), and
# Thebe's live code, which would fetch its library from unpkg.com (readers are offline).
UNUSED_ASSETS = ("sphinx-design", "sphinx-thebe", "thebe")
STYLESHEET = "icons.css"


def icon_paths(script: str, names: tuple[str, ...] = ICONS) -> dict[str, tuple[int, int, str]]:
    """Width, height and SVG path of each named solid icon in Font Awesome's bundle."""
    found = {}
    for name in names:
        # Keys are quoted when they hold a dash ("arrow-up"), bare otherwise (bars).
        key = rf'(?:"{re.escape(name)}"|(?<=[,{{]){re.escape(name)})'
        shape = r':\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","(M[^"]+)"\]'
        match = re.search(key + shape, script)
        if match:
            found[name] = (int(match[1]), int(match[2]), match[3])
    return found


def _svg_url(width: int, height: int, path: str) -> str:
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">'
        f'<path d="{path}"/></svg>'
    )
    return f'url("data:image/svg+xml,{urllib.parse.quote(svg)}")'


def stylesheet(paths: dict[str, tuple[int, int, str]]) -> str:
    shape = "var(--icon) center / contain no-repeat"
    mask = f"-webkit-mask: {shape}; mask: {shape};"
    rules = [
        "/* Icons from Font Awesome Free 6 (CC BY 4.0, https://fontawesome.com/license/free),",
        "   drawn as CSS masks so they take the text colour (bao_cao.sphinxext.theme). */",
        ":root {",
        *(f"  --icon-{name}: {_svg_url(*shape)};" for name, shape in sorted(paths.items())),
        "}",
        '[class*="fa-"]:not(.theme-switch) { display: inline-block; }',
        # The theme's stylesheet also draws each icon as a glyph of the icon font.
        '.fa-solid::before, .fa-regular::before, .fa::before, [class*=" fa-"]::before '
        "{ content: none !important; }",
        ".fa-solid, .fa-regular, .fa { width: 1em; height: 1em; vertical-align: -0.125em;",
        f"  background-color: currentColor; {mask} }}",
        ".fa-lg { font-size: 1.25em; line-height: 0.05em; vertical-align: -0.075em; }",
        # The theme shows one of three switch icons as an inline box; a mask needs a block.
        *(
            f'html[data-mode="{mode}"] .theme-switch-button .theme-switch[data-mode="{mode}"] '
            "{ display: inline-block; }"
            for mode in ("auto", "light", "dark")
        ),
        *(f".fa-{name} {{ --icon: var(--icon-{name}); }}" for name in sorted(paths)),
    ]
    for selector, name in PSEUDO_ICONS.items():
        rules.append(
            f'{selector} {{ --icon: var(--icon-{name}); content: ""; font: inherit; '
            "display: inline-block; width: 1em; height: 1em; "
            f"background-color: currentColor; {mask} }}"
        )
    return "\n".join(rules) + "\n"


def drop_unused_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Leave out stylesheets and scripts for features the book does not use."""

    def unused(asset) -> bool:
        filename = str(getattr(asset, "filename", asset) or "")
        body = str(getattr(asset, "attributes", {}).get("body", ""))
        return any(name in filename.lower() or name in body.lower() for name in UNUSED_ASSETS)

    for key in ("css_files", "script_files"):
        if context.get(key):
            context[key] = [asset for asset in context[key] if not unused(asset)]


def write_stylesheet(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        paths = icon_paths(FONTAWESOME.read_text(encoding="utf-8"))
        Path(app.outdir, "_static", STYLESHEET).write_text(stylesheet(paths), encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.add_css_file(STYLESHEET)
    app.connect("build-finished", write_stylesheet)
    app.connect("html-page-context", drop_unused_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": env_version()}
